"""The numbers an address may carry, and the range of each.

A page number, a post's part, an archive's year, month or day, a sitemap's part, a
post's id: each comes from whoever typed the address. Read through these functions
first, a number out of its range is "no such address", never an overflow in the
database (SQLite and PostgreSQL hold 64-bit integers) or in ``datetime``.

Each reader takes the digits as written and raises :class:`ValueError` when they are
not a number of its range: what Django's path converters answer for "this route does
not match", so the address goes on to the next route and ends "not found".
"""

from __future__ import annotations

from datetime import MAXYEAR, MINYEAR, date

#: Far past any archive's last page, and its offset (page × posts per page) still fits
#: a 64-bit integer.
MAX_PAGE = 10_000_000
#: The largest id a row can have (a 64-bit BigAutoField).
MAX_ID = 2**63 - 1
#: The years a date archive may name: the first and last years ``datetime`` holds are
#: left out, since their period, seen from some time zone, runs past its range.
FIRST_YEAR = MINYEAR + 1
LAST_YEAR = MAXYEAR - 1


def whole(text: str, smallest: int, largest: int, *, digits: int | None = None) -> int:
    """``text`` as a whole number from ``smallest`` to ``largest``; ``digits``: exactly
    that many digits (as ``/2024/05/`` writes a month)."""
    longest = digits or len(str(largest))
    if not (text.isascii() and text.isdigit()) or len(text) > longest:
        raise ValueError(f"{text[:30]!r} is not a whole number from {smallest} to {largest}")
    if digits is not None and len(text) != digits:
        raise ValueError(f"{text[:30]!r} is not written with {digits} digits")
    value = int(text)
    if not smallest <= value <= largest:
        raise ValueError(f"{value} is not from {smallest} to {largest}")
    return value


def page_number(text: str) -> int:
    """A page of an archive or of search results, or a part of a post."""
    return whole(text, 1, MAX_PAGE)


def record_id(text: str) -> int:
    """A row's id, as a preview address names its post."""
    return whole(text, 1, MAX_ID)


def year(text: str) -> int:
    """An archive's year, four digits."""
    return whole(text, FIRST_YEAR, LAST_YEAR, digits=4)


def month(text: str) -> int:
    """An archive's month, two digits."""
    return whole(text, 1, 12, digits=2)


def day(text: str) -> int:
    """A day of the month, two digits (whether the month has it is :func:`calendar_day`'s
    to say)."""
    return whole(text, 1, 31, digits=2)


def calendar_day(year: int, month: int, day: int) -> date:
    """The day, when the calendar has it (no 31 February); ValueError otherwise."""
    if not in_archive_years(year):
        raise ValueError(f"{year} is not from {FIRST_YEAR} to {LAST_YEAR}")
    return date(year, month, day)


def in_archive_years(year: int) -> bool:
    """Whether a date archive may name ``year`` (see :data:`FIRST_YEAR`)."""
    return FIRST_YEAR <= year <= LAST_YEAR
