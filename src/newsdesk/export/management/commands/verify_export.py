"""``newsdesk verify-export DIR``: is this mirror what the newsroom published?"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.export.integrity import MANIFEST, verify

#: Said first whenever no key is given: a matching manifest is easy to make for any
#: files, and a key found beside them is whatever the mirror's maker put there.
INTEGRITY_ONLY = (
    f"INTEGRITY ONLY, NOT ORIGIN: this checks that the files match {MANIFEST} (nothing "
    "added, missing or altered since it was written), not who made them: anyone can "
    "write a matching manifest and sign it with a key of their own. To check that the "
    "newsroom made them, run again with --public-key and the newsroom's public key, "
    "got from the newsroom itself (its site, a printed copy, a person you trust), never "
    "from the mirror."
)


class Command(BaseCommand):
    help = (
        "Check an export folder (or its zip bundle) against its MANIFEST.sha256: every "
        "added, missing or altered file is reported, and the Ed25519 signature checked. "
        "Without --public-key this proves the files are whole, not who made them. "
        "Exits non-zero on any problem, a signature that does not verify included."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", type=Path, help="Export folder or bundle (.zip).")
        parser.add_argument(
            "--public-key",
            type=Path,
            help="The newsroom's Ed25519 public key (PEM): the signature must be by it. "
            "Only then is it proved that the newsroom made the files.",
        )

    def handle(self, *args, target: Path, public_key: Path | None, **options) -> None:
        if public_key is None:
            self.stderr.write(INTEGRITY_ONLY, style_func=self.style.WARNING)
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
        if result.origin_proved:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Origin proved: {MANIFEST} is signed by the key given, and every file "
                    "matches it."
                )
            )
        else:
            self.stdout.write("Integrity proved; origin not proved (no --public-key).")
