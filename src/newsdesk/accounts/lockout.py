"""The page a paused login gets (``AXES_LOCKOUT_CALLABLE``): in the admin's look, what
happened, how long to wait, and that nobody else is affected. 429 with Retry-After."""

from __future__ import annotations

from axes.helpers import get_client_username
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from newsdesk.accounts import clients, throttling


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    lock = throttling.lock_for_request(request, credentials)
    context = {
        **admin.site.each_context(request),
        "lock": lock,
        "account_paused": lock is not None and lock.scope == throttling.ACCOUNT,
        "username": get_client_username(request, credentials) or "",
        "address": clients.client_address(request),
        "minutes": lock.minutes_left() if lock else 1,
        "until": timezone.localtime(lock.until).strftime("%H:%M %Z") if lock else "",
        "login_url": request.get_full_path(),
    }
    response = render(request, "accounts/login_paused.html", context, status=429)
    response["Retry-After"] = str(lock.seconds_left() if lock else 60)
    return response
