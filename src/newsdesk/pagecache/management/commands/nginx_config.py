"""``newsdesk nginx-config``: print the nginx configuration of the production setup."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsdesk.pagecache import nginx


class Command(BaseCommand):
    help = (
        "Print the nginx front for `newsdesk serve`: pages from the disk page cache, "
        "/static/ and /media/ from disk, the rest proxied to the app. Without --full: the "
        "upstream and server blocks for a site file of the system's nginx."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--listen", default="127.0.0.1:8080", help="where nginx listens (127.0.0.1:8080)"
        )
        parser.add_argument(
            "--upstream",
            default="127.0.0.1:8000",
            help="where `newsdesk serve` listens (127.0.0.1:8000, or unix:/path)",
        )
        parser.add_argument(
            "--certificate",
            metavar="PEM",
            type=Path,
            help="with NEWSDESK_HTTPS: nginx speaks TLS on --listen (say 443) with this "
            "certificate (chain) file, and answers plain HTTP with a redirect",
        )
        parser.add_argument(
            "--certificate-key", metavar="PEM", type=Path, help="the certificate's private key"
        )
        parser.add_argument(
            "--redirect-listen",
            default="80",
            help="with --certificate: where plain HTTP is answered with a redirect (80)",
        )
        parser.add_argument(
            "--full",
            metavar="FOLDER",
            type=Path,
            help="print a whole nginx.conf for `nginx -c`, keeping its pid, log and "
            "temporary files in FOLDER (created if missing)",
        )

    def handle(self, *args, listen: str, upstream: str, full: Path | None, **options) -> None:
        front = nginx.Front(
            listen=listen,
            upstream=upstream,
            certificate=options["certificate"],
            certificate_key=options["certificate_key"],
            redirect_listen=options["redirect_listen"],
        )
        try:
            if full is None:
                text = nginx.server_block(front)
            else:
                full.mkdir(parents=True, exist_ok=True)
                text = nginx.whole_config(front, full)
        except nginx.UnsafeSetup as error:
            raise CommandError(str(error)) from None
        self.stdout.write(text, ending="")
        problem = nginx.untrusted_front(front)
        if problem:
            self.stderr.write(f"Warning: {problem}")
