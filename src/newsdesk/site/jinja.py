"""The Jinja2 environment of the public templates.

Autoescaping is on; every string a reader sees is written ``_("…")`` and goes through
Django's gettext, so a translation catalogue (Persian first) needs no template change.
Templates get ``url()`` and ``static()`` and a few filters; they never run queries.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import jdatetime
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

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
    env.globals.update(url=url, static=static, absolute=absolute, shows_image=shows_image)
    env.filters.update(
        iso_datetime=iso_datetime,
        human_date=human_date,
        human_period=human_period,
        credit_line=credit_line,
        reader_html=reader_html,
        json_ld=json_ld,
        text_direction=text_direction,
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
    return (code or settings.LANGUAGE_CODE).split("-")[0].split("_")[0].lower()


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


def human_date(value: datetime | date | None, language: str = "") -> str:
    """A date as a reader of that language says it: "May 1, 2024" or "۱۲ اردیبهشت ۱۴۰۳"."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    day = value.date() if isinstance(value, datetime) else value
    if language_of(language) == "fa":
        jalali = jdatetime.date.fromgregorian(date=day, locale="fa_IR")
        return f"{jalali.day} {jalali.j_months_fa[jalali.month - 1]} {jalali.year}".translate(
            _PERSIAN_DIGITS
        )
    return dateformat.format(day, "F j, Y")


def human_period(start: datetime, by_month: bool) -> str:
    """A date archive's name: "May 2024" or "2024" (archives follow the Gregorian calendar)."""
    return dateformat.format(start, "F Y") if by_month else str(start.year)


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
