"""The demo outlet, built once per test class, with the addresses the export tests use."""

from __future__ import annotations

import tempfile
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from newsdesk import memos

#: The main address: canonical links, and feeds and sitemaps of a relative export.
MAIN = "https://ledger.example"
#: The only host the site accepts, so the export must render with it.
RENDER_HOST = "render.internal"


class DemoSiteTestCase(TestCase):
    """The demo outlet (``newsdesk demo``), rolled back after each test like any data."""

    @classmethod
    def setUpClass(cls):
        media = tempfile.TemporaryDirectory(prefix="newsdesk-export-media-")
        cls.addClassCleanup(media.cleanup)
        cls.media_root = media.name
        cls.enterClassContext(
            override_settings(
                MEDIA_ROOT=media.name,
                PAGE_CACHE="off",
                BASE_URL=MAIN,
                ALLOWED_HOSTS=[RENDER_HOST],
            )
        )
        memos.reset()
        cls.addClassCleanup(memos.reset)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        call_command("demo", stdout=StringIO())

    def setUp(self):
        # The suite's per-test media folder would hide the files the demo wrote.
        self.enterContext(override_settings(MEDIA_ROOT=self.media_root))
        self.folder = self.enterContext(tempfile.TemporaryDirectory(prefix="newsdesk-export-"))
