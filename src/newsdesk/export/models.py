from django.db import models
from django.utils import timezone


class StaleRecord(models.Model):
    """The public addresses one committed change made stale, kept so that the next
    static export re-renders exactly those (see :mod:`newsdesk.export.journal`).

    In the database rather than a local file: with several app servers, a change made
    on any of them must reach the machine that exports."""

    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    everything = models.BooleanField(default=False, help_text="Every public page may have changed.")
    paths = models.TextField(blank=True, help_text="One URI-escaped path per line.")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return "everything" if self.everything else f"{len(self.path_list)} addresses"

    @property
    def path_list(self) -> list[str]:
        return [line for line in self.paths.splitlines() if line]
