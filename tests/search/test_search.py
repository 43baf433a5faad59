"""Search over public posts: Persian spellings, ranking, snippets, hostile input, and
an index that follows every change. The same tests run on SQLite (FTS5) and
PostgreSQL (full text search): `make test` runs the suite on both."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection

from newsdesk import search
from newsdesk.content import actions
from newsdesk.content.models import Post, Status, Tag
from newsdesk.search.backends import backend
from tests import factories

pytestmark = pytest.mark.django_db


def _titles(query: str) -> list[str]:
    return [hit.post.title for hit in search.search(query).hits]


def test_the_backend_is_the_databases_own():
    expected = {"sqlite": "SqliteBackend", "postgresql": "PostgresBackend"}[connection.vendor]
    assert type(backend()).__name__ == expected


def test_arabic_yeh_and_kaf_find_persian_letters_and_back(committed):
    with committed():
        factories.post("کتابخانهٔ مرکزی", body="<p>ساعت کار کتابخانه بیشتر شد.</p>", language="fa")
        factories.post("مكتب قديمي", body="<p>نوشته با حروف عربی.</p>", language="fa")
    assert _titles("كتابخانه") == ["کتابخانهٔ مرکزی"]  # Arabic kaf typed
    assert _titles("کتابخانه") == ["کتابخانهٔ مرکزی"]
    assert _titles("مکتب قدیمی") == ["مكتب قديمي"]  # Persian letters typed, Arabic written
    assert _titles("ساعت") == ["کتابخانهٔ مرکزی"]


def test_a_word_in_parts_matches_with_and_without_the_joiner(committed):
    with committed():
        factories.post("هوای شهر", body="<p>آسمان شهر صاف می‌شود.</p>", language="fa")
        factories.post("بدون نیم‌فاصله", body="<p>کتابها در قفسه میماند.</p>", language="fa")
    assert _titles("می‌شود") == ["هوای شهر"]
    assert _titles("میشود") == ["هوای شهر"]
    assert _titles("کتاب‌ها") == ["بدون نیم‌فاصله"]
    assert _titles("میماند") == _titles("می‌ماند") == ["بدون نیم‌فاصله"]
    assert _titles("نیمفاصله") == _titles("نیم") == ["بدون نیم‌فاصله"]


def test_diacritics_and_tatweel_are_ignored(committed):
    with committed():
        factories.post("کتاب تازه", body="<p>کِتابِ تـازه منتشر شد.</p>", language="fa")
    assert _titles("کتاب") == ["کتاب تازه"]
    assert _titles("كِتَابْ") == ["کتاب تازه"]
    assert _titles("تازه") == ["کتاب تازه"]


def test_persian_and_arabic_digits_find_ascii_digits_and_back(committed):
    with committed():
        factories.post("Budget 1403", body="<p>Spending rose.</p>")
        factories.post("بودجهٔ سال ۱۴۰۴", body="<p>هزینه‌ها.</p>", language="fa")
    assert _titles("۱۴۰۳") == ["Budget 1403"]
    assert _titles("١٤٠٣") == ["Budget 1403"]
    assert _titles("1404") == ["بودجهٔ سال ۱۴۰۴"]


def test_english_words_match_their_stems(committed):
    with committed():
        factories.post("Council votes", body="<p>The elections were held on Sunday.</p>")
    assert _titles("election") == ["Council votes"]
    assert _titles("voting") == ["Council votes"]


def test_every_word_must_match_in_some_field(committed):
    harbour = factories.tag("Harbour")
    with committed():
        factories.post("Ships return", tags=[harbour], body="<p>Cranes are busy.</p>")
        factories.post("Cranes idle", body="<p>Nothing moves.</p>")
    assert _titles("harbour cranes") == ["Ships return"]  # a tag and the body
    assert sorted(_titles("cranes")) == ["Cranes idle", "Ships return"]


def test_a_title_match_ranks_above_body_matches(committed):
    times = factories.timeline(4)
    with committed():
        factories.post(
            "Weather today", body="<p>Storm storm storm in the storm.</p>", when=times[3]
        )
        factories.post("Storm warning", body="<p>Wind and rain.</p>", when=times[0])
        factories.post("Markets", body="<p>A storm of selling.</p>", when=times[2])
        factories.post("Other", excerpt="Before the storm.", body="<p>Calm.</p>", when=times[1])
    titles = _titles("storm")
    assert titles[0] == "Storm warning"  # the oldest, but the only title match
    assert set(titles) == {"Storm warning", "Weather today", "Markets", "Other"}


def test_matches_are_marked_in_the_readers_own_spelling(committed, client):
    with committed():
        factories.post(
            "گزارش بندر",
            body="<p>کشتی‌ها دوباره حرکت کردند و بندر در سال ۱۴۰۳ باز شد.</p>",
            language="fa",
        )
    page = BeautifulSoup(client.get("/search/", {"q": "كشتي 1403"}).content, "html.parser")
    marked = [mark.get_text() for mark in page.select(".search-result-snippet mark")]
    assert marked == ["کشتی", "۱۴۰۳"]
    page = BeautifulSoup(client.get("/search/", {"q": "کشتیها بندر"}).content, "html.parser")
    assert [m.get_text() for m in page.select(".search-result-title mark")] == ["بندر"]
    assert [m.get_text() for m in page.select(".search-result-snippet mark")] == [
        "کشتی‌ها",
        "بندر",
    ]


def test_snippets_are_cut_around_the_first_match_and_escaped(committed, client):
    filler = " ".join(f"word{n}" for n in range(200))
    with committed():
        factories.post(
            "Long read",
            body=f"<p>{filler} the <b>needle</b> &lt;script&gt; {filler}</p>",
        )
    response = client.get("/search/", {"q": "needle"})
    snippet = BeautifulSoup(response.content, "html.parser").select_one(".search-result-snippet")
    text = snippet.get_text()
    assert text.startswith("… ") and text.endswith(" …") and len(text) < 300
    assert snippet.mark.get_text() == "needle" and "<script>" in text
    assert b"<script>" not in response.content


def test_hostile_queries_answer_with_a_page(committed, search_page):
    with committed():
        factories.post("Ordinary story", body="<p>An ordinary text.</p>")
    hostile = [
        '"',
        '"unbalanced',
        "'",
        "NEAR(",
        "NEAR(ordinary story, 2)",
        "*",
        "ordinary*",
        "'; DROP TABLE content_post; --",
        "OR",
        "AND NOT",
        "ordinary AND NOT story",
        "^ordinary",
        "-",
        "-ordinary",
        ":",
        "title:ordinary",
        "x" * 5000,
        "ordinary\x00story",
        "😀🔥",
        "() [] {} <> & | ! @ # $ % ~ ` \\",
        "%s %(q)s {0}",
        "<script>alert(1)</script>",
        "\u200c\u200f\u202e",
        "ordinary " * 100,
    ]
    for query in hostile:
        search_page(query)
    assert search_page('"ordinary') == ["Ordinary story"]
    assert search_page("ordinary:") == ["Ordinary story"]
    assert search_page("ordinary\x00story") == ["Ordinary story"]
    for params in ({"page": "x"}, {"page": "-3"}, {"page": "99999999999999"}, {"page": "۲"}):
        search_page("ordinary", **params)


def test_results_are_paginated(committed, client, settings):
    with committed():
        for n, when in enumerate(factories.timeline(12)):
            factories.post(f"Harbour note {n}", when=when)
    first = search.search("harbour", 1)
    second = search.search("harbour", 2)
    assert (first.total, len(first.hits), first.has_next) == (12, 10, True)
    assert (len(second.hits), second.has_next, second.has_previous) == (2, False, True)
    assert {h.post.pk for h in first.hits}.isdisjoint({h.post.pk for h in second.hits})
    assert search.search("harbour", 3).hits == []
    page = BeautifulSoup(client.get("/search/", {"q": "harbour"}).content, "html.parser")
    assert page.select_one("a[rel=next]")["href"] == "/search/?q=harbour&page=2"
    assert page.select_one("meta[name=robots]")["content"] == "noindex"


def test_unpublished_trashed_and_deleted_posts_leave_the_results(committed):
    with committed():
        kept = factories.post("Lighthouse kept")
        hidden = factories.post("Lighthouse hidden")
        trashed = factories.post("Lighthouse trashed")
        deleted = factories.post("Lighthouse deleted")
        factories.post("Lighthouse draft", status=Status.DRAFT)
    assert len(_titles("lighthouse")) == 4
    with committed():
        actions.unpublish_post(hidden)
        actions.trash_post(trashed)
        actions.delete_post(deleted)
    assert _titles("lighthouse") == ["Lighthouse kept"]
    with committed():
        actions.publish_post(hidden)
        kept.title, kept.body = "Beacon kept", "<p>A new light.</p>"
        actions.save_post(kept)
    assert sorted(_titles("lighthouse")) == ["Lighthouse hidden"]
    assert _titles("beacon") == ["Beacon kept"]


def test_a_protected_post_is_found_by_its_title_only(committed):
    with committed():
        factories.post("Secret plans", password="open", body="<p>Hidden treasure map.</p>")
    assert _titles("secret") == ["Secret plans"]
    assert _titles("treasure") == []


def test_a_renamed_tag_is_searched_by_its_new_name(committed):
    tag = factories.tag("Fisheries")
    with committed():
        factories.post("Boats", tags=[tag])
    assert _titles("fisheries") == ["Boats"]
    with committed():
        tag.name = "Aquaculture"
        actions.save_term(tag)
    assert _titles("aquaculture") == ["Boats"]
    assert _titles("fisheries") == []
    with committed():
        actions.delete_term(Tag.objects.get(pk=tag.pk))
    assert _titles("aquaculture") == []


def test_imported_posts_are_indexed_after_the_import_commits(committed):
    with committed():
        entries = [
            actions.ImportedPost(Post(title=f"Imported {n}", slug=f"imported-{n}", status=status))
            for n, status in enumerate([Status.PUBLISHED, Status.DRAFT])
        ]
        actions.import_posts(entries)
        actions.finish_import(posts=Post.objects.filter(slug__startswith="imported-"))
    assert _titles("imported") == ["Imported 0"]


def test_reindex_rebuilds_the_index_from_public_posts(committed):
    factories.post("Quay one")  # saved outside `committed`: never indexed
    factories.post("Quay draft", status=Status.DRAFT)
    assert _titles("quay") == []
    call_command("reindex", verbosity=0)
    assert _titles("quay") == ["Quay one"]
    call_command("reindex", verbosity=0)  # twice: no duplicates
    assert _titles("quay") == ["Quay one"]


def test_the_header_has_a_plain_search_form(client, committed):
    with committed():
        factories.post("Story")
    page = BeautifulSoup(client.get("/").content, "html.parser")
    form = page.select_one("header.site-header form[role=search]")
    assert (form["method"], form["action"]) == ("get", "/search/")
    assert form.select_one("input[type=search]")["name"] == "q"
    assert not page.select("script")


def test_the_persian_edition_searches_in_persian_words(committed, client):
    with committed():
        factories.post("خبر بندر", language="fa")
        factories.post("Harbour news")
    page = BeautifulSoup(client.get("/fa/search/", {"q": "بندر"}).content, "html.parser")
    assert (page.html["lang"], page.html["dir"]) == ("fa", "rtl")
    assert page.h1.get_text() == "نتیجه‌های جست‌وجو برای «بندر»"
    assert page.select_one(".search-count").get_text() == "۱ نوشته پیدا شد"
    assert page.select_one(".search-form")["action"] == "/fa/search/"
    response = client.get("/en/search/", {"q": "harbour"})
    assert (response.status_code, response["Location"]) == (301, "/search/?q=harbour")


def test_a_mark_stays_with_the_letter_it_sits_on(committed, client):
    with committed():
        factories.post("کتابخانهٔ شهر", language="fa")
    title = BeautifulSoup(
        client.get("/search/", {"q": "كتابخانه"}).content, "html.parser"
    ).select_one(".search-result-title")
    assert title.mark.get_text() == "کتابخانهٔ"
