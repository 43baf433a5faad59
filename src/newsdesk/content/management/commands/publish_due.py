"""``newsdesk publish-due``: publish every scheduled post whose time has come.

Once, for cron, on a site not served by ``newsdesk serve``; or ``--every SECONDS``,
round after round until stopped (``newsdesk serve`` runs it so, every 30 seconds).
Running both is harmless.
"""

import signal
import threading

from django.core.management.base import BaseCommand

from newsdesk.content import actions, scheduler
from newsdesk.content.models import Post, Status


class Command(BaseCommand):
    help = "Publish the scheduled posts whose publication time has come."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--every",
            type=float,
            metavar="SECONDS",
            help="keep running: one round now, then one every SECONDS, until stopped",
        )

    def handle(self, *args, **options) -> None:
        if options["every"]:
            stop = threading.Event()
            for number in (signal.SIGTERM, signal.SIGINT):
                signal.signal(number, lambda *_: stop.set())
            scheduler.run(stop, options["every"])
            return
        before = set(Post.objects.filter(status=Status.SCHEDULED).values_list("pk", flat=True))
        actions.publish_due()
        published = Post.objects.filter(pk__in=before, status=Status.PUBLISHED).count()
        self.stdout.write(f"Published {published} scheduled post{'s' if published != 1 else ''}.")
