"""WordPress menus: ``nav_menu`` terms and their ``nav_menu_item`` items → Menu, MenuItem.

A WXR file says nothing of where the theme showed each menu, so imported menus come in
unplaced: an editor gives each its location (primary, left, footer) in the admin, and
until then no page shows it. An item that points at a post, page, category or tag
links to its new address, with the target's name when the item has no label of its
own; an item whose target did not come over (a draft, a trashed post) is left out, as
WordPress leaves it out for readers. Custom links keep their address, the old site's
own made site-relative (they answer through the redirects); one that is no link
(``javascript:``, see :mod:`newsdesk.content.links`) is left out, and the report says
which and why. WordPress nests items;
newsdesk menus have one level, so a sub-item follows its parent (the file's
``menu_order`` is already the menu read top to bottom).

Items are resolved at the end of a run, when every target has its final address (a
site's menu items number in the tens, so they wait in memory); a re-import replaces
the items of the menus it made before.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from newsdesk.content import actions
from newsdesk.content.html import plain_text
from newsdesk.content.links import RULE, link_problem
from newsdesk.content.models import Category, Menu, MenuItem, Page, Post, Status, Tag
from newsdesk.wordpress import wxr
from newsdesk.wordpress.context import ImportContext
from newsdesk.wordpress.models import LegacyItem
from newsdesk.wordpress.redirects import canonical
from newsdesk.wordpress.terms import term_key

NAV_MENU = "nav_menu"
Kind = LegacyItem.Kind
# What ``_menu_item_object`` names → the map's kind and the model it became.
_TARGETS = {
    "post": (Kind.POST, Post),
    "page": (Kind.PAGE, Page),
    "category": (Kind.CATEGORY, Category),
    "post_tag": (Kind.TAG, Tag),
}


class Menus:
    def __init__(self, context: ImportContext):
        self.context = context
        self.names: dict[str, str] = {}  # menu key → name, in the file's order
        self.items: dict[str, list[wxr.Item]] = {}

    def declare(self, term: wxr.Term) -> None:
        """A ``nav_menu`` term: a menu, perhaps with no items."""
        key = term_key(term.slug, term.name)
        self.names.setdefault(key, plain_text(term.name) or key)

    def add(self, item: wxr.Item) -> None:
        ref = next((ref for ref in item.terms if ref.taxonomy == NAV_MENU), None)
        if ref is None:
            self.context.report.count("menu items", "skipped")
            self.context.report.warn("menu item in no menu", f"item {item.wp_id}")
            return
        key = term_key(ref.slug, ref.name)
        self.names.setdefault(key, plain_text(ref.name) or key)
        self.items.setdefault(key, []).append(item)

    def finish(self) -> None:
        """Write every menu the file declares, with its items in order."""
        if not self.names:
            return
        targets = self._targets()
        for key, name in self.names.items():
            entries = []
            items = sorted(self.items.get(key, []), key=lambda item: (item.menu_order, item.wp_id))
            for item in items:
                entry = self._entry(item, targets)
                problem = link_problem(entry[1]) if entry else ""
                if problem:
                    self.context.report.warn(
                        "menu item refused (not a link)",
                        f"item {item.wp_id} “{entry[0]}” in menu “{name}”: its address "
                        f"“{entry[1]}” {problem}; {RULE}",
                    )
                if entry is None or problem:
                    self.context.report.count("menu items", "skipped")
                    continue
                entries.append(entry)
                self.context.report.count("menu items", "created")
            self._write(key, name, entries)

    def _write(self, key: str, name: str, entries: list[tuple[str, str]]) -> None:
        context = self.context
        row = LegacyItem.objects.filter(source=context.source, kind=Kind.MENU, wp_key=key).first()
        menu = Menu.objects.filter(pk=row.object_id).first() if row else None
        context.report.count("menus", "updated" if menu else "created")
        menu = menu or Menu(name=name[:200])
        items = [
            MenuItem(label=label[:200], url=url[:1000], position=position)
            for position, (label, url) in enumerate(entries)
        ]
        actions.import_menu(menu, items, user=context.user)
        context.remember([context.row(Kind.MENU, row, wp_key=key, object_id=menu.pk)])

    def _entry(self, item: wxr.Item, targets: dict) -> tuple[str, str] | None:
        """(label, address) of one item; None when its target is not on the site."""
        meta = item.meta
        label = plain_text(item.title)
        if meta.get("_menu_item_type") in ("post_type", "taxonomy"):
            target = targets.get(
                (meta.get("_menu_item_object"), _int(meta, "_menu_item_object_id"))
            )
            if target is None:
                return None
            name = getattr(target, "name", "") or getattr(target, "title", "")
            return label or name or target.get_absolute_url(), target.get_absolute_url()
        url = self._custom_address(meta.get("_menu_item_url", "").strip())
        return (label or url, url) if url else None

    def _custom_address(self, url: str) -> str:
        """The old site's own addresses become paths on this one; others stay whole."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme in ("http", "https") and host in self.context.media.site_hosts:
            return canonical(url) or "/"
        return url

    def _targets(self) -> dict[tuple[str, int], object]:
        """Every post, page, category and tag the items point at, by (object, WordPress
        ID): public ones only, in a few queries."""
        wanted: dict[str, set[int]] = {}
        for item in (item for items in self.items.values() for item in items):
            kind = item.meta.get("_menu_item_object", "")
            if kind in _TARGETS:
                wanted.setdefault(kind, set()).add(_int(item.meta, "_menu_item_object_id"))
        found = {}
        for kind, ids in wanted.items():
            legacy_kind, model = _TARGETS[kind]
            rows = dict(
                LegacyItem.objects.filter(
                    source=self.context.source, kind=legacy_kind, wp_id__in=ids
                ).values_list("object_id", "wp_id")
            )
            objects = model.objects.filter(pk__in=list(rows))
            if model in (Post, Page):
                objects = objects.filter(status=Status.PUBLISHED)
            for target in objects:
                found[(kind, rows[target.pk])] = target
        return found


def _int(meta: dict[str, str], key: str) -> int:
    try:
        return int(meta.get(key, "") or 0)
    except ValueError:
        return 0
