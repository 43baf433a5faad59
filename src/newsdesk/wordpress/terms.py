"""WordPress tags and categories → Tag and Category, the category tree kept.

Items name terms by slug, so a term's key in the ID map is its (decoded) slug. A term
the site already has under the same slug (and parent) is shared, not duplicated, and
left as the site wrote it. Terms an item uses but the channel never declares (WXR 1.0,
hand-edited files) are created from the item's reference.
"""

from __future__ import annotations

from urllib.parse import unquote

from django.db.models import Q

from newsdesk.content import actions
from newsdesk.content.html import plain_text
from newsdesk.content.models import Category, Tag
from newsdesk.content.slugs import slug_for
from newsdesk.wordpress import wxr
from newsdesk.wordpress.context import ImportContext, Kind, free_name, path_part
from newsdesk.wordpress.models import LegacyItem


def term_key(slug: str, name: str) -> str:
    """How items name a term: its slug, decoded; a slug of its name when there is none."""
    key = unquote(slug.strip()) if slug.strip() else slug_for(plain_text(name), "")
    return key[:300]


def refs(item: wxr.Item, taxonomy: str) -> list[str]:
    return [term_key(ref.slug, ref.name) for ref in item.terms if ref.taxonomy == taxonomy]


class Terms:
    def __init__(self, context: ImportContext):
        self.context = context
        # Categories are few (hundreds), so their ids and old paths stay at hand.
        self.categories: dict[str, int] = {}
        self.category_paths: dict[str, str] = {}
        self.orphans: dict[str, str] = {}  # category key → parent key not yet seen

    def take(self, record: wxr.Term) -> None:
        if record.taxonomy == "category":
            self.category(record)
        elif record.taxonomy == "post_tag":
            self.tag(record)
        else:
            self.context.report.count("other terms", "skipped")
            self.context.report.note("skipped taxonomies", record.taxonomy or "(none)")

    def tag(self, record: wxr.Term) -> int:
        context = self.context
        key = term_key(record.slug, record.name)
        row = self._row(Kind.TAG, key, record.wp_id)
        tag = Tag.objects.filter(pk=row.object_id).first() if row else None
        checksum = context.checksum(record)
        if tag is not None and row.checksum == checksum:
            context.report.count("tags", "unchanged")
            return tag.pk
        name = (plain_text(record.name) or key)[:200]
        slug = slug_for(key or name, "tag")
        outcome = "updated" if tag is not None else "created"
        if tag is None:
            tag = Tag.objects.filter(slug=slug).first()
            if tag is not None:
                outcome = "unchanged"
                context.report.note("merged with the site's own terms", f"tag {slug}")
            else:
                tag = Tag(slug=slug)
        if outcome != "unchanged":
            tag.name, tag.description = name, record.description
        actions.import_term(tag, user=context.user)
        context.remember(
            [
                context.row(
                    Kind.TAG,
                    row,
                    wp_key=key,
                    wp_id=record.wp_id,
                    object_id=tag.pk,
                    checksum=checksum,
                    old_path=f"{context.prefix}/tag/{path_part(key)}/",
                )
            ]
        )
        context.report.count("tags", outcome)
        return tag.pk

    def category(self, record: wxr.Term) -> int:
        context = self.context
        key = term_key(record.slug, record.name)
        parent_key = term_key(record.parent_slug, "") if record.parent_slug else ""
        parent_key = "" if parent_key == key else parent_key
        self.category_paths[key] = (
            f"{self.category_paths.get(parent_key, parent_key)}/{key}" if parent_key else key
        )
        row = self._row(Kind.CATEGORY, key, record.wp_id)
        category = Category.objects.filter(pk=row.object_id).first() if row else None
        checksum = context.checksum(record)
        if category is not None and row.checksum == checksum:
            self.categories[key] = category.pk
            context.report.count("categories", "unchanged")
            return category.pk
        parent_id = self.categories.get(parent_key) if parent_key else None
        if parent_key and parent_id is None:
            self.orphans[key] = parent_key  # placed once the whole file has been read
        name = (plain_text(record.name) or key)[:200]
        slug = slug_for(key or name, "category")
        outcome = "updated" if category is not None else "created"
        if category is None:
            category = Category.objects.filter(parent_id=parent_id, slug=slug).first()
            if category is not None:
                outcome = "unchanged"
                context.report.note("merged with the site's own terms", f"category {slug}")
            else:
                category = Category(slug=slug)
        if outcome != "unchanged":
            category.name, category.description = name, record.description
            category.parent_id = parent_id if parent_id != category.pk else None
        actions.import_term(category, user=context.user)
        old_path = f"{context.prefix}/category/{path_part(self.category_paths[key])}/"
        context.remember(
            [
                context.row(
                    Kind.CATEGORY,
                    row,
                    wp_key=key,
                    wp_id=record.wp_id,
                    object_id=category.pk,
                    checksum=checksum,
                    old_path=old_path,
                )
            ]
        )
        self.categories[key] = category.pk
        context.report.count("categories", outcome)
        return category.pk

    def _row(self, kind: str, key: str, wp_id: int | None) -> LegacyItem | None:
        rows = LegacyItem.objects.filter(source=self.context.source, kind=kind)
        found = list(rows.filter(Q(wp_key=key) | Q(wp_id=wp_id) if wp_id else Q(wp_key=key))[:2])
        return next((row for row in found if row.wp_key == key), found[0] if found else None)

    def for_items(self, items: list[wxr.Item]) -> tuple[dict[str, int], dict[str, int]]:
        """Tag and category ids by key, for the terms a batch of items uses."""
        context = self.context
        wanted: dict[str, dict[str, wxr.TermRef]] = {"post_tag": {}, "category": {}}
        for item in items:
            for ref in item.terms:
                key = term_key(ref.slug, ref.name)
                if ref.taxonomy in wanted and key:
                    wanted[ref.taxonomy].setdefault(key, ref)
        tags = dict(
            LegacyItem.objects.filter(
                source=context.source, kind=Kind.TAG, wp_key__in=list(wanted["post_tag"])
            ).values_list("wp_key", "object_id")
        )
        live = set(Tag.objects.filter(pk__in=tags.values()).values_list("pk", flat=True))
        for key, ref in wanted["post_tag"].items():
            if tags.get(key) not in live:
                context.report.note("terms used but not declared in the file", f"tag {key}")
                tags[key] = self.tag(wxr.Term("post_tag", ref.slug or key, ref.name))
        live = set(
            Category.objects.filter(pk__in=self.categories.values()).values_list("pk", flat=True)
        )
        for key, ref in wanted["category"].items():
            if self.categories.get(key) in live:
                continue
            row = self._row(Kind.CATEGORY, key, None)
            if row is not None and Category.objects.filter(pk=row.object_id).exists():
                self.categories[key] = row.object_id
            else:
                context.report.note("terms used but not declared in the file", f"category {key}")
                self.category(wxr.Term("category", ref.slug or key, ref.name))
        return tags, self.categories

    def place_orphans(self) -> None:
        """Categories listed before their parent go under it now."""
        for key, parent_key in self.orphans.items():
            parent_id = self.categories.get(parent_key)
            category = Category.objects.filter(pk=self.categories.get(key)).first()
            if category is None:
                continue
            if parent_id is None:
                self.context.report.warn(
                    "missing parent category",
                    f"category “{key}” names parent “{parent_key}”, which is not in the file; "
                    "kept at the top level",
                )
                continue
            category.parent_id = parent_id
            siblings = Category.objects.filter(parent_id=parent_id).exclude(pk=category.pk)
            category.slug = free_name(
                category.slug, lambda slug, siblings=siblings: siblings.filter(slug=slug).exists()
            )
            actions.import_term(category, user=self.context.user)
