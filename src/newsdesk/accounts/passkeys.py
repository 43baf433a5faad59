"""Passkeys and security keys (WebAuthn), through django-otp-webauthn.

The relying party is the host the admin is reached at (a name, never an address:
browsers refuse WebAuthn on ``127.0.0.1``, use ``localhost``), and the origin the
browser reports must be that same host and scheme. ``ALLOWED_HOSTS`` already limits
which hosts those can be; a phishing site elsewhere gets nothing, as the browser signs
for the real origin only.

The library's views are used as they are, with the site's rules added: a key is
registered only by someone whose login allows it and who re-entered their password
(:mod:`newsdesk.accounts.confirmation`), and a key logs in only as the second step of
a login whose password was right (no passwordless login).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.urls import path, reverse
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from newsdesk.accounts import confirmation, factors, signin
from newsdesk.accounts.site_name import site_name


def relying_party_id(request: HttpRequest) -> str:
    return urlsplit(f"//{request.get_host()}").hostname or ""


def relying_party_name(request: HttpRequest) -> str:
    return site_name()


class PasskeyHelper(WebAuthnHelper):
    def get_allowed_origins(self) -> list[str]:
        return [f"{self.request.scheme}://{self.request.get_host()}"]

    def create_credential(self, user, response, parsed_credential, original_data):
        device = super().create_credential(user, response, parsed_credential, original_data)
        count = WebAuthnCredential.objects.filter(user=user).count()
        device.name = f"Security key {count + 1}" if count else "Security key"
        return device


class PasswordNeeded(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "password_needed"
    default_detail = "Enter your password again before adding a security key."


class NotNow(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "not_now"
    default_detail = "Log in with your password first."


def may_add_factor(request: HttpRequest) -> bool:
    """Someone logged in (or required to set up a factor) who re-entered their password."""
    user = request.user
    return (
        user.is_active
        and user.is_staff
        and signin.stage(user) in (signin.SIGNED_IN, signin.ENROL)
        and confirmation.recent(request)
    )


class _Registering:
    def check_can_register(self):
        if not confirmation.recent(self.request):
            raise PasswordNeeded()
        if not may_add_factor(self.request):
            raise NotNow()


class BeginRegistration(_Registering, BeginCredentialRegistrationView):
    pass


class CompleteRegistration(_Registering, CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        finishing_login = signin.stage(self.request.user) == signin.ENROL
        response = super().post(*args, **kwargs)  # failures raise, and become JSON errors
        device = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"])
        factors.added(self.request, device, factors.KEY)
        if finishing_login:
            signin.complete(self.request, device, "after adding a security key")
        return response


class _SecondStep:
    def check_can_authenticate(self):
        if signin.stage(self.get_user()) != signin.SECOND_STEP:
            raise NotNow()


class BeginAuthentication(_SecondStep, BeginCredentialAuthenticationView):
    pass


class CompleteAuthentication(_SecondStep, CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        if device.user_id != self.request.user.pk:
            raise exceptions.CredentialUserMismatch()
        signin.complete(self.request, device, "with a security key")

    def get_success_url(self) -> str:
        return self.get_redirect_url() or reverse("admin:index")


def _step(view):
    return signin.completes_login(view.as_view())


#: The library's endpoints, under the names its template tags look for.
urlpatterns = (
    [
        path("registration/begin/", _step(BeginRegistration), name="credential-registration-begin"),
        path(
            "registration/complete/",
            _step(CompleteRegistration),
            name="credential-registration-complete",
        ),
        path(
            "authentication/begin/",
            _step(BeginAuthentication),
            name="credential-authentication-begin",
        ),
        path(
            "authentication/complete/",
            _step(CompleteAuthentication),
            name="credential-authentication-complete",
        ),
        path(
            "jsi18n/",
            JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
            name="js-i18n-catalog",
        ),
    ],
    "otp_webauthn",
)
