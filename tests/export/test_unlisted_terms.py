"""The static export holds the terms the site shows: one with no public post (a tag on
a draft, a byline not yet published) is neither exported nor tried."""

import pytest

from newsdesk.content import actions
from newsdesk.content.models import Status
from newsdesk.export.exporter import Options, export
from tests import factories
from tests.export.mirror import files_in

pytestmark = pytest.mark.django_db


def test_a_term_without_public_posts_is_exported_only_while_it_has_some(
    tmp_path, django_capture_on_commit_callbacks
):
    factories.post("Council approves budget", tags=[factories.tag("Council")])
    secret, writer = factories.tag("Raid on the printing house"), factories.author("Cora")
    draft = factories.post("Draft", tags=[secret], authors=[writer], status=Status.DRAFT)
    mirror = tmp_path / "mirror"
    first = export(Options(mirror))
    assert "tag/council/index.html" in first.written
    hidden = [secret.get_absolute_url(), writer.get_absolute_url()]
    for address in hidden:
        folder = address.strip("/")
        assert not (mirror / folder).exists(), address
        assert address not in first.skipped  # not even tried: the inventory leaves it out

    with django_capture_on_commit_callbacks(execute=True):  # the journal hears of it
        actions.publish_post(draft)
    export(Options(mirror))
    assert (mirror / "tag/raid-on-the-printing-house/index.html").is_file()
    with django_capture_on_commit_callbacks(execute=True):
        actions.unpublish_post(draft)
    export(Options(mirror))
    assert not (mirror / "tag/raid-on-the-printing-house/index.html").exists()
    full = export(Options(tmp_path / "full", full=True))
    assert not [path for path in full.skipped if path in hidden]
    assert files_in(mirror) == files_in(tmp_path / "full")
