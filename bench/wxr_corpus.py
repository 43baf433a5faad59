"""A deterministic synthetic WordPress export (WXR 1.2) for the import benchmark.

    python -m bench.wxr_corpus --posts 10000 --out bench/out/wxr-10000.xml

Shaped like a real news site's export: authors, a category tree, a tag vocabulary
that grows slower than the archive (tags used unevenly), classic and block-editor
bodies with [caption], [gallery], embeds and <!--more-->, drafts and scheduled
posts, sticky posts, threaded comments, and attachments listed *after* the posts
that use them as featured images (as WordPress exports them), so the importer must
resolve references late. Written as a stream: memory does not grow with --posts.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

WORDS = (
    "council budget river bridge election school harbour festival museum library weather "
    "storm rail station energy water market housing court report study science health "
    "clinic farmers harvest coast forest park theatre orchestra league match season "
    "minister committee vote reform transport airport tunnel archive survey research data "
    "winter summer spring autumn city village province district region border trade"
).split()
SITE = "https://news.example"
HEAD = f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Synthetic News</title>
	<link>{SITE}</link>
	<description>A benchmark export</description>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>{SITE}</wp:base_site_url>
	<wp:base_blog_url>{SITE}</wp:base_blog_url>
"""
AUTHORS = 25
CATEGORIES = 60
ATTACHMENT_EVERY = 3  # one attachment per three posts
ATTACHMENT_ID_BASE = 10_000_000
PAGE_BODY = "About us.\n\nContact the newsroom."


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(2, 5)))


def tag_count(posts: int) -> int:
    return 300 + posts // 20


def classic_body(rng: random.Random, number: int, attachments: list[int]) -> str:
    parts = [paragraph(rng), "<!--more-->"]
    for index in range(rng.randint(2, 5)):
        parts.append(paragraph(rng))
        if index == 0 and attachments:
            image = attachments[0]
            parts.append(
                f'[caption id="attachment_{image}" align="alignnone" width="640"]'
                f'<img src="{SITE}/wp-content/uploads/2020/01/photo-{image}.jpg" '
                f'alt="Photo {image}" width="640" height="480" /> {sentence(rng, 6)}[/caption]'
            )
    if number % 17 == 0:
        parts.append("https://www.youtube.com/watch?v=" + f"{number:011d}")
    if number % 23 == 0 and attachments:
        parts.append("[gallery]")
    if number % 41 == 0:
        parts.append('[contact-form-7 id="12" title="Tips"]')
    return "\n\n".join(parts)


def block_body(rng: random.Random, number: int) -> str:
    blocks = []
    for _ in range(rng.randint(3, 6)):
        blocks.append(f"<!-- wp:paragraph -->\n<p>{paragraph(rng)}</p>\n<!-- /wp:paragraph -->")
    blocks.insert(1, "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->")
    blocks.append(
        f'<!-- wp:heading {{"level":3}} -->\n<h3>{sentence(rng, 4)}</h3>\n<!-- /wp:heading -->'
    )
    if number % 29 == 0:
        url = f"https://twitter.com/newsdesk/status/{number}"
        blocks.append(
            f'<!-- wp:embed {{"url":"{url}","type":"rich"}} -->\n<figure class="wp-block-embed">'
            f'<div class="wp-block-embed__wrapper">\n{url}\n</div></figure>\n<!-- /wp:embed -->'
        )
    return "\n\n".join(blocks)


def comments(rng: random.Random, number: int, when: datetime) -> str:
    out = []
    count = rng.choice((0, 0, 0, 1, 2, 3, 5))
    for index in range(count):
        comment_id = number * 10 + index
        parent = number * 10 + index - 1 if index and rng.random() < 0.4 else 0
        stamp = (when + timedelta(hours=index + 1)).strftime("%Y-%m-%d %H:%M:%S")
        out.append(
            f"""		<wp:comment>
			<wp:comment_id>{comment_id}</wp:comment_id>
			<wp:comment_author>{cdata(f"Reader {rng.randint(1, 999)}")}</wp:comment_author>
			<wp:comment_author_email>reader{index}@example.invalid</wp:comment_author_email>
			<wp:comment_author_IP>192.0.2.1</wp:comment_author_IP>
			<wp:comment_date>{stamp}</wp:comment_date>
			<wp:comment_date_gmt>{stamp}</wp:comment_date_gmt>
			<wp:comment_content>{cdata(sentence(rng, rng.randint(5, 25)))}</wp:comment_content>
			<wp:comment_approved>{"1" if rng.random() < 0.9 else "0"}</wp:comment_approved>
			<wp:comment_type>{"pingback" if rng.random() < 0.05 else "comment"}</wp:comment_type>
			<wp:comment_parent>{parent}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
"""
        )
    return "".join(out)


def post_item(rng: random.Random, number: int, posts: int, start: datetime) -> str:
    when = start + timedelta(minutes=number * 37)
    status = "publish"
    if number % 97 == 0:
        status = "draft"
    elif number == posts - 1:
        status = "future"
        when = datetime(2099, 1, 1, 9, tzinfo=UTC)
    title = sentence(rng, rng.randint(5, 11))[:-1]
    slug = f"{'-'.join(title.lower().split()[:6])}-{number}"
    stamp = when.strftime("%Y-%m-%d %H:%M:%S")
    has_image = number % ATTACHMENT_EVERY == 0
    attachments = [ATTACHMENT_ID_BASE + number] if has_image else []
    body = block_body(rng, number) if number % 2 else classic_body(rng, number, attachments)
    # A few tags on many posts, most on few (Zipf-like), as in a newsroom's archive.
    vocabulary = tag_count(posts)
    tags = [min(int(rng.paretovariate(0.8)) - 1, vocabulary - 1) for _ in range(rng.randint(0, 6))]
    categories = {rng.randrange(CATEGORIES) for _ in range(rng.randint(1, 2))}
    terms = "".join(
        f'\t\t<category domain="category" nicename="section-{c}">{cdata(f"Section {c}")}</category>\n'
        for c in sorted(categories)
    ) + "".join(
        f'\t\t<category domain="post_tag" nicename="topic-{t}">{cdata(f"Topic {t}")}</category>\n'
        for t in sorted(set(tags))
    )
    meta = ""
    if has_image:
        meta = (
            "\t\t<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
            f"<wp:meta_value>{ATTACHMENT_ID_BASE + number}</wp:meta_value></wp:postmeta>\n"
        )
    excerpt = sentence(rng, 12) if number % 5 == 0 else ""
    link = f"{SITE}/{when:%Y/%m/%d}/{slug}/" if status == "publish" else f"{SITE}/?p={number + 1}"
    return f"""	<item>
		<title>{cdata(title)}</title>
		<link>{link}</link>
		<pubDate>{when:%a, %d %b %Y %H:%M:%S} +0000</pubDate>
		<dc:creator>{cdata(f"reporter{number % AUTHORS}")}</dc:creator>
		<guid isPermaLink="false">{SITE}/?p={number + 1}</guid>
		<description></description>
		<content:encoded>{cdata(body)}</content:encoded>
		<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
		<wp:post_id>{number + 1}</wp:post_id>
		<wp:post_date>{stamp}</wp:post_date>
		<wp:post_date_gmt>{stamp if status != "draft" else "0000-00-00 00:00:00"}</wp:post_date_gmt>
		<wp:post_modified>{stamp}</wp:post_modified>
		<wp:post_modified_gmt>{stamp}</wp:post_modified_gmt>
		<wp:comment_status>open</wp:comment_status>
		<wp:ping_status>open</wp:ping_status>
		<wp:post_name>{cdata(slug)}</wp:post_name>
		<wp:status>{status}</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type>post</wp:post_type>
		<wp:post_password></wp:post_password>
		<wp:is_sticky>{1 if number % 2500 == 0 else 0}</wp:is_sticky>
{terms}{meta}{comments(rng, number, when)}	</item>
"""


def attachment_item(number: int, start: datetime) -> str:
    wp_id = ATTACHMENT_ID_BASE + number
    when = start + timedelta(minutes=number * 37)
    url = f"{SITE}/wp-content/uploads/2020/01/photo-{wp_id}.jpg"
    return f"""	<item>
		<title>{cdata(f"Photo {wp_id}")}</title>
		<link>{SITE}/{when:%Y/%m/%d}/photo-{wp_id}/</link>
		<guid isPermaLink="false">{url}</guid>
		<content:encoded>{cdata("")}</content:encoded>
		<excerpt:encoded>{cdata(f"Caption of photo {wp_id}, by a staff photographer.")}</excerpt:encoded>
		<wp:post_id>{wp_id}</wp:post_id>
		<wp:post_date>{when:%Y-%m-%d %H:%M:%S}</wp:post_date>
		<wp:post_name>{cdata(f"photo-{wp_id}")}</wp:post_name>
		<wp:status>inherit</wp:status>
		<wp:post_parent>{number + 1}</wp:post_parent>
		<wp:post_type>attachment</wp:post_type>
		<wp:attachment_url>{url}</wp:attachment_url>
		<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2020/01/photo-{wp_id}.jpg</wp:meta_value></wp:postmeta>
		<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>{cdata(f"Alt text {wp_id}")}</wp:meta_value></wp:postmeta>
		<wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key><wp:meta_value>{cdata('a:2:{s:5:"width";i:1280;s:6:"height";i:960;}')}</wp:meta_value></wp:postmeta>
	</item>
"""


def page_item(number: int) -> str:
    parent = 0 if number < 10 else 900_000 + number % 10
    return f"""	<item>
		<title>{cdata(f"Page {number}")}</title>
		<link>{SITE}/page-{number}/</link>
		<guid isPermaLink="false">{SITE}/?page_id={900_000 + number}</guid>
		<content:encoded>{cdata(PAGE_BODY)}</content:encoded>
		<excerpt:encoded>{cdata("")}</excerpt:encoded>
		<wp:post_id>{900_000 + number}</wp:post_id>
		<wp:post_date>2020-01-01 00:00:00</wp:post_date>
		<wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt>
		<wp:post_name>{cdata(f"page-{number}")}</wp:post_name>
		<wp:status>publish</wp:status>
		<wp:post_parent>{parent}</wp:post_parent>
		<wp:menu_order>{number}</wp:menu_order>
		<wp:post_type>page</wp:post_type>
	</item>
"""


def write(path: Path, posts: int, seed: int = 20240501) -> None:
    """Write an export of ``posts`` posts (and their attachments, comments, terms)."""
    rng = random.Random(seed)
    start = datetime(2015, 1, 1, 6, tzinfo=UTC)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for author in range(AUTHORS):
            out.write(
                f"\t<wp:author><wp:author_id>{author + 2}</wp:author_id>"
                f"<wp:author_login>{cdata(f'reporter{author}')}</wp:author_login>"
                f"<wp:author_email>reporter{author}@news.example</wp:author_email>"
                f"<wp:author_display_name>{cdata(f'Reporter {author}')}</wp:author_display_name>"
                "</wp:author>\n"
            )
        for c in range(CATEGORIES):
            parent = f"section-{c % 10}" if c >= 10 else ""
            out.write(
                f"\t<wp:category><wp:term_id>{c + 1}</wp:term_id>"
                f"<wp:category_nicename>section-{c}</wp:category_nicename>"
                f"<wp:category_parent>{parent}</wp:category_parent>"
                f"<wp:cat_name>{cdata(f'Section {c}')}</wp:cat_name>"
                f"<wp:category_description>{cdata(escape(sentence(rng, 8)))}</wp:category_description>"
                "</wp:category>\n"
            )
        for t in range(tag_count(posts)):
            out.write(
                f"\t<wp:tag><wp:term_id>{100_000 + t}</wp:term_id>"
                f"<wp:tag_slug>topic-{t}</wp:tag_slug><wp:tag_name>{cdata(f'Topic {t}')}</wp:tag_name>"
                "</wp:tag>\n"
            )
        for number in range(20):
            out.write(page_item(number))
        # Posts in batches, each followed by its attachments (WordPress lists items by ID).
        for first in range(0, posts, 100):
            numbers = range(first, min(first + 100, posts))
            for number in numbers:
                out.write(post_item(rng, number, posts, start))
            for number in numbers:
                if number % ATTACHMENT_EVERY == 0:
                    out.write(attachment_item(number, start))
        out.write("</channel>\n</rss>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=20240501)
    args = parser.parse_args()
    write(args.out, args.posts, args.seed)
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.1f} MB, {args.posts} posts")


if __name__ == "__main__":
    main()
