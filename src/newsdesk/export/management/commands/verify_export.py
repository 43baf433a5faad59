"""``newsdesk verify-export DIR``: is this mirror what the newsroom published?"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.export.integrity import verify


class Command(BaseCommand):
    help = (
        "Check an export folder (or its zip bundle) against its MANIFEST.sha256: every "
        "added, missing or altered file is reported, and the Ed25519 signature checked. "
        "Exits non-zero on any problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", type=Path, help="Export folder or bundle (.zip).")
        parser.add_argument(
            "--public-key",
            type=Path,
            help="The newsroom's Ed25519 public key (PEM): the signature must be by it.",
        )

    def handle(self, *args, target: Path, public_key: Path | None, **options) -> None:
        if not target.exists():
            raise CommandError(f"{target} does not exist")
        result = verify(target, public_key)
        for problem in result.problems:
            self.stdout.write(self.style.ERROR(problem))
        for note in result.notes:
            self.stdout.write(note)
        if not result.ok:
            raise CommandError(
                f"{target}: {len(result.problems)} problem(s) among {result.checked} files checked"
            )
        self.stdout.write(self.style.SUCCESS(f"{target}: all {result.checked} files as published"))
