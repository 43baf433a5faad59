"""The Jinja2 environment of the public templates.

Autoescaping is on; every string a reader sees is written ``_("…")`` and goes through
Django's gettext, so a translation catalogue (Persian first) needs no template change.
Templates get ``url()`` and ``static()`` and a few filters; they never run queries.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import jdatetime
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from newsdesk.content import editions
from newsdesk.content.editions import in_edition
from newsdesk.site.reading import reader_html

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ps", "ur", "ckb", "dv", "yi"})
_SELF_DESCRIBED_CREDITS = ("photo", "image", "picture", "illustration", "credit", "عکس", "تصویر")
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def environment(**options: Any) -> Environment:
    options.setdefault("autoescape", True)
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    options["undefined"] = StrictUndefined  # a typo in a template fails the tests, not a reader
    options["extensions"] = [*options.get("extensions", ()), "jinja2.ext.i18n"]
    env = Environment(**options)  # noqa: S701 - autoescape is on (set above)
    env.install_gettext_translations(translation, newstyle=True)
    env.policies["ext.i18n.trimmed"] = True
    env.globals.update(
        url=url,
        static=static,
        absolute=absolute,
        shows_image=shows_image,
        byline_word=byline_word,
    )
    env.filters.update(
        iso_datetime=iso_datetime,
        human_date=human_date,
        human_period=human_period,
        credit_line=credit_line,
        reader_html=reader_html,
        json_ld=json_ld,
        text_direction=text_direction,
        digits=digits,
        in_edition=in_edition,
    )
    return env


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def absolute(path: str) -> str:
    """The public address of a site path (canonical links, OpenGraph, share links)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.BASE_URL + path


def shows_image(image: Any) -> bool:
    """Only images stored here are shown: a picture whose file never arrived (an import
    that kept only its old address) would load from another host."""
    return bool(image is not None and image.file)


def language_of(code: str) -> str:
    return editions.language_of(code)


def text_direction(code: str) -> str:
    return "rtl" if language_of(code) in RTL_LANGUAGES else "ltr"


def iso_datetime(value: datetime | date | None) -> str:
    """For ``<time datetime>``: ISO 8601 in the site's time zone, to the second."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def digits(value: object, language: str = "") -> str:
    """A number as the page's language writes it: Persian pages use Persian digits
    (page numbers, "Part 2 of 3"). ``language`` defaults to the active one."""
    text = str(value)
    if language_of(language or translation.get_language() or "") == "fa":
        return text.translate(_PERSIAN_DIGITS)
    return text


def _local_day(value: datetime | date) -> date:
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.date() if isinstance(value, datetime) else value


def jalali(day: date) -> jdatetime.date:
    """The Solar Hijri (Jalali) date of a Gregorian day."""
    return jdatetime.date.fromgregorian(date=day, locale="fa_IR")


def _jalali_words(day: jdatetime.date, with_year: bool = True) -> str:
    words = f"{day.day} {jdatetime.date.j_months_fa[day.month - 1]}"
    return (f"{words} {day.year}" if with_year else words).translate(_PERSIAN_DIGITS)


def human_date(value: datetime | date | None, language: str = "") -> str:
    """A date as a reader of that language says it: "May 1, 2024" or "۱۲ اردیبهشت ۱۴۰۳"."""
    if value is None:
        return ""
    day = _local_day(value)
    if language_of(language) == "fa":
        return _jalali_words(jalali(day))
    return dateformat.format(day, "F j, Y")


def human_period(start: datetime, by_month: bool, language: str = "") -> str:
    """A date archive's name: "May 2024" or "2024". Archives are Gregorian months and
    years (their addresses are WordPress's); a Persian page names the same days in the
    Jalali calendar, whose months do not line up with them: "از ۱۱ شهریور تا ۹ مهر ۱۳۹۹"."""
    if language_of(language) != "fa":
        return dateformat.format(start, "F Y") if by_month else str(start.year)
    first = _local_day(start)
    if by_month:
        following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    else:
        following = first.replace(year=first.year + 1)
    begins, ends = jalali(first), jalali(following - timedelta(days=1))
    same_year = begins.year == ends.year
    return f"از {_jalali_words(begins, not same_year)} تا {_jalali_words(ends)}"


def year_of(value: datetime | date, language: str = "") -> str:
    """The year as a reader of that language counts it (the footer's copyright year)."""
    day = _local_day(value)
    if language_of(language) == "fa":
        return digits(jalali(day).year, "fa")
    return str(day.year)


def byline_word(site: Any, language: str) -> str:
    """The word before a byline. The site's own wording when an editor changed it; the
    default "By" speaks the post's language ("نوشتهٔ")."""
    prefix = site.byline_prefix
    if prefix == "By":
        with translation.override(language_of(language)):
            return translation.gettext("By")
    return prefix


def gettext_in(language: str):
    """A ``_()`` for words in one language whatever the active one: a page's chrome
    (masthead, footer) speaks the site's language around an edition's content. Like
    Jinja's own, it treats the text as a format string and escapes the values."""

    def say(message: str, **variables: Any) -> Markup:
        with translation.override(language):
            text = translation.gettext(message)
        return Markup(text) % variables  # noqa: S704 - the catalogue's words; values escaped

    return say


def credit_line(credit: str) -> str:
    """ "Photo: Jane Roe" — unless the credit already says what it is ("Photo: …",
    "Image courtesy of …", "عکس: …"), as imported credits often do."""
    credit = credit.strip()
    if credit.lower().startswith(_SELF_DESCRIBED_CREDITS):
        return credit
    return translation.gettext("Photo: %(credit)s") % {"credit": credit}


def json_ld(data: dict) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` data block.

    The HTML parser ends a script at the first ``</`` of ``</script``, and ``<!--``
    changes how it reads on; escaping every ``<``, ``>`` and ``&`` as JSON unicode
    escapes makes both impossible while the JSON still parses to the same data.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - escaped above for the script data context
