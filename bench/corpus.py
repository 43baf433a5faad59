"""A deterministic benchmark corpus: N posts, ~N/20 tags used unevenly (Zipf), ~6 tags a
post, featured images as records, some Persian posts.

    python -m bench.corpus --posts 10000      (honours NEWSDESK_DATA_DIR / DATABASE_URL)

Rows are written in bulk (a benchmark fixture, not an editorial write), bodies and
summaries go through the same rendering the actions use, and the kept counts are
recomputed by the action that repairs them.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import UTC, datetime, timedelta
from itertools import accumulate

WORDS = (
    "council budget river bridge election school harbour festival museum library weather "
    "storm rail station energy water market housing court report study science health "
    "clinic farmers harvest coast forest park theatre orchestra league match season "
    "minister committee vote reform transport airport tunnel archive survey research data "
    "winter summer spring autumn city village province district region border trade"
).split()
PERSIAN_WORDS = (
    "شهر شورا بودجه رودخانه پل انتخابات مدرسه بندر جشنواره موزه کتابخانه هوا باران "
    "قطار ایستگاه انرژی آب بازار مسکن دادگاه گزارش پژوهش علم سلامت کشاورز برداشت"
).split()
BATCH = 2000


def _sentence(rng: random.Random, words: list[str], length: int) -> str:
    chosen = [rng.choice(words) for _ in range(length)]
    return " ".join(chosen).capitalize() + "."


def _body(rng: random.Random, words: list[str]) -> str:
    paragraphs = []
    for n in range(6):
        if n == 3:
            paragraphs.append(f"<h2>{_sentence(rng, words, 4)[:-1]}</h2>")
        text = " ".join(_sentence(rng, words, rng.randint(8, 16)) for _ in range(4))
        paragraphs.append(f"<p>{text}</p>")
    paragraphs.insert(2, f"<blockquote><p>{_sentence(rng, words, 12)}</p></blockquote>")
    return "\n".join(paragraphs)


def build(posts: int, seed: int = 2024, verbose: bool = True) -> dict:
    from django.db import connection, transaction

    from newsdesk.content import actions
    from newsdesk.content.html import render_body, summarise
    from newsdesk.content.models import (
        Author,
        Category,
        FollowLink,
        Image,
        Menu,
        MenuItem,
        Post,
        PostAuthor,
        PostCategory,
        PostTag,
        SiteSettings,
        Status,
        Tag,
    )

    if Post.objects.exists():
        raise SystemExit("the database already has posts; use an empty data folder")
    started = time.perf_counter()
    rng = random.Random(seed)
    tag_total = max(30, posts // 20)
    with transaction.atomic():
        settings = SiteSettings(
            name="Benchmark Herald",
            tagline="Ten thousand stories",
            copyright_holder="Benchmark Herald",
        )
        settings.save()
        menu = Menu.objects.create(name="Main", location=Menu.Location.PRIMARY)
        for position, label in enumerate(["World", "City", "Science", "Culture"]):
            MenuItem.objects.create(
                menu=menu, label=label, url=f"/category/{label.lower()}/", position=position
            )
        FollowLink.objects.create(network="telegram", url="https://t.me/example", position=1)
        FollowLink.objects.create(network="x", url="https://x.com/example", position=2)
        tags = Tag.objects.bulk_create(
            [
                Tag(name=f"{rng.choice(WORDS).title()} {n}", slug=f"topic-{n}")
                for n in range(tag_total)
            ]
        )
        categories = Category.objects.bulk_create(
            [
                Category(name=name, slug=name.lower(), path=name.lower())
                for name in ["World", "City", "Science", "Culture", "Sport", "Opinion"]
            ]
        )
        authors = Author.objects.bulk_create(
            [Author(display_name=f"Writer {n}", slug=f"writer-{n}") for n in range(40)]
        )
        # Zipf-like weights: a few tags on thousands of posts, a long tail on a handful.
        weights = [1 / (rank + 1) ** 0.9 for rank in range(tag_total)]
        cumulative = list(accumulate(weights))  # choices() would sum them on every call
        start = datetime(2025, 11, 1, 8, tzinfo=UTC) - timedelta(minutes=45 * posts)
        bodies_en = [_body(rng, WORDS) for _ in range(50)]
        bodies_fa = [_body(rng, PERSIAN_WORDS) for _ in range(10)]
        rendered = {
            body: (render_body(body), summarise("", body)) for body in bodies_en + bodies_fa
        }
        for offset in range(0, posts, BATCH):
            count = min(BATCH, posts - offset)
            images = Image.objects.bulk_create(
                [
                    Image(
                        file=f"bench/{offset + n}.jpg",
                        title=f"Picture {offset + n}",
                        alt_text=f"Scene number {offset + n}",
                        caption="A scene from the day.",
                        credit="Photo: Bench Studio",
                        width=1200,
                        height=675,
                    )
                    for n in range(count)
                ]
            )
            batch_posts, picks = [], []
            for n in range(count):
                number = offset + n
                persian = number % 20 == 7
                words = PERSIAN_WORDS if persian else WORDS
                body = rng.choice(bodies_fa if persian else bodies_en)
                html, summary = rendered[body]
                when = start + timedelta(minutes=45 * number)
                batch_posts.append(
                    Post(
                        title=_sentence(rng, words, rng.randint(5, 9))[:-1],
                        slug=f"story-{number}",
                        body=body,
                        body_html=html,
                        summary=summary,
                        status=Status.PUBLISHED,
                        published_at=when,
                        updated_at=when,
                        created_at=when,
                        language="fa" if persian else "en",
                        featured_image=images[n],
                        byline="Staff Writer" if number % 11 == 0 else "",
                    )
                )
                chosen = set()
                while len(chosen) < 6:
                    chosen.add(rng.choices(range(tag_total), cum_weights=cumulative)[0])
                picks.append(
                    (sorted(chosen), rng.randrange(len(categories)), rng.randrange(len(authors)))
                )
            created = Post.objects.bulk_create(batch_posts)
            post_tags, post_categories, post_authors = [], [], []
            for post, (tag_indexes, category_index, author_index) in zip(
                created, picks, strict=True
            ):
                live = {"post": post, "published_at": post.published_at, "live": True}
                post_tags += [
                    PostTag(tag=tags[i], position=p, **live) for p, i in enumerate(tag_indexes)
                ]
                post_categories.append(PostCategory(category=categories[category_index], **live))
                post_authors.append(PostAuthor(author=authors[author_index], position=0, **live))
            PostTag.objects.bulk_create(post_tags)
            PostCategory.objects.bulk_create(post_categories)
            PostAuthor.objects.bulk_create(post_authors)
            if verbose:
                print(f"  {offset + count:>7} posts", end="\r", flush=True)
        actions.recount_all()
    if connection.vendor == "postgresql":
        # A live PostgreSQL has planner statistics (autovacuum keeps them); a table
        # filled a second ago has none until autovacuum comes by, and the figures would
        # depend on whether it has.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    popular = Tag.objects.order_by("-post_count").first()
    summary = {
        "posts": posts,
        "tags": tag_total,
        "popular_tag": popular.slug,
        "popular_tag_posts": popular.post_count,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if verbose:
        print(f"\ncorpus: {summary}")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2024)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    build(arguments.posts, arguments.seed)


if __name__ == "__main__":
    main()
