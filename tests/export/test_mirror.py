"""An exported demo site, served by ``python -m http.server`` under a sub-path and
crawled like a reader would: nothing broken, relative or with a base address."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import lxml.html

from newsdesk.content.models import Post
from newsdesk.export.exporter import Options, export
from newsdesk.export.integrity import MANIFEST
from tests.export.demo import MAIN, RENDER_HOST, DemoSiteTestCase
from tests.export.mirror import crawl, files_in, free_port, static_server


class RelativeMirrorTests(DemoSiteTestCase):
    def test_served_under_a_sub_path_every_link_and_asset_works(self):
        root = Path(self.folder)
        mirror = root / "mirror" / "sub"
        report = export(Options(mirror))
        assert report.full and report.pages > 300
        assert report.skipped == []  # every address the inventory named is a public page
        assert (mirror / "404.html").is_file()

        with static_server(root) as server:
            start = f"{server}/mirror/sub/"
            result = crawl(start, inside=start)
            listed = _listed(mirror)
            direct = {name: _fetch_status(f"{start}{quote(name)}") for name in listed}

        assert result.broken == []
        reached = result.paths(start)
        assert len(reached) > 300
        for wanted in (
            "index.html",
            "page/2/index.html",
            "tag/river-wend/index.html",
            "category/science/index.html",
            "author/iris-calloway/index.html",
            "series/rebuilding-the-riverside/index.html",
            "feed/index.xml",
            "feed/atom/index.xml",
            "sitemap.xml",
            "static/newsdesk/site.css",
            "static/newsdesk/icon.svg",
            "fa/index.html",  # the Persian edition, through the language links
        ):
            assert wanted in reached, wanted
        persian = Post.objects.public().filter(language="fa").first()
        assert unquote(persian.get_absolute_url()).lstrip("/") + "index.html" in reached
        # Pictures, as the pages show them: their renditions (the originals are not served).
        assert any(path.startswith("media/renditions/") for path in reached)
        # Every file the manifest lists is served as it is, at its name.
        assert set(direct.values()) == {200}
        # Links that leave the mirror go to other sites or to the main address, never to
        # the host serving the mirror (outside the sub-path).
        assert not [link for link in result.outside if link.startswith(server)]

        port = urlsplit(server).port
        for name, body in files_in(mirror).items():
            assert f"127.0.0.1:{port}".encode() not in body, name
            assert RENDER_HOST.encode() not in body, name

    def test_opened_from_disk_every_relative_link_is_a_file(self):
        folder = Path(self.folder)
        export(Options(folder))
        checked = 0
        for name, body in files_in(folder).items():
            if not name.endswith(".html"):
                continue
            document = lxml.html.document_fromstring(body)
            for element in document.xpath("//*[@href] | //*[@src]"):
                link = element.get("href") or element.get("src")
                parts = urlsplit(link)
                if parts.scheme or parts.netloc or not parts.path:
                    continue
                target = (folder / name).parent / unquote(parts.path)
                assert target.is_file(), f"{name}: {link}"
                checked += 1
        assert checked > 5000

    def test_feeds_sitemaps_and_canonical_links_keep_the_main_address(self):
        folder = Path(self.folder)
        export(Options(folder))
        # Searching needs the live site: the form sends the reader there.
        home = lxml.html.fromstring((folder / "index.html").read_bytes())
        assert home.xpath("//form[@role='search']/@action") == [f"{MAIN}/search/"]
        post = Post.objects.public().filter(language="en").first()
        page = (folder / unquote(post.get_absolute_url()).lstrip("/") / "index.html").read_text()
        canonical = lxml.html.fromstring(page).xpath("//link[@rel='canonical']/@href")
        assert canonical == [MAIN + post.get_absolute_url()]
        assert f"<loc>{MAIN}/</loc>" in (folder / "sitemap-pages.xml").read_text()
        assert f"<link>{MAIN}/</link>" in (folder / "feed" / "index.xml").read_text()
        assert f"Sitemap: {MAIN}/sitemap.xml" in (folder / "robots.txt").read_text()


class BaseAddressMirrorTests(DemoSiteTestCase):
    def test_served_at_its_base_address_every_link_sitemap_and_feed_address_works(self):
        root = Path(self.folder)
        mirror = root / "mirror" / "sub"
        port = free_port()
        base = f"http://127.0.0.1:{port}/mirror/sub"
        export(Options(mirror, base_url=base))

        with static_server(root, port) as server:
            assert server == f"http://127.0.0.1:{port}"
            result = crawl(f"{base}/", inside=f"{base}/", follow_xml=True)

        assert result.broken == []
        reached = result.paths(f"{base}/")
        assert len(reached) > 300
        # Sitemaps name every post, page, tag, category and author: all reached.
        assert "sitemap-tags.xml" in reached and "sitemap-pages.xml" in reached
        for post in Post.objects.public():
            assert unquote(post.get_absolute_url()).lstrip("/") in reached, post.slug
        assert "feed/index.xml" in reached and "feed/atom/index.xml" in reached
        assert not [link for link in result.outside if link.startswith(server)]

        sitemap = (mirror / "sitemap-pages.xml").read_text()
        assert f"<loc>{base}/</loc>" in sitemap
        feed = (mirror / "feed" / "index.xml").read_text()
        assert f'href="{base}/feed/index.xml"' in feed  # the self link names the file
        assert f'<guid isPermaLink="false">{MAIN}/?p=' in feed  # ids stay the main site's
        post = Post.objects.public().filter(language="en").first()
        page = (mirror / unquote(post.get_absolute_url()).lstrip("/") / "index.html").read_text()
        document = lxml.html.fromstring(page)
        assert document.xpath("//link[@rel='canonical']/@href") == [MAIN + post.get_absolute_url()]
        assert document.xpath("//link[@rel='stylesheet']/@href") == [
            f"{base}/static/newsdesk/site.css"
        ]
        assert (mirror / "robots.txt").read_text().count(f"Sitemap: {base}/") == 2


def _listed(folder: Path) -> list[str]:
    return [line.split("  ", 1)[1] for line in (folder / MANIFEST).read_text().splitlines()]


def _fetch_status(url: str) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - local
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
