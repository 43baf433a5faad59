"""Unique, Unicode-aware slugs: a Persian title gives a Persian slug, never an empty one."""

from __future__ import annotations

from django.db.models import Model
from django.utils.text import slugify

MAX_LENGTH = 200
# Persian (U+06F0…) and Arabic-Indic (U+0660…) digits become ASCII: URLs carry 0-9 only.
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def slug_for(source: str, fallback: str = "item") -> str:
    return (
        slugify(source.translate(_DIGITS), allow_unicode=True)[:MAX_LENGTH].strip("-") or fallback
    )


def unique_slug(
    model: type[Model],
    source: str,
    *,
    instance: Model | None = None,
    fallback: str = "item",
    scope: dict | None = None,
) -> str:
    base = slug_for(source, fallback)
    taken = model._default_manager.filter(**(scope or {}))
    if instance is not None and instance.pk is not None:
        taken = taken.exclude(pk=instance.pk)
    candidate, number = base, 2
    while taken.filter(slug=candidate).exists():
        suffix = f"-{number}"
        candidate = base[: MAX_LENGTH - len(suffix)] + suffix
        number += 1
    return candidate
