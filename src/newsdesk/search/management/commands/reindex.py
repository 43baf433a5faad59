"""``newsdesk reindex``: rebuild the search index from the public posts."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from newsdesk.content.models import Post
from newsdesk.search.backends import backend

BATCH = 500


class Command(BaseCommand):
    help = "Rebuild the search index from every public post (after an upgrade or a repair)."

    def handle(self, *args, **options) -> None:
        search = backend()
        public = Post.objects.public().order_by("pk")
        count = 0
        with transaction.atomic():
            search.clear()
            batch: list[Post] = []
            # In key order: sorting by date would make the database sort every post first.
            for post in public.iterator(chunk_size=BATCH):
                batch.append(post)
                if len(batch) == BATCH:
                    search.index_many(batch)
                    count += len(batch)
                    batch = []
            search.index_many(batch)
            count += len(batch)
        if options["verbosity"]:
            self.stdout.write(f"Indexed {count} public posts for search.")
