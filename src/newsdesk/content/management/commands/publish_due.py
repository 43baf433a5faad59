"""``newsdesk publish-due``: publish every scheduled post whose time has come.

For cron, on a site not served by ``newsdesk serve`` (which does this every 30 seconds
by itself); running both is harmless.
"""

from django.core.management.base import BaseCommand

from newsdesk.content import actions
from newsdesk.content.models import Post, Status


class Command(BaseCommand):
    help = "Publish the scheduled posts whose publication time has come."

    def handle(self, *args, **options) -> None:
        before = set(Post.objects.filter(status=Status.SCHEDULED).values_list("pk", flat=True))
        actions.publish_due()
        published = Post.objects.filter(pk__in=before, status=Status.PUBLISHED).count()
        self.stdout.write(f"Published {published} scheduled post{'s' if published != 1 else ''}.")
