"""``newsdesk first-admin``: an admin login for trying the site out.

Creates the account ``admin`` with a random password when the site has no superuser,
prints the password and keeps it in ``<data folder>/admin-password.txt`` (readable by
the owner only) so ``make run`` can show it again. A production site creates its
accounts with ``newsdesk createsuperuser`` instead.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from newsdesk import private_files

USERNAME = "admin"


def password_file() -> Path:
    return Path(settings.DATA_DIR) / private_files.ADMIN_PASSWORD_FILE


class Command(BaseCommand):
    help = (
        "Create the account 'admin' with a random password if the site has no superuser; "
        "print the login and save the password in the data folder."
    )

    def handle(self, *args, **options):
        users = get_user_model()
        admin_url = f"{settings.BASE_URL}/admin/"
        saved = password_file()
        if users.objects.filter(is_superuser=True).exists():
            user = users.objects.filter(username=USERNAME, is_superuser=True).first()
            password = saved.read_text().strip() if saved.exists() else ""
            if user is not None and password and user.check_password(password):
                self._show(admin_url, password, saved)
            else:
                self.stdout.write(f"An admin account exists already; log in at {admin_url}")
            return
        if users.objects.filter(username=USERNAME).exists():
            raise CommandError(
                f"A user called {USERNAME!r} exists but is not a superuser; "
                "use 'newsdesk createsuperuser' to make one."
            )
        password = secrets.token_urlsafe(12)
        users.objects.create_superuser(USERNAME, email="", password=password)
        private_files.folder(saved.parent, private_files.DATA_FOLDER)
        private_files.write_private(saved, password + "\n")
        self._show(admin_url, password, saved)

    def _show(self, admin_url: str, password: str, saved: Path) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login: {admin_url}  user: {USERNAME}  password: {password}\n"
                f"(the password is also in {saved})"
            )
        )
