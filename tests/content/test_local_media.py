"""Pictures, video and sound from other hosts load nothing: in bodies (both formats, and
imported from WordPress), in comments, and in what readers get of them (post pages,
archives, feeds); bodies stored before are rendered again by the migration."""

from __future__ import annotations

import importlib
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.test import Client
from django.utils import timezone

from newsdesk.content.html import plain_text, render_body, sanitize, summarise
from newsdesk.content.models import Comment, Image, Post
from newsdesk.wordpress.convert import GalleryImage, convert
from tests import factories

ELSEWHERE = "https://pictures.example.net"


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def loaded_addresses(html: str) -> list[str]:
    """What a browser would load by itself from this HTML."""
    found = []
    for element in soup(html).find_all(["img", "video", "audio", "source", "track"]):
        for attribute in ("src", "poster"):
            if element.get(attribute):
                found.append(element[attribute])
        for candidate in (element.get("srcset") or "").split(","):
            if candidate.strip():
                found.append(candidate.split()[0])
    return found


def assert_nothing_from_elsewhere(html: str) -> None:
    hosts = {urlsplit(address).hostname for address in loaded_addresses(html)}
    assert hosts <= {None, "127.0.0.1"}, hosts


def test_a_picture_from_elsewhere_becomes_its_description_and_a_link(settings):
    settings.BASE_URL = "https://news.example.org"
    html = render_body(
        f'<p>Before <img src="{ELSEWHERE}/a.jpg" alt="Two cranes over the harbour"> after</p>'
    )
    assert "<img" not in html
    box = soup(html).select_one(".remote-media.remote-image")
    assert box.select_one(".remote-media-alt").get_text() == "Two cranes over the harbour"
    link = box.select_one("a.remote-media-link")
    assert link["href"] == f"{ELSEWHERE}/a.jpg" and "pictures.example.net" in link.get_text()
    assert soup(html).p.get_text(" ", strip=True).startswith("Before")  # still in its paragraph


def test_a_picture_without_alt_text_still_says_what_it_is():
    box = soup(render_body(f'<img src="{ELSEWHERE}/b.jpg">')).select_one(".remote-media-alt")
    assert box.get_text() == "An image"


def test_pictures_on_the_sites_own_host_stay_and_others_do_not(settings):
    settings.BASE_URL = "https://news.example.org"
    settings.MEDIA_URL = "https://media.example.org/files/"
    body = (
        '<img src="/media/a.jpg" alt="a"><img src="photos/b.jpg" alt="b">'
        '<img src="https://news.example.org/media/c.jpg" alt="c">'
        '<img src="https://media.example.org/files/d.jpg" alt="d">'
    )
    html = render_body(body + f'<img src="{ELSEWHERE}/e.jpg" alt="e">')
    assert [img["alt"] for img in soup(html).find_all("img")] == ["a", "b", "c", "d"]
    assert [box.get_text() for box in soup(html).select(".remote-media-alt")] == ["e"]


def test_a_srcset_keeps_the_sites_own_candidates_only():
    html = render_body(
        '<img src="/media/a.jpg" alt="a" srcset="/media/a-300.jpg 300w, '
        f'{ELSEWHERE}/a-600.jpg 600w, data:image/png;base64,AAAA 900w" sizes="50vw">'
    )
    assert soup(html).img["srcset"] == "/media/a-300.jpg 300w"


def test_video_and_sound_from_elsewhere_become_links_and_keep_what_is_ours():
    remote = render_body(
        f'<video controls src="{ELSEWHERE}/v.mp4" poster="{ELSEWHERE}/p.jpg">'
        f'<source src="{ELSEWHERE}/v.webm"></video>'
        f'<audio controls><source src="{ELSEWHERE}/a.mp3"></audio>'
    )
    assert "<video" not in remote and "<audio" not in remote
    assert [a["href"] for a in soup(remote).select("a.remote-media-link")] == [
        f"{ELSEWHERE}/v.mp4",
        f"{ELSEWHERE}/a.mp3",
    ]
    mixed = render_body(
        f'<video controls poster="{ELSEWHERE}/p.jpg"><source src="/media/v.webm">'
        f'<source src="{ELSEWHERE}/v.mp4"><track src="{ELSEWHERE}/fa.vtt" kind="subtitles"></video>'
    )
    video = soup(mixed).video
    assert not video.get("poster") and not video.find("track")
    assert [source["src"] for source in video.find_all("source")] == ["/media/v.webm"]


def test_a_linked_picture_from_elsewhere_holds_no_link_of_its_own():
    html = render_body(
        f'<a href="{ELSEWHERE}/full.jpg"><img src="{ELSEWHERE}/t.jpg" alt="Quay"></a>'
    )
    assert len(soup(html).find_all("a")) == 1
    assert soup(html).a.select_one(".remote-media-alt").get_text() == "Quay"


def test_markdown_and_wordpress_pictures_from_elsewhere_load_nothing():
    markdown = render_body(f"Look: ![The quay]({ELSEWHERE}/q.jpg)", "markdown")
    assert soup(markdown).select_one(".remote-media-alt").get_text() == "The quay"
    imported = convert(
        f'[caption id="attachment_1"]<img src="{ELSEWHERE}/c.jpg" alt="Bell"> Bell on wharf[/caption]'
        '\n\n[gallery ids="1,2"]',
        gallery=lambda attributes: [
            GalleryImage(f"{ELSEWHERE}/g1.jpg", "Gull"),
            GalleryImage("/media/g2.jpg", "Gate"),
        ],
    ).html
    html = render_body(imported)
    assert [box.get_text() for box in soup(html).select(".remote-media-alt")] == ["Bell", "Gull"]
    assert [img["src"] for img in soup(html).find_all("img")] == ["/media/g2.jpg"]
    assert loaded_addresses(markdown) == []
    assert loaded_addresses(html) == ["/media/g2.jpg"]


def test_placeholders_stay_out_of_summaries_and_search_text():
    body = f'<p>The harbour <img src="{ELSEWHERE}/a.jpg" alt="cranes"> reopened.</p>'
    stored = render_body(body)
    assert "remote-media" in stored
    assert summarise("", body) == "The harbour reopened."
    assert plain_text(stored) == "The harbour reopened."


def test_comments_are_held_to_the_same_rule():
    assert "<img" not in sanitize(f'Nice! <img src="{ELSEWHERE}/cat.gif" alt="a cat">')


@pytest.mark.django_db
def test_readers_pages_and_feeds_load_nothing_from_elsewhere(settings):
    settings.BASE_URL = "http://127.0.0.1"
    picture = Image.objects.create(
        title="Quay", alt_text="The quay", original_url=f"{ELSEWHERE}/quay.jpg"
    )
    harbour = factories.tag("Harbour")
    post = factories.post(
        "Quay reopens",
        tags=[harbour],
        featured_image=picture,
        body=f'<p>Lead.</p><img src="{ELSEWHERE}/inline.jpg" alt="Inline" srcset="{ELSEWHERE}/i2.jpg 2x">'
        f'<video src="{ELSEWHERE}/v.mp4" poster="{ELSEWHERE}/p.jpg"></video>',
    )
    client = Client()
    for address in (post.get_absolute_url(), harbour.get_absolute_url(), "/"):
        page = client.get(address)
        assert page.status_code == 200, address
        html = page.content.decode()
        assert_nothing_from_elsewhere(html)
        for meta in soup(html).select("meta[content]"):
            assert "pictures.example.net" not in meta["content"], (address, meta)
        assert "pictures.example.net/quay.jpg" not in html  # nor in JSON-LD
    feed = client.get("/feed/").content.decode()
    assert "pictures.example.net/quay.jpg" not in feed  # no enclosure, no media:content
    content = BeautifulSoup(feed, "xml").find("content:encoded") or BeautifulSoup(feed, "xml").find(
        "encoded"
    )
    assert content is not None and "Inline" in content.get_text()
    assert_nothing_from_elsewhere(content.get_text())


@pytest.mark.django_db
def test_the_migration_renders_stored_bodies_again():
    post = factories.post("Old", body=f'<p>Old <img src="{ELSEWHERE}/old.jpg" alt="Old quay"></p>')
    page = factories.page("About", body=f'<img src="{ELSEWHERE}/team.jpg" alt="The team">')
    comment = Comment.objects.create(
        post=post, author_name="Reader", body="x", created_at=timezone.now()
    )
    # As they were stored before placeholders existed.
    Post.objects.filter(pk=post.pk).update(
        body_html=f'<p>Old <img src="{ELSEWHERE}/old.jpg" alt="Old quay"></p>'
    )
    type(page).objects.filter(pk=page.pk).update(
        body_html=f'<img src="{ELSEWHERE}/team.jpg" alt="The team">'
    )
    Comment.objects.filter(pk=comment.pk).update(body=f'<img src="{ELSEWHERE}/cat.gif" alt="cat">')
    migration = importlib.import_module("newsdesk.content.migrations.0012_local_media_only")
    migration.render_again(apps, None)
    post.refresh_from_db()
    page.refresh_from_db()
    comment.refresh_from_db()
    for html, alt in (
        (post.body_html, "Old quay"),
        (page.body_html, "The team"),
        (comment.body, "cat"),
    ):
        assert "<img" not in html and soup(html).select_one(".remote-media-alt").get_text() == alt
