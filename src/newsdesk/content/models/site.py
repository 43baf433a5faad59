from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils import timezone

from newsdesk import memos
from newsdesk.content.links import SafeLink, is_safe_link


class SiteSettings(models.Model):
    """The one row of site-wide settings editors change in the admin."""

    class Permalink(models.TextChoices):
        SLUG = "slug", "/<slug>/"
        DATED = "dated", "/<yyyy>/<mm>/<dd>/<slug>/"

    name = models.CharField(max_length=200, default="newsdesk")
    tagline = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=8, default="en")
    copyright_holder = models.CharField(
        max_length=200, blank=True, help_text="Defaults to the site name."
    )
    posts_per_page = models.PositiveSmallIntegerField(default=10)
    permalink_style = models.CharField(max_length=10, choices=Permalink, default=Permalink.SLUG)
    byline_prefix = models.CharField(max_length=40, default="By")
    mirrors = models.TextField(
        blank=True,
        help_text="Other addresses where readers can reach this site when the main one is "
        "blocked (one full address per line: a second domain, an onion service, a CDN copy).",
        validators=[SafeLink("Mirror address", per_line=True)],
    )
    show_comments = models.BooleanField(
        default=False,
        help_text="Show approved comments under posts and pages (those brought over from "
        "WordPress included). Readers cannot write new ones.",
    )

    class SecondFactor(models.TextChoices):
        NOBODY = "nobody", "Nobody"
        EDITORS = "editors", "Administrators and Editors"
        STAFF = "staff", "All staff"

    second_factor_required_for = models.CharField(
        "Require a second factor for",
        max_length=10,
        choices=SecondFactor,
        default=SecondFactor.NOBODY,
        help_text="Who must log in with a code or a security key as well as a password. "
        "Someone required to who has none is sent to set one up before anything else.",
    )
    security_contact = models.TextField(
        blank=True,
        help_text="Where to report a security problem, for /.well-known/security.txt: one "
        "address per line (mailto:security@example.org or https://…).",
    )
    security_policy = models.URLField(
        max_length=500, blank=True, help_text="The page that says how reports are handled."
    )
    security_encryption = models.URLField(
        max_length=500, blank=True, help_text="The OpenPGP key reporters should encrypt with."
    )
    security_expires = models.DateField(
        null=True,
        blank=True,
        help_text="When security.txt stops being valid (default: a year from today).",
    )
    generation = models.PositiveBigIntegerField(
        default=1,
        editable=False,
        help_text="Goes up whenever a change may show on every page (a renamed tag, a menu): "
        "what pages remember between requests is keyed on it.",
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    def __str__(self) -> str:
        return "Site settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        if not kwargs.get("force_insert") and type(self).objects.filter(pk=1).exists():
            # ``generation`` only ever goes up, through bump_generation(); an older copy
            # of the row being saved must not wind it back.
            kwargs.setdefault(
                "update_fields",
                [f.name for f in self._meta.concrete_fields if f.name not in ("id", "generation")],
            )
        super().save(*args, **kwargs)
        memos.site_settings_saved()

    @classmethod
    def bump_generation(cls) -> None:
        cls.objects.get_or_create(pk=1)
        cls.objects.filter(pk=1).update(generation=models.F("generation") + 1)
        memos.site_settings_saved()

    def clean(self) -> None:
        """security.txt is for reporters and their tools: every address in it must be
        one they can use (RFC 9116), and it must not be out of date already."""
        errors = {}
        bad = [
            f"line {number}: “{line}”"
            for number, line in enumerate(self.security_contact.splitlines(), 1)
            if line.strip() and not _usable_contact(line.strip())
        ]
        if bad:
            errors["security_contact"] = (
                f"Write each contact as mailto:address, https://… or tel:+number, one per "
                f"line ({'; '.join(bad)})."
            )
        for name in ("security_policy", "security_encryption"):
            value = getattr(self, name)
            if value and not _usable_contact(value, schemes=("https",)):
                errors[name] = "security.txt names only https:// addresses here."
        if self.security_expires and self.security_expires <= timezone.localdate():
            errors["security_expires"] = (
                "This date has passed: reporters would take the file as out of date."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def security_contacts(self) -> list[str]:
        return [line.strip() for line in self.security_contact.splitlines() if line.strip()]

    @property
    def mirror_list(self) -> list[str]:
        """The mirrors as every page's footer and ``mirrors.json`` give them: only links
        (a value stored before the rule is left out)."""
        lines = (line.strip() for line in self.mirrors.splitlines())
        return [line for line in lines if line and is_safe_link(line)]

    @property
    def copyright_name(self) -> str:
        return self.copyright_holder or self.name

    @classmethod
    def current(cls) -> SiteSettings:
        """The settings row, read at most once per unit of work (a request, a scheduler
        round: see :mod:`newsdesk.memos`)."""
        return _current.get()

    @classmethod
    def stored(cls) -> SiteSettings:
        """The settings row as the database has it now (the default when there is none).

        Plain SQL: read on every request, where building the ORM query would cost more
        than running it."""
        table = cls._meta.db_table
        rows = cls.objects.raw(f"SELECT * FROM {table} WHERE id = %s", [1])  # noqa: S608
        return next(iter(rows), None) or cls(pk=1)


#: The addresses a reporter can use, for security.txt's Contact lines.
CONTACT_SCHEMES = ("mailto", "https", "tel")
_TELEPHONE = re.compile(r"\+?[0-9][0-9().-]{2,30}")  # RFC 3966, visual separators only
_EMAIL = EmailValidator()
_WEB = URLValidator(schemes=["https"])


def _usable_contact(value: str, schemes: tuple[str, ...] = CONTACT_SCHEMES) -> bool:
    """A whole ``mailto:``, ``https:`` or ``tel:`` address (of ``schemes``)."""
    scheme, _, rest = value.partition(":")
    scheme = scheme.lower()
    if scheme not in schemes:
        return False
    if scheme == "tel":
        return bool(_TELEPHONE.fullmatch(rest))
    check, checked = (_EMAIL, rest) if scheme == "mailto" else (_WEB, value)
    try:
        check(checked)
    except ValidationError:
        return False
    return True


_current = memos.register(
    "site settings row",
    memos.OncePerUnitOfWork(SiteSettings.stored),
    when=(memos.UNIT_OF_WORK, memos.SITE_SETTINGS),
)


class Menu(models.Model):
    class Location(models.TextChoices):
        PRIMARY = "primary", "Primary (header)"
        LEFT = "left", "Left"
        FOOTER = "footer", "Footer"

    name = models.CharField(max_length=200)
    location = models.CharField(max_length=20, choices=Location, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MenuItem(models.Model):
    menu = models.ForeignKey(Menu, on_delete=models.CASCADE, related_name="items")
    label = models.CharField(max_length=200)
    url = models.CharField(
        max_length=1000,
        help_text="A path on this site (/about/) or a full address (https://…).",
        validators=[SafeLink("Menu item address")],
    )
    position = models.IntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class FollowLink(models.Model):
    """A social profile of the outlet, shown as a plain link (no third-party script)."""

    class Network(models.TextChoices):
        FACEBOOK = "facebook", "Facebook"
        X = "x", "X"
        TELEGRAM = "telegram", "Telegram"
        INSTAGRAM = "instagram", "Instagram"
        YOUTUBE = "youtube", "YouTube"
        WHATSAPP = "whatsapp", "WhatsApp"
        MASTODON = "mastodon", "Mastodon"
        RSS = "rss", "RSS"

    network = models.CharField(max_length=20, choices=Network)
    url = models.URLField(max_length=500, validators=[SafeLink("Follow link address")])
    position = models.IntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.get_network_display()
