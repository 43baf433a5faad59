"""The login's steps and each staff member's own security pages, in the admin's look.

Thin: where a login stands is :mod:`newsdesk.accounts.signin`'s to say, changes to
factors are :mod:`newsdesk.accounts.factors`', sessions :mod:`newsdesk.accounts.sessions`'.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import login as auth_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from newsdesk.accounts import audit, confirmation, factors, passkeys, sessions, signin
from newsdesk.accounts.forms import AddAppForm, CodeForm, PasswordAgainForm
from newsdesk.accounts.signin import completes_login

#: Where the app being set up waits between showing its QR code and its first code.
PENDING_APP = "newsdesk.pending_app"


def _next(request: HttpRequest) -> str:
    """Where to go once logged in: the ``next`` asked for, if it is this site's."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("admin:index")


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


def _page(request: HttpRequest, template: str, title: str, **context) -> TemplateResponse:
    logged_in = signin.stage(request.user) == signin.SIGNED_IN
    return TemplateResponse(
        request,
        f"accounts/{template}",
        {
            **admin.site.each_context(request),
            # The admin's menus only once the login is finished.
            "has_permission": logged_in and admin.site.has_permission(request),
            "title": title,
            "next": _next(request),
            **context,
        },
    )


def _onward(request: HttpRequest) -> HttpResponse:
    """After the password step, or whenever a half-finished login comes back here."""
    stage = signin.stage(request.user)
    if stage == signin.SECOND_STEP:
        return HttpResponseRedirect(_with_next("accounts:second_step", request))
    if stage == signin.ENROL:
        return HttpResponseRedirect(_with_next("accounts:enrol", request))
    return HttpResponseRedirect(_next(request))


@completes_login
@sensitive_post_parameters()
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    """The password step: the admin's own login form, which asks ``authenticate()``
    with the request, so the login throttle sees every attempt."""
    user = request.user
    if request.method == "GET" and user.is_active and user.is_staff:
        return _onward(request)
    form = AdminAuthenticationForm(request, data=request.POST if request.method == "POST" else None)
    if form.is_valid():
        user = form.get_user()
        auth_login(request, user)
        confirmation.confirmed(request)
        if signin.stage(user) == signin.SIGNED_IN:
            audit.record(audit.LOGIN, user=user, subject=user, detail="password", request=request)
        return _onward(request)
    return _page(
        request,
        "login.html",
        gettext("Log in"),
        form=form,
        username=user.get_username() if user.is_authenticated else "",
        app_path=request.get_full_path(),
    )


@completes_login
@sensitive_post_parameters()
@never_cache
def second_step(request: HttpRequest) -> HttpResponse:
    """A code (app or backup) or a security key, after a right password."""
    user = request.user
    if signin.stage(user) != signin.SECOND_STEP:
        return _onward(request) if user.is_authenticated else redirect("admin:login")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        device = factors.check_code(user, form.cleaned_data["code"])
        if device is not None:
            how = "backup code" if factors.kind_of(device) == factors.BACKUP else "code"
            signin.complete(request, device, f"password and {how}")
            return HttpResponseRedirect(_next(request))
        audit.record(
            audit.LOGIN_FAILED,
            subject=user,
            detail="wrong second-factor code",
            request=request,
        )
        form.add_error("code", gettext("That code is not right, or was used already."))
    kinds = {factor.kind for factor in factors.of(user)}
    return _page(
        request,
        "second_step.html",
        gettext("Second step"),
        form=form,
        has_app=factors.APP in kinds,
        has_key=factors.KEY in kinds,
        has_backup=factors.BACKUP in kinds,
    )


@completes_login
def logout(request: HttpRequest) -> HttpResponse:
    """The admin's logout, open to a login that is not finished too (the admin's own
    would send it back to the login)."""
    return admin.site.logout(request)


@completes_login
@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    """Someone required to have a second factor chooses one before anything else."""
    if signin.stage(request.user) != signin.ENROL:
        return _onward(request) if request.user.is_authenticated else redirect("admin:login")
    return _page(request, "enrol.html", gettext("Set up a second factor"))


def _adding(view):
    """Pages that add a factor: for the logged-in, and for someone required to set one
    up before their login can finish."""

    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not (user.is_active and user.is_staff) or signin.stage(user) not in (
            signin.SIGNED_IN,
            signin.ENROL,
        ):
            return _onward(request) if user.is_authenticated else redirect("admin:login")
        return view(request, *args, **kwargs)

    return completes_login(never_cache(sensitive_post_parameters()(guarded)))


def _done(request: HttpRequest) -> str:
    """Where a page that added a factor goes next."""
    if request.POST.get("next") or request.GET.get("next"):
        return _next(request)
    return reverse("accounts:security")


@_adding
def add_app(request: HttpRequest) -> HttpResponse:
    device = factors.pending_app(request.user, request.session.get(PENDING_APP))
    request.session[PENDING_APP] = device.pk
    form = AddAppForm(request, request.POST if request.method == "POST" else None)
    if form.is_valid():
        finishing_login = signin.stage(request.user) == signin.ENROL
        if factors.confirm_app(
            request, device, form.cleaned_data["code"], form.cleaned_data["name"]
        ):
            del request.session[PENDING_APP]
            if finishing_login:
                signin.complete(request, device, "after adding an authenticator app")
            messages.success(request, gettext("Your authenticator app is set up."))
            return HttpResponseRedirect(_done(request))
        form.add_error(
            "code", gettext("That code is not the one the app shows now; try the next one.")
        )
    return _page(
        request,
        "add_app.html",
        gettext("Add an authenticator app"),
        form=form,
        qr_code=factors.app_qr_code(device),
        secret=factors.app_secret(device),
    )


@_adding
def add_key(request: HttpRequest) -> HttpResponse:
    """The password again, then the browser's own dialogue (the library's script)."""
    form = PasswordAgainForm(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return HttpResponseRedirect(request.get_full_path())
    return _page(
        request,
        "add_key.html",
        gettext("Add a passkey or security key"),
        form=form,
        ready=passkeys.may_add_factor(request),
        done_url=_done(request),
    )


def _own(view):
    """The logged-in staff member's own pages, behind the admin's login."""
    return admin.site.admin_view(sensitive_post_parameters()(view))


def security(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "security.html",
        gettext("Second factors"),
        factors=factors.of(request.user),
        has_primary=factors.has_primary(request.user),
        required=signin.must_have_factor(request.user),
    )


def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes, shown on this page only."""
    if not factors.has_primary(request.user):
        messages.error(request, gettext("Set up an authenticator app or a security key first."))
        return redirect("accounts:security")
    form = PasswordAgainForm(request, request.POST if request.method == "POST" else None)
    codes = factors.make_backup_codes(request) if form.is_valid() else None
    return _page(request, "backup_codes.html", gettext("Backup codes"), form=form, codes=codes)


def remove_factor(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    found = next((f for f in factors.of(request.user) if f.kind == kind and f.pk == pk), None)
    if found is None:
        raise Http404("No such second factor")
    form = PasswordAgainForm(request, request.POST if request.method == "POST" else None)
    if form.is_valid():
        factors.remove(request, kind, pk)
        messages.success(
            request,
            gettext("Removed your %(what)s “%(name)s”.")
            % {"what": found.kind_name, "name": found.name},
        )
        return redirect("accounts:security")
    return _page(
        request,
        "remove_factor.html",
        gettext("Remove your %(what)s") % {"what": found.kind_name},
        form=form,
        factor=found,
        last_one=found.kind in factors.PRIMARY
        and sum(f.kind in factors.PRIMARY for f in factors.of(request.user)) == 1,
        required=signin.must_have_factor(request.user),
    )


def session_list(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "sessions.html",
        gettext("Your sessions"),
        sessions=sessions.of(request.user),
        this_session=sessions.current_row_id(request),
    )


@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    count = sessions.end_others(request.user, request, reason="ended by hand")
    messages.success(
        request,
        ngettext("Ended %(count)s other session.", "Ended %(count)s other sessions.", count)
        % {"count": count},
    )
    return redirect("accounts:sessions")


security = _own(security)
backup_codes = _own(backup_codes)
remove_factor = _own(remove_factor)
session_list = _own(session_list)
end_other_sessions = _own(end_other_sessions)
