"""``newsdesk reset-factors USERNAME``: remove the second factors of someone locked out
(a lost phone, a lost key), from the server's shell."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from newsdesk.accounts import factors


class Command(BaseCommand):
    help = (
        "Remove every second factor (authenticator apps, security keys, backup codes) of "
        "an account and end its sessions; it logs in with its password alone next time."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        users = get_user_model()
        user = users.objects.filter(**{users.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"No account is called {username!r}.")
        removed = factors.reset(user, how="from the command line")
        what = factors.describe(removed) or "nothing (there was no second factor)"
        self.stdout.write(
            f"{username}: removed {what}; "
            f"ended {removed['sessions']} session{'' if removed['sessions'] == 1 else 's'}. "
            "They log in with their password next, and set up a new factor if the site "
            "requires one."
        )
