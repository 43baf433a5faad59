"""Fill an empty site with the demo outlet, "The Daily Ledger".

Every write goes through :mod:`newsdesk.content.actions`, as an editor's would, so
counts, slugs, summaries and the audit log come out exactly as in real use.

Deterministic: titles, bodies, tags, pictures and slugs are the same on every run,
and every date is a fixed offset from the *anchor* (by default the current hour), so
the demo always looks current: a few posts in the last 48 hours (the news sitemap),
the rest spread over the past year, one post scheduled three days ahead.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from newsdesk.content import actions
from newsdesk.content.models import (
    Author,
    Category,
    FollowLink,
    Image,
    Menu,
    MenuItem,
    Page,
    Post,
    Series,
    SiteSettings,
    Status,
    Tag,
)
from newsdesk.demo import newsroom
from newsdesk.demo.art import AVATAR_SIZE, artwork
from newsdesk.demo.persian import PERSIAN_STORIES
from newsdesk.demo.stories import DRAFT, SCHEDULED, SERIES_PARTS, STORIES, Story

SEED = "the-daily-ledger"
SCHEDULED_AHEAD = timedelta(days=3)
# Stories without a fixed age fall somewhere between three days and a year ago.
OLDEST, NEWEST = timedelta(days=362), timedelta(days=3)


class SiteNotEmpty(Exception):
    """The demo only fills an empty site; it never mixes with real content."""


@dataclass
class DemoReport:
    anchor: datetime
    published: int = 0
    scheduled: int = 0
    drafts: int = 0
    tags: int = 0
    authors: int = 0
    images: int = 0

    def __str__(self) -> str:
        return (
            f"Loaded the demo outlet “{newsroom.OUTLET['name']}”: {self.published} published "
            f"posts, {self.scheduled} scheduled, {self.drafts} draft, {self.tags} tags, "
            f"{self.authors} authors, {self.images} images "
            f"(dates relative to {self.anchor:%Y-%m-%d %H:%M} UTC)."
        )


def site_is_empty() -> bool:
    return not Post.objects.exists() and not Page.objects.exists()


def default_anchor() -> datetime:
    """The current hour: recent enough that the newest posts are hours old."""
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def build(anchor: datetime | None = None) -> DemoReport:
    """Write the whole outlet in one transaction; refuse if the site has posts or pages."""
    if not site_is_empty():
        raise SiteNotEmpty(
            "This site already has posts or pages; the demo only fills an empty site."
        )
    anchor = anchor or default_anchor()
    with transaction.atomic():
        return _Newsroom(anchor).publish_everything()


@dataclass
class _Newsroom:
    anchor: datetime
    report: DemoReport = field(init=False)
    sections: dict[str, Category] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    reporters: dict[str, Author] = field(default_factory=dict)
    series: Series | None = None

    def __post_init__(self) -> None:
        self.report = DemoReport(self.anchor)

    def publish_everything(self) -> DemoReport:
        self._settings()
        self._sections()
        self._tags()
        self._reporters()
        self._series()
        stories = [*STORIES, *PERSIAN_STORIES]
        dated = sorted(
            ((self.anchor - _age(story), number, story) for number, story in enumerate(stories)),
            key=lambda item: (item[0], item[1]),
        )
        for when, number, story in dated:  # oldest first, as a newsroom would have
            self._file(story, number, Status.PUBLISHED, when)
        self._file(SCHEDULED, len(stories), Status.SCHEDULED, self.anchor + SCHEDULED_AHEAD)
        self._file(DRAFT, len(stories) + 1, Status.DRAFT, None)
        self._pages()
        self._menus()
        self._follow_links()
        self.report.tags = len(self.tags)
        self.report.authors = len(self.reporters)
        return self.report

    # --- site-wide ---------------------------------------------------------------------

    def _settings(self) -> None:
        settings = SiteSettings.current()
        for name, value in newsroom.OUTLET.items():
            setattr(settings, name, value)
        settings.permalink_style = SiteSettings.Permalink.SLUG
        actions.save_site_item(settings)

    def _sections(self) -> None:
        for name, slug, parent, description in newsroom.CATEGORIES:
            section = Category(
                name=name,
                slug=slug,
                parent=self.sections.get(parent) if parent else None,
                description=description,
            )
            actions.save_term(section)
            self.sections[slug] = section

    def _tags(self) -> None:
        """Every tag the stories use, in order of first use."""
        for story in (*STORIES, *PERSIAN_STORIES, SCHEDULED, DRAFT):
            for name in story.tags:
                if name not in self.tags:
                    tag = Tag(name=name, description=newsroom.TAG_DESCRIPTIONS.get(name, ""))
                    actions.save_term(tag)
                    self.tags[name] = tag

    def _reporters(self) -> None:
        for reporter in newsroom.REPORTERS:
            picture = artwork(reporter.display_name, reporter.palette, AVATAR_SIZE)
            avatar = self._image(
                f"ledger-author-{reporter.key}.jpg",
                picture,
                title=f"Avatar of {reporter.display_name}",
                alt=f"{picture.description}, the avatar of {reporter.display_name}",
                caption="",
            )
            author = Author(display_name=reporter.display_name, bio=reporter.bio, avatar=avatar)
            actions.save_term(author)
            self.reporters[reporter.key] = author

    def _series(self) -> None:
        self.series = Series(**newsroom.SERIES)
        actions.save_term(self.series)

    # --- stories -----------------------------------------------------------------------

    def _file(self, story: Story, number: int, status: str, when: datetime | None) -> Post:
        beat = newsroom.BEATS[story.beat]
        by = story.by or beat.reporter or "staff"
        authors = [] if by == "staff" else [self.reporters[key] for key in by.split("+")]
        part = SERIES_PARTS.index(story.title) + 1 if story.title in SERIES_PARTS else None
        post = Post(
            title=story.title,
            body=story.body or _body(story),
            excerpt=story.excerpt,
            status=status,
            published_at=when,
            language=story.language,
            byline=newsroom.STAFF_BYLINE if by == "staff" else "",
            sticky=story.sticky,
            series=self.series if part else None,
            series_part=part,
            featured_image=self._featured_image(story, number) if story.image else None,
        )
        actions.save_post(
            post,
            tags=[self.tags[name] for name in story.tags],
            categories=[self.sections[story.category or beat.category]],
            authors=authors,
        )
        if post.status == Status.PUBLISHED:
            self.report.published += 1
        elif post.status == Status.SCHEDULED:
            self.report.scheduled += 1
        else:
            self.report.drafts += 1
        return post

    def _featured_image(self, story: Story, number: int) -> Image:
        beat = newsroom.BEATS[story.beat]
        picture = artwork(story.title, beat.palette)
        section = self.sections[story.category or beat.category].name
        if story.language == "fa":
            return self._image(
                f"ledger-{number:03d}.jpg",
                picture,
                title=picture.description_fa,
                alt=f"طرحی انتزاعی: {picture.description_fa}",
                caption=f"{picture.description_fa}، ساخته‌شده برای بخش {section}.",
            )
        return self._image(
            f"ledger-{number:03d}.jpg",
            picture,
            title=picture.description,
            alt=f"Abstract artwork: {picture.description.lower()}",
            caption=f"{picture.description}, made for the {section} desk.",
        )

    def _image(self, name: str, picture, *, title: str, alt: str, caption: str) -> Image:
        image = Image(
            title=title,
            alt_text=alt,
            caption=caption,
            credit=newsroom.IMAGE_CREDIT,
            width=picture.width,
            height=picture.height,
        )
        image.file.save(name, ContentFile(picture.jpeg), save=False)
        actions.save_image(image)
        self.report.images += 1
        return image

    # --- pages, menus, follow links ----------------------------------------------------

    def _pages(self) -> None:
        for title, body in newsroom.PAGES:
            page = Page(
                title=title,
                body=body,
                status=Status.PUBLISHED,
                published_at=self.anchor - OLDEST,
            )
            actions.save_page(page)

    def _menus(self) -> None:
        primary = [("Home", "/")] + [
            (self.sections[slug].name, self.sections[slug].get_absolute_url())
            for slug in ("news", "weather", "science", "culture", "sport", "فارسی")
        ]
        footer = [(page.title, page.get_absolute_url()) for page in Page.objects.order_by("pk")]
        # The "left" location stays unassigned: the site shows nothing there.
        for name, location, items in (
            ("Main menu", Menu.Location.PRIMARY, primary),
            ("Footer", Menu.Location.FOOTER, footer),
        ):
            menu = Menu(name=name, location=location)
            actions.save_site_item(menu)
            for position, (label, url) in enumerate(items):
                actions.save_site_item(MenuItem(menu=menu, label=label, url=url, position=position))

    def _follow_links(self) -> None:
        for position, (network, url) in enumerate(newsroom.FOLLOW_LINKS):
            actions.save_site_item(FollowLink(network=network, url=url, position=position))


def _age(story: Story) -> timedelta:
    """How long before the anchor a story ran: fixed where the story says, else seeded."""
    if story.hours_ago is not None:
        return timedelta(hours=story.hours_ago)
    rng = _seeded("date", story.title)
    minutes = rng.randrange(int(NEWEST.total_seconds()) // 60, int(OLDEST.total_seconds()) // 60)
    return timedelta(minutes=minutes - minutes % 5)


def _body(story: Story) -> str:
    """Lead, detail, a subheading, desk paragraphs, a quote, maybe a list, a closing line."""
    beat = newsroom.BEATS[story.beat]
    rng = _seeded("body", story.title)
    first, second = rng.sample(beat.paragraphs, 2)
    words, who = rng.choice(beat.quotes)
    parts = [
        _p(story.lead),
        _p(story.detail),
        "<!--more-->",  # cards show the lead and the detail, as an editor would choose
        f"<h2>{escape(rng.choice(beat.subheadings), quote=False)}</h2>",
        _p(first),
        f"<blockquote>{_p(words)}<cite>{escape(who[:1].upper() + who[1:], quote=False)}</cite>"
        "</blockquote>",
        _p(second),
    ]
    if story.video:
        parts.append(story.video)  # alone on its line: becomes an embed placeholder
    if rng.random() < 0.5:
        heading, items = rng.choice(beat.lists)
        parts.append(f"<h3>{escape(heading, quote=False)}</h3>")
        parts.append(
            "<ul>" + "".join(f"<li>{escape(item, quote=False)}</li>" for item in items) + "</ul>"
        )
    parts.append(_p(rng.choice(beat.closings)))
    return "\n".join(parts)


def _seeded(purpose: str, title: str) -> random.Random:
    """The same numbers for the same story on every run (never used for secrets)."""
    return random.Random(f"{SEED}:{purpose}:{title}")  # noqa: S311


def _p(text: str) -> str:
    return f"<p>{escape(text, quote=False)}</p>"
