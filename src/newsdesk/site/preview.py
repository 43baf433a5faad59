"""Previews: a post that is not out yet, shown as its public page will show it.

``/preview/<id>/`` is for logged-in staff who may open the post (its writers, the
editors); ``/preview/s/<token>/`` for outside reviewers holding a shared link (see
:mod:`newsdesk.content.previews`). Both render with the public post view's own code,
are never indexed and never kept by any cache; the page cache does not store
``/preview/`` at all.

A preview shows the whole body on one page (a post written in parts shows every part,
divided by its page-break rules) and the body of a password-protected post unlocked:
the reviewer is there to read it.
"""

from __future__ import annotations

import copy

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from newsdesk.content import permissions, previews
from newsdesk.content.models import Post
from newsdesk.site.views import _show_post, readable


@readable
def staff_preview(request: HttpRequest, post_id: int) -> HttpResponse:
    user = request.user
    if not (user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    post = previews.post_for_preview(post_id)
    allowed = user.has_perm("content.view_post") or user.has_perm("content.change_post")
    if not (allowed and permissions.may_view(user, post)):
        raise PermissionDenied("This post is not yours to preview")
    response = _render_preview(request, post)
    patch_vary_headers(response, ["Cookie"])
    return response


@readable
def shared_preview(request: HttpRequest, token: str) -> HttpResponse:
    response = _render_preview(request, previews.shared_post(token))
    # The token is the key: it must not travel on in a Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _render_preview(request: HttpRequest, post: Post) -> HttpResponse:
    shown = copy.copy(post)
    shown.password = ""
    response = _show_post(request, shown, [post.body_html], 1)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
