"""What an import did: counts per kind and outcome, and warnings with their reasons."""

from __future__ import annotations

from collections import Counter, defaultdict

KINDS = (
    "authors",
    "tags",
    "categories",
    "posts",
    "pages",
    "attachments",
    "comments",
    "redirects",
    "files",
)
OUTCOMES = ("created", "updated", "unchanged", "skipped")
MAX_EXAMPLES = 25


class Report:
    """Counts are complete; each warning reason keeps its first examples only, so a
    report stays small whatever the size of the export."""

    def __init__(self, file_name: str = "", dry_run: bool = False):
        self.file_name = file_name
        self.dry_run = dry_run
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.warnings: dict[str, list[str]] = defaultdict(list)
        self.warning_counts: Counter = Counter()
        self.notes: dict[str, Counter] = defaultdict(Counter)
        self.site = ""

    def count(self, kind: str, outcome: str, number: int = 1) -> None:
        if number:
            self.counts[kind][outcome] += number

    def warn(self, reason: str, detail: str) -> None:
        self.warning_counts[reason] += 1
        if len(self.warnings[reason]) < MAX_EXAMPLES:
            self.warnings[reason].append(detail)

    def note(self, topic: str, name: str, number: int = 1) -> None:
        """Things counted by name: unknown shortcodes, skipped post types…"""
        self.notes[topic][name] += number

    def total(self, kind: str, outcome: str) -> int:
        return self.counts[kind][outcome]

    def rows(self) -> list[tuple[str, int, int, int, int]]:
        kinds = [kind for kind in KINDS if self.counts.get(kind)]
        kinds += sorted(kind for kind in self.counts if kind not in KINDS and self.counts[kind])
        return [(kind, *(self.counts[kind][outcome] for outcome in OUTCOMES)) for kind in kinds]

    def as_dict(self) -> dict:
        return {
            "file": self.file_name,
            "site": self.site,
            "dry_run": self.dry_run,
            "counts": {kind: dict(counter) for kind, counter in self.counts.items()},
            "warnings": {
                reason: {"count": self.warning_counts[reason], "examples": examples}
                for reason, examples in self.warnings.items()
            },
            "notes": {topic: dict(counter) for topic, counter in self.notes.items()},
        }
