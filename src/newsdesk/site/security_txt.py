"""``/.well-known/security.txt`` (RFC 9116): where to report a security problem.

Written from the site settings (contacts, policy, encryption key, expiry) for those
who find a hole in the site and their tools; "not found" while no contact is set.
``/security.txt``, the address older tools ask, answers 301 here. Anonymous readers
get it through the page cache like any page: saving the site settings purges it.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import timezone

from newsdesk.content import editions
from newsdesk.content.models import SiteSettings
from newsdesk.site.views import readable

#: Without an expiry in the settings, the file is good for this long from today (the
#: RFC asks for less than a year; a cached copy is renewed by any settings change).
DEFAULT_LIFETIME = timedelta(days=365)


@readable
def security_txt(request: HttpRequest) -> HttpResponse:
    site = SiteSettings.current()
    if not site.security_contacts:
        raise Http404("No security contact is set")
    expires = site.security_expires or timezone.localdate() + DEFAULT_LIFETIME
    fields = [
        *(("Contact", contact) for contact in site.security_contacts),
        ("Expires", _rfc3339_end_of(expires)),
        ("Encryption", site.security_encryption),
        ("Policy", site.security_policy),
        ("Preferred-Languages", ", ".join(_languages(site))),
        ("Canonical", settings.BASE_URL + reverse("security_txt")),
    ]
    text = "".join(f"{name}: {value}\n" for name, value in fields if value)
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@readable
def old_address(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(reverse("security_txt"))


def _rfc3339_end_of(day: date) -> str:
    """The last second of the day, in UTC, as RFC 3339 writes it."""
    return f"{day.isoformat()}T23:59:59Z"


def _languages(site: SiteSettings) -> list[str]:
    """The site's language first, then every other edition's."""
    main = editions.language_of(site.language)
    return [main, *(code for code in editions.offered() if code != main)]
