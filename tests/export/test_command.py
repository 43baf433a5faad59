"""``newsdesk export-static`` as an operator runs it, and rendering on several cores."""

from __future__ import annotations

import io

import lxml.html
import pytest
from django.core.management import CommandError, call_command

from newsdesk.export import pool
from newsdesk.export.exporter import Options, export
from tests import factories
from tests.export.mirror import files_in


@pytest.fixture
def site():
    news, sport = factories.tag("News"), factories.tag("Sport")
    writer = factories.author("Writer One")
    times = factories.timeline(30)
    for number in range(30):
        factories.post(
            f"Story {number}",
            tags=[news if number % 3 else sport],
            authors=[writer],
            when=times[number],
            body="<p>One.</p><!--nextpage--><p>Two.</p>" if number == 4 else "<p>Text.</p>",
            password="open sesame" if number == 7 else "",
        )


@pytest.mark.django_db
def test_the_command_reports_what_it_wrote(site, tmp_path):
    out = io.StringIO()
    call_command("export_static", str(tmp_path / "m"), "--relative", "-v", "2", stdout=out)
    text = out.getvalue()
    assert "written  tag/news/index.html" in text
    assert "written  story-4/2/index.html" in text
    assert "(full: " in text
    out = io.StringIO()
    call_command("export_static", str(tmp_path / "m"), stdout=out)
    assert "(incremental: " in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "arguments",
    [
        ["--base-url", "ftp://mirror.example"],
        ["--base-url", "https://m.example/?x=1"],
        ["--jobs", "0"],
    ],
)
def test_the_command_refuses_what_it_cannot_do(site, tmp_path, arguments):
    with pytest.raises(CommandError):
        call_command("export_static", str(tmp_path / "m"), *arguments, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_parallel_workers_write_the_same_files_as_one_process(site, tmp_path, monkeypatch):
    monkeypatch.setattr(pool, "SERIAL_BELOW", 1)
    monkeypatch.setattr(pool, "CHUNK", 7)
    serial = export(Options(tmp_path / "serial", jobs=1))
    parallel = export(Options(tmp_path / "parallel", jobs=2))
    assert serial.pages == parallel.pages > 60
    assert files_in(tmp_path / "serial") == files_in(tmp_path / "parallel")


@pytest.mark.django_db
def test_switching_to_a_base_address_renders_again_and_keeps_what_did_not_change(site, tmp_path):
    folder = tmp_path / "m"
    export(Options(folder))
    same = ("mirrors.json", "static/newsdesk/site.css")
    before = {name: (folder / name).stat().st_mtime_ns for name in same}
    again = export(Options(folder, base_url="https://mirror.example/news"))
    assert again.full and again.removed == []
    assert {"sitemap.xml", "index.html", "story-4/2/index.html"} <= set(again.written)
    assert "https://mirror.example/news/tag/news/" in (folder / "index.html").read_text()
    assert {name: (folder / name).stat().st_mtime_ns for name in same} == before
    back = export(Options(folder))
    assert back.full and "sitemap.xml" in back.written
    unchanged = export(Options(folder))
    assert not unchanged.full and unchanged.written == []


@pytest.mark.django_db
def test_a_protected_post_sends_its_password_to_the_main_site(site, tmp_path, settings):
    settings.BASE_URL = "https://news.example"
    folder = tmp_path / "m"
    export(Options(folder))
    page = (folder / "story-7" / "index.html").read_text()
    document = lxml.html.fromstring(page)
    assert document.xpath("//form[@method='post']/@action") == ["https://news.example/story-7/"]
    assert "csrfmiddlewaretoken" not in page  # a token rendered once means nothing on a mirror
    assert "Text." not in page  # the body stays locked
    assert not export(Options(folder)).written  # and the page renders the same every time
