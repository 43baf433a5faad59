"""Addresses editors type for every page's chrome: menu items, follow links, mirrors.

Only three kinds are links here: a full ``http://`` or ``https://`` address, a path
on this site (``/about/``), and a place on the page itself (``#top``, WordPress's
placeholder for a menu's parent item). Anything else (``javascript:``, ``data:``,
``ftp:``, ``//elsewhere`` with no scheme) is refused where it is typed or imported
(:class:`SafeLink` on the fields, and the actions check again) and never rendered,
for a value stored before the rule (:func:`is_safe_link`).

Browsers drop spaces and control characters around an address and tabs and line
breaks inside it (``java\tscript:`` runs), and read ``\\`` as ``/``: any of those
inside a value is refused as well.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

SCHEMES = ("http", "https")
RULE = "a link must be a full http:// or https:// address or a path on this site (/about/)"


def link_problem(value: str) -> str:
    """Why ``value`` may not be a link in the site's chrome; "" when it may."""
    address = value.strip()
    if any(ord(c) < 32 or c == "\x7f" for c in address):
        return "holds a tab, a line break or another control character"
    if "\\" in address:
        return "holds a backslash"
    if address.startswith("#"):
        return ""
    if address.startswith("//"):
        return "names another site without saying how to reach it (write https://…)"
    if address.startswith("/"):
        return ""
    try:
        parts = urlsplit(address)
    except ValueError:
        return "is not an address"
    if parts.scheme.lower() in SCHEMES and parts.hostname:
        return ""
    if parts.scheme:
        return f"is a {parts.scheme}: link"
    return "is neither a full address nor a path on this site"


def is_safe_link(value: str) -> bool:
    return not link_problem(value)


@deconstructible
class SafeLink:
    """A field's validator: :func:`link_problem` for its value, or for each line of it
    (``per_line``: the site's mirrors). The message names the field and the value."""

    def __init__(self, field: str, per_line: bool = False):
        self.field = field
        self.per_line = per_line

    def __call__(self, value: str) -> None:
        for address in value.splitlines() if self.per_line else [value]:
            if not address.strip():
                continue
            problem = link_problem(address)
            if problem:
                raise ValidationError(
                    "%(field)s: “%(value)s” %(problem)s; %(rule)s.",
                    code="unsafe_link",
                    params={
                        "field": self.field,
                        "value": address.strip(),
                        "problem": problem,
                        "rule": RULE,
                    },
                )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SafeLink) and (self.field, self.per_line) == (
            other.field,
            other.per_line,
        )


def refuse_unsafe_links(obj) -> None:
    """Every :class:`SafeLink` field of ``obj`` checked, as the actions do before
    saving whatever the caller (admin, importer, command line): raises
    :class:`ValidationError` by field."""
    errors: dict[str, list[ValidationError]] = {}
    for field in obj._meta.concrete_fields:
        for validator in field.validators:
            if isinstance(validator, SafeLink):
                try:
                    validator(getattr(obj, field.attname) or "")
                except ValidationError as error:
                    errors.setdefault(field.name, []).append(error)
    if errors:
        raise ValidationError(errors)
