"""Rendered post cards, remembered by each worker between requests.

A card is most of an archive page's work (links, dates, escaping). It changes only
when its post changes (``updated_at``) or when something every card may show
changes (a renamed tag or author, an edited image, the site settings: the site's
``generation`` goes up), so it is keyed on both, plus the languages it was written
for. Stale entries are never read again and age out of the bounded memo.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from django.template.loader import render_to_string
from django.utils import translation
from markupsafe import Markup

from newsdesk import memos
from newsdesk.content import editions, queries
from newsdesk.content.models import SiteSettings

CAPACITY = 5000
_LAZY = ' loading="lazy"'
_EAGER = ' fetchpriority="high"'


class Memo:
    """A small thread-safe LRU map."""

    def __init__(self, capacity: int = CAPACITY):
        self.capacity = capacity
        self._items: OrderedDict = OrderedDict()
        self._lock = Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


cards_memo = memos.register("post cards", Memo(), when=memos.GENERATION)


def card_list(
    post_ids: list[int],
    site: SiteSettings,
    lang: str,
    ui_lang: str,
    edition: str = "",
    versions: dict[int, object] | None = None,
) -> list[Markup]:
    """The cards of ``post_ids`` in order, in the words of ``lang`` (the edition's, or
    the site's); only changed or unseen ones are rendered. ``versions`` (post id →
    updated_at) saves a query when the caller has read them.

    The first card's image loads eagerly (it is usually in the first screen)."""
    if versions is None:
        versions = queries.card_versions(post_ids)
    ids = [pk for pk in post_ids if pk in versions]
    keys = {pk: _key(pk, versions[pk], site, lang, ui_lang) for pk in ids}
    found = {pk: cards_memo.get(keys[pk]) for pk in ids}
    missing = [pk for pk, html in found.items() if html is None]
    found.update(_render(missing, keys, site, lang, edition))
    cards = [found[pk] for pk in ids if found[pk] is not None]
    if cards:
        # str() first: Markup.replace would escape the replacement's quotes.
        cards[0] = Markup(str(cards[0]).replace(_LAZY, _EAGER, 1))  # noqa: S704 - same markup
    return cards


def warm(post_ids: list[int], edition: str = "") -> list[tuple[tuple, Markup]]:
    """Render and remember the cards of ``post_ids`` as ``edition``'s archives show them
    (the main edition's when ""), in one batch; returns them, keyed, so that other
    processes can :func:`remember` them too (a static export renders each card once
    for all its workers)."""
    site = SiteSettings.current()
    ui_lang = editions.language_of(site.language)
    lang = edition or ui_lang
    versions = queries.card_versions(post_ids)
    keys = {pk: _key(pk, updated_at, site, lang, ui_lang) for pk, updated_at in versions.items()}
    with translation.override(lang):
        rendered = _render(list(keys), keys, site, lang, edition)
    return [(keys[pk], html) for pk, html in rendered.items()]


def remember(cards: list[tuple[tuple, Markup]]) -> None:
    for key, html in cards:
        cards_memo.put(key, html)


def _key(post_id: int, updated_at, site: SiteSettings, lang: str, ui_lang: str) -> tuple:
    """What a remembered card depends on (see the module docstring)."""
    return (post_id, updated_at, site.generation, lang, ui_lang)


def _render(
    post_ids: list[int], keys: dict[int, tuple], site: SiteSettings, lang: str, edition: str
) -> dict[int, Markup]:
    rendered = {}
    for post in queries.load_cards(post_ids):
        html = render_to_string(
            "newsdesk/_card.html", {"post": post, "site": site, "lang": lang, "edition": edition}
        )
        rendered[post.pk] = Markup(html)  # noqa: S704 - the output of an autoescaping template
        cards_memo.put(keys[post.pk], rendered[post.pk])
    return rendered
