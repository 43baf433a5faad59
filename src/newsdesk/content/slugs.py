"""Unique, Unicode-aware slugs: a Persian title gives a Persian slug, never an empty one.

Persian writes some words in parts joined by a zero-width non-joiner (ZWNJ, U+200C:
"می‌شود", "کتاب‌ها"). A slug drops it, so the word reads whole ("میشود"), as Django's
``slugify`` does: an invisible character in an address breaks every link typed or
read aloud, and turning it into "-" would cut the word in two. An address that still
carries one (an old WordPress link, a title typed as the address) answers 301 to the
slug :func:`slug_for` makes of it (see the post view in ``newsdesk.site.views``).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Model
from django.utils.text import slugify

MAX_LENGTH = 200
# Persian (U+06F0…) and Arabic-Indic (U+0660…) digits become ASCII: URLs carry 0-9 only.
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# Zero-width non-joiner and joiner: they shape letters, they do not separate words.
_JOINERS = str.maketrans("", "", "\u200c\u200d")
#: First path segments the site itself answers (language editions, search): a post or
#: page given one of these as its slug would be shadowed, so it gets a suffix instead.
RESERVED = frozenset({"search", *(code.split("-")[0].lower() for code, _ in settings.LANGUAGES)})


def without_joiners(text: str) -> str:
    return text.translate(_JOINERS)


def slug_for(source: str, fallback: str = "item") -> str:
    source = without_joiners(source.translate(_DIGITS))
    return slugify(source, allow_unicode=True)[:MAX_LENGTH].strip("-") or fallback


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
    while candidate in RESERVED or taken.filter(slug=candidate).exists():
        suffix = f"-{number}"
        candidate = base[: MAX_LENGTH - len(suffix)] + suffix
        number += 1
    return candidate
