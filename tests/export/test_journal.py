"""The journal of stale sets that incremental exports read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.content import actions
from newsdesk.export import journal
from newsdesk.export.exporter import Options, export
from newsdesk.export.models import StaleRecord
from tests import factories

pytestmark = pytest.mark.django_db


def test_each_committed_change_is_recorded_with_its_stale_set(django_capture_on_commit_callbacks):
    news = factories.tag("News")
    mark = journal.latest_mark()
    with django_capture_on_commit_callbacks(execute=True):
        post = factories.post("First story", tags=[news])
    with django_capture_on_commit_callbacks(execute=True):
        post.title = "First story, edited"
        stale = actions.save_post(post)
    changes = journal.changes_since(mark)
    assert not changes.everything
    assert stale.paths <= changes.paths
    assert "/tag/news/" in changes.paths and post.get_absolute_url() in changes.paths
    assert journal.changes_since(journal.latest_mark()).paths == set()


def test_a_site_wide_change_makes_everything_stale(django_capture_on_commit_callbacks):
    news = factories.tag("News")
    mark = journal.latest_mark()
    with django_capture_on_commit_callbacks(execute=True):
        news.name = "World news"
        actions.save_term(news)
    assert journal.changes_since(mark).everything


def test_pruning_keeps_the_newest_record_and_a_pruned_gap_means_everything():
    old = timezone.now() - journal.RETENTION - timedelta(days=1)
    records = [StaleRecord.objects.create(paths=f"/story-{n}/", recorded_at=old) for n in range(3)]
    assert journal.prune() == 2
    assert list(StaleRecord.objects.values_list("pk", flat=True)) == [records[-1].pk]
    # An export whose last record was pruned cannot know what pruned records said.
    assert journal.changes_since(records[0].pk).everything
    assert journal.changes_since(records[1].pk).everything
    assert journal.changes_since(records[2].pk).paths == set()


def test_ids_skipped_by_the_database_are_not_mistaken_for_pruned_records():
    """A sequence skips the ids of rolled-back inserts (PostgreSQL); that is no gap."""
    mark = journal.latest_mark()
    StaleRecord.objects.create(pk=mark + 7, paths="/story-9/")
    assert journal.changes_since(mark) == journal.Changes(paths={"/story-9/"})


def test_an_empty_journal_still_gives_a_mark_that_names_a_record():
    StaleRecord.objects.all().delete()
    mark = journal.latest_mark()
    assert StaleRecord.objects.filter(pk=mark).exists()
    assert journal.changes_since(mark) == journal.Changes()


def test_an_export_after_a_site_wide_change_is_a_full_one(
    tmp_path, django_capture_on_commit_callbacks
):
    news = factories.tag("News")
    factories.post("A story", tags=[news])
    first = export(Options(tmp_path / "mirror"))
    assert first.full
    assert not export(Options(tmp_path / "mirror")).full
    with django_capture_on_commit_callbacks(execute=True):
        factories.site_settings(name="The Evening Ledger")
    again = export(Options(tmp_path / "mirror"))
    assert again.full
    assert "The Evening Ledger" in (tmp_path / "mirror" / "tag/news/index.html").read_text()
