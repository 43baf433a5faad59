"""Where a login stands, and the gate that keeps a half-finished one out of everything.

A login is finished when the password was right and then, for someone with a second
factor, a code or a security key was too; someone the site settings require to have
a factor (``SiteSettings.second_factor_required_for``) and who has none must set one
up first. Until then the session's user is anonymous to every page except the few
that finish a login (marked with :func:`completes_login`): the admin, staff previews
and anything else see nobody logged in.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject
from django_otp import login as otp_login

from newsdesk.accounts import audit, factors
from newsdesk.content import roles
from newsdesk.content.models import SiteSettings

#: Password and (where needed) second factor given: the user is logged in.
SIGNED_IN = "signed in"
#: Password given; a code or a security key is still to come.
SECOND_STEP = "second step"
#: Password given; the site requires a second factor and the user has none yet.
ENROL = "enrol"


def stage(user) -> str | None:
    """Where ``user``'s login stands (None: not logged in at all)."""
    if user is None or not user.is_authenticated:
        return None
    if getattr(user, "otp_device", None) is not None:
        return SIGNED_IN
    if factors.has_primary(user):
        return SECOND_STEP
    if must_have_factor(user):
        return ENROL
    return SIGNED_IN


def must_have_factor(user) -> bool:
    """Whether the site settings require ``user`` to log in with a second factor."""
    required_for = SiteSettings.current().second_factor_required_for
    if required_for == SiteSettings.SecondFactor.STAFF:
        return user.is_staff or user.is_superuser
    if required_for == SiteSettings.SecondFactor.EDITORS:
        return (
            user.is_superuser
            or user.groups.filter(name__in=(roles.ADMINISTRATOR, roles.EDITOR)).exists()
        )
    return False


def complete(request: HttpRequest, device, how: str) -> None:
    """The second step is done with ``device``: mark the session and log the login."""
    otp_login(request, device)
    audit.record(audit.LOGIN, user=request.user, subject=request.user, detail=how, request=request)


def completes_login(view: Callable) -> Callable:
    """Mark a view as one of the pages that finish a login: it sees the session's user
    even before the login is finished, and checks :func:`stage` itself."""
    view.completes_login = True
    return view


class SignInGateMiddleware:
    """The session's user, to every view not marked :func:`completes_login`, is the
    logged-in user once their login is finished, and anonymous before.

    After :class:`~newsdesk.accounts.sessions.StaffSessionMiddleware`. The user is
    hidden by default (error pages, later middleware) and shown again only to the
    marked views.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        logged_in = request.user
        request.logging_in_user = logged_in
        request.user = SimpleLazyObject(
            lambda: logged_in if stage(logged_in) in (None, SIGNED_IN) else AnonymousUser()
        )
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if getattr(view_func, "completes_login", False):
            request.user = request.logging_in_user
        return None
