"""Scheduled posts go live without anyone remembering a cron job: the management command
(for cron) and the scheduler thread ``newsdesk serve`` runs."""

import io
import logging
import os
import queue
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsdesk import serve
from newsdesk.content import actions, scheduler
from newsdesk.content.models import Post, Status
from tests import factories


def scheduled(title: str, minutes_ago: float) -> Post:
    """A post scheduled an hour before its time, which was ``minutes_ago`` minutes ago."""
    when = timezone.now() - timedelta(minutes=minutes_ago)
    post = Post(title=title, body="<p>Text.</p>", status=Status.PUBLISHED, published_at=when)
    actions.save_post(post, now=when - timedelta(hours=1))
    assert post.status == Status.SCHEDULED
    return post


@pytest.mark.django_db
def test_the_command_publishes_what_is_due_and_nothing_else():
    due = scheduled("Due", minutes_ago=1)
    later = factories.post("Later", when=timezone.now() + timedelta(hours=3))
    out = io.StringIO()
    call_command("publish_due", stdout=out)
    assert out.getvalue().strip() == "Published 1 scheduled post."
    assert Post.objects.get(pk=due.pk).status == Status.PUBLISHED
    assert Post.objects.get(pk=later.pk).status == Status.SCHEDULED
    out = io.StringIO()
    call_command("publish_due", stdout=out)
    assert out.getvalue().strip() == "Published 0 scheduled posts."


@pytest.mark.django_db
def test_one_failing_post_does_not_hold_back_the_others(caplog, monkeypatch):
    broken, fine = scheduled("Broken", minutes_ago=2), scheduled("Fine", minutes_ago=1)
    publish = actions.publish_post

    def publish_failing_for_one(post, **kwargs):
        # Stands in for what cannot be staged for real: the disk filling mid-round.
        if post.pk == broken.pk:
            raise OSError("No space left on device")
        return publish(post, **kwargs)

    monkeypatch.setattr(actions, "publish_post", publish_failing_for_one)
    with caplog.at_level(logging.ERROR, logger="newsdesk.content.actions"):
        stale = actions.publish_due()
    assert Post.objects.get(pk=fine.pk).status == Status.PUBLISHED
    assert Post.objects.get(pk=broken.pk).status == Status.SCHEDULED
    assert Post.objects.get(pk=fine.pk).get_absolute_url() in stale.paths
    assert f"Could not publish scheduled post {broken.pk}" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_thread_publishes_due_posts_round_after_round():
    rounds: queue.Queue = queue.Queue()
    first = scheduled("First", minutes_ago=1)
    running = scheduler.Scheduler(interval=0.01, after_round=rounds.put).start()
    try:
        rounds.get(timeout=30)
        assert Post.objects.get(pk=first.pk).status == Status.PUBLISHED
        second = scheduled("Second", minutes_ago=0.5)
        # Wait for a round that started after the second post was scheduled.
        while not rounds.get(timeout=30).paths:
            pass
        assert Post.objects.get(pk=second.pk).status == Status.PUBLISHED
    finally:
        running.stop(timeout=30)
    assert not running.thread.is_alive()


@pytest.mark.django_db(transaction=True)
def test_a_failing_round_is_logged_and_the_thread_goes_on(caplog, monkeypatch):
    calls = []

    def flaky(now=None):
        # Stands in for the database going away between two rounds.
        calls.append(now)
        if len(calls) == 1:
            raise ConnectionError("database went away")
        return actions.Stale({"/"})

    monkeypatch.setattr(actions, "publish_due", flaky)
    rounds: queue.Queue = queue.Queue()
    with caplog.at_level(logging.ERROR, logger="newsdesk.content.scheduler"):
        running = scheduler.Scheduler(interval=0.01, after_round=rounds.put).start()
        try:
            assert not rounds.get(timeout=30)  # the failed round: nothing published
            assert rounds.get(timeout=30).paths == {"/"}  # and the next one ran
        finally:
            running.stop(timeout=30)
    assert "could not publish due posts" in caplog.text
    assert "database went away" in caplog.text


def test_newsdesk_serve_runs_the_scheduler_unless_told_not_to():
    assert serve.parser().parse_args([]).scheduler is True
    assert serve.parser().parse_args(["--no-scheduler"]).scheduler is False


def test_the_gunicorn_hooks_start_and_stop_a_scheduler_process(monkeypatch, tmp_path):
    """A process of its own: a thread in the master would be forked into every worker."""
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path))
    call_command_in(tmp_path, "init")
    scheduler.when_ready(None)
    (running,) = scheduler._running
    try:
        assert running.poll() is None  # rounds keep it running
        assert "publish-due" in running.args and "--every" in running.args
    finally:
        scheduler.on_exit(None)
    assert not scheduler._running and running.poll() is not None


def call_command_in(data_dir, *command):
    subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", *command],
        env={**os.environ, "NEWSDESK_DATA_DIR": str(data_dir)},
        check=True,
        capture_output=True,
    )
