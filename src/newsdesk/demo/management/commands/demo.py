"""``newsdesk demo``: fill an empty site with the demo outlet."""

from __future__ import annotations

import argparse
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from newsdesk.demo import outlet


class Command(BaseCommand):
    help = (
        "Fill an EMPTY site with a deterministic demo outlet (posts, tags, authors, images, "
        "pages, menus, settings). Refuses when posts or pages exist."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the site already has content.",
        )
        parser.add_argument(
            "--anchor",
            type=_moment,
            help="Date the demo is written relative to (ISO 8601, UTC if no offset); "
            "default: the current hour.",
        )

    def handle(self, *args, if_empty: bool = False, anchor: datetime | None = None, **options):
        if not outlet.site_is_empty():
            if if_empty:
                self.stdout.write("The site already has content; the demo was not loaded.")
                return
            raise CommandError(
                "This site already has posts or pages; the demo only fills an empty site. "
                "Point NEWSDESK_DATA_DIR (or DATABASE_URL) at a new location to try it."
            )
        report = outlet.build(anchor)
        self.stdout.write(self.style.SUCCESS(str(report)))


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO 8601 date, e.g. 2025-06-01T09:00"
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_fixed_timezone(0))
    return moment
