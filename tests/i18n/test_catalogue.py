"""Every word a reader sees has its Persian, compiled into the catalogue a fresh
install reads."""

import gettext
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

import newsdesk
from tests import factories

PACKAGE = Path(newsdesk.__file__).parent
CATALOGUE = PACKAGE / "locale" / "fa" / "LC_MESSAGES"
# _("…"), site_words("…"), gettext("…"), gettext_lazy("…") and ngettext("…", "…", n)
CALL = re.compile(r"""\b(?:_|site_words|gettext|gettext_lazy|ngettext)\(\s*(["'])(.+?)(?<!\\)\1""")


def _source_texts() -> set[str]:
    found = set()
    sources = [*(PACKAGE / "site" / "jinja2").rglob("*.html"), *(PACKAGE / "site").glob("*.py")]
    for source in sources:
        for _quote, text in CALL.findall(source.read_text(encoding="utf-8")):
            found.add(text)
    return found - {"…"}  # named in a docstring, not a message


def _compiled() -> gettext.GNUTranslations:
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        return gettext.GNUTranslations(compiled)


def test_every_public_text_has_its_persian():
    texts = _source_texts()
    assert {"Continue Reading", "Posts Tagged ‘%(tag)s’", "By", "Search"} <= texts
    catalogue = _compiled()
    missing = sorted(text for text in texts if catalogue.gettext(text) == text)
    assert missing == []


def test_the_compiled_catalogue_matches_its_source():
    source = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    ids = re.findall(r'^msgid "(.+)"$', source, re.MULTILINE)
    catalogue = _compiled()
    for message in ids:
        translated = re.search(
            rf'^msgid "{re.escape(message)}"\n(?:msgid_plural "[^"]*"\nmsgstr\[0\]|msgstr) "(.*)"$',
            source,
            re.MULTILINE,
        ).group(1)
        assert catalogue.gettext(message) == translated, message


def test_placeholders_survive_translation():
    catalogue = _compiled()
    for text in _source_texts():
        wanted = sorted(re.findall(r"%\(\w+\)s", text))
        assert sorted(re.findall(r"%\(\w+\)s", catalogue.gettext(text))) == wanted, text


def test_django_reads_the_catalogue():
    with translation.override("fa"):
        assert translation.gettext("Continue Reading") == "ادامهٔ مطلب"
        assert translation.gettext("Search") == "جست‌وجو"  # ours, over Django's own


@pytest.mark.django_db
def test_a_custom_byline_prefix_is_kept_and_the_default_speaks_persian(client):
    jane = factories.author("Jane")
    persian = factories.post("خبر", language="fa", authors=[jane])
    english = factories.post("News", authors=[jane])
    page = BeautifulSoup(client.get(persian.get_absolute_url()).content, "html.parser")
    assert page.select_one(".byline").get_text(" ", strip=True) == "نوشتهٔ Jane"
    page = BeautifulSoup(client.get(english.get_absolute_url()).content, "html.parser")
    assert page.select_one(".byline").get_text(" ", strip=True) == "By Jane"
    factories.site_settings(byline_prefix="Reported by")
    page = BeautifulSoup(client.get(persian.get_absolute_url()).content, "html.parser")
    assert page.select_one(".byline").get_text(" ", strip=True) == "Reported by Jane"


@pytest.mark.django_db
def test_a_persian_post_page_speaks_persian_around_its_text(client):
    saga = factories.series("سفر")
    when = factories.timeline(2)
    first = factories.post("بخش یک", language="fa", series=saga, when=when[0])
    factories.post("بخش دو", language="fa", series=saga, when=when[1])
    page = BeautifulSoup(client.get(first.get_absolute_url()).content, "html.parser")
    assert page.select_one(".series-part").get_text() == "بخش ۱ از ۲"
    assert page.select_one("#share-title").get_text() == "هم‌رسانی این نوشته"
    assert "lang" not in page.select_one(".post-footer").attrs
    assert page.select_one(".post-meta time").get_text() == "۱۲ اردیبهشت ۱۴۰۳"
