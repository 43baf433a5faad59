"""The post admin's own pages: revisions (list, compare, restore), shared preview
links, and the live preview of the body being written.

Each page asks the post admin the same questions its change form does
(``has_view_permission(request, post)`` and ``has_change_permission``), so a post
that is not the user's answers 403 here as well. Every change goes through the actions.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST

from newsdesk.content import actions, previews, revisions, throttle
from newsdesk.content.html import render_body
from newsdesk.content.models import BodyFormat, Post, Revision

#: The most revisions the list shows (the newest).
REVISIONS_SHOWN = 100
#: The most characters the live preview renders (a post is far shorter).
LIVE_PREVIEW_LIMIT = 500_000
#: The most live previews one person gets a second (typing asks for about two).
LIVE_PREVIEW_RATE = 4


class EditorialViews:
    """Mixed into the post admin: adds its pages to the admin's URLs."""

    def editorial_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path("render-body/", wrap(self.render_body_view), name="content_post_render_body"),
            path(
                "<path:object_id>/revisions/",
                wrap(self.revisions_view),
                name="content_post_revisions",
            ),
            path(
                "<path:object_id>/revisions/compare/",
                wrap(self.compare_view),
                name="content_post_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                wrap(self.restore_view),
                name="content_post_restore_revision",
            ),
            path("<path:object_id>/share/", wrap(self.share_view), name="content_post_share"),
        ]

    # --- helpers ------------------------------------------------------------------------

    def _post_for(self, request: HttpRequest, object_id: str, *, change: bool) -> Post:
        post = self.get_object(request, object_id)
        if post is None:
            raise Http404("No such post")
        allowed = (
            self.has_change_permission(request, post)
            if change
            else self.has_view_permission(request, post)
        )
        if not allowed:
            raise PermissionDenied
        return post

    def _page(self, request: HttpRequest, template: str, post: Post, title: str, **context):
        return TemplateResponse(
            request,
            f"admin/content/post/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": post,
                "title": title,
                "subtitle": str(post),
                "can_change": self.has_change_permission(request, post),
                **context,
            },
        )

    # --- revisions ----------------------------------------------------------------------

    def revisions_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        post = self._post_for(request, object_id, change=False)
        shown = list(post.revisions.select_related("user")[:REVISIONS_SHOWN])
        rows = [
            {"revision": revision, "previous": shown[n + 1] if n + 1 < len(shown) else None}
            for n, revision in enumerate(shown)
        ]
        return self._page(request, "revisions.html", post, f"Revisions of “{post}”", rows=rows)

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """``?from=<id>&to=<id>``: two revisions of this post, in either order (older
        first); ``to`` alone compares with the revision before it."""
        post = self._post_for(request, object_id, change=False)
        newer = _revision_of(post, request.GET.get("to"))
        if request.GET.get("from"):
            older = _revision_of(post, request.GET.get("from"))
        else:
            older = _before(newer)
        if older is None:
            older = newer
        if (older.created_at, older.pk) > (newer.created_at, newer.pk):
            older, newer = newer, older
        return self._page(
            request,
            "revision_compare.html",
            post,
            f"Changes to “{post}”",
            older=older,
            newer=newer,
            fields=revisions.compare(older, newer),
        )

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def restore_view(self, request: HttpRequest, object_id: str, revision_id: int):
        """GET: what restoring would change; POST: restore (a new revision of its own)."""
        post = self._post_for(request, object_id, change=True)
        revision = get_object_or_404(Revision, pk=revision_id, post=post)
        if request.method == "POST":
            try:
                actions.restore_revision(post, revision, user=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, " ".join(_messages(error)), messages.ERROR)
                return HttpResponseRedirect(reverse("admin:content_post_revisions", args=[post.pk]))
            self.message_user(
                request,
                f"Restored the revision of {revision.created_at:%Y-%m-%d %H:%M}.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:content_post_change", args=[post.pk]))
        current = post.revisions.first()
        return self._page(
            request,
            "revision_restore.html",
            post,
            f"Restore “{revision.title or '(no title)'}”?",
            revision=revision,
            fields=revisions.compare(current, revision, with_status=False) if current else [],
        )

    # --- shared preview links -----------------------------------------------------------

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def share_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """GET: a link for outside reviewers, good for ``?days=`` days, for those who may
        publish the post (:func:`newsdesk.content.actions.share_preview`); POST: revoke
        every link given out for this post."""
        post = self._post_for(request, object_id, change=True)
        if request.method == "POST":
            actions.revoke_previews(post, user=request.user)
            self.message_user(
                request,
                "Every preview link given out so far has stopped working.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:content_post_share", args=[post.pk]))
        try:
            days = int(request.GET.get("days", previews.DEFAULT_SHARE_DAYS))
        except ValueError:
            days = previews.DEFAULT_SHARE_DAYS
        if days not in previews.SHARE_DAYS:
            days = previews.DEFAULT_SHARE_DAYS
        token = actions.share_preview(post, user=request.user, days=days)
        link = settings.BASE_URL + reverse("preview_shared", args=[token])
        return self._page(
            request,
            "share_preview.html",
            post,
            f"Share a preview of “{post}”",
            link=link,
            days=days,
            day_choices=previews.SHARE_DAYS,
        )

    # --- live preview -------------------------------------------------------------------

    @method_decorator(require_POST)
    def render_body_view(self, request: HttpRequest) -> JsonResponse:
        """The body as readers will get it: rendered and sanitised, as the actions store
        it. For the editor's side panel (``live-preview.js``), which shows the
        ``error`` of a refusal: too many at once (429), or a body too long (413)."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        if not throttle.allow("live-preview", request.user.pk, LIVE_PREVIEW_RATE):
            return JsonResponse(
                {
                    "error": f"The preview updates at most {LIVE_PREVIEW_RATE} times a second; "
                    "it will catch up in a moment."
                },
                status=429,
                headers={"Retry-After": "1"},
            )
        try:
            body = request.POST.get("body", "")
        except RequestDataTooBig:
            body = None
        if body is None or len(body) > LIVE_PREVIEW_LIMIT:
            length = f" is {len(body):,} characters long;" if body is not None else " is too long:"
            return JsonResponse(
                {
                    "error": f"The body{length} the live preview shows bodies of up to "
                    f"{LIVE_PREVIEW_LIMIT:,} characters. Use Preview after saving to see it."
                },
                status=413,
            )
        body_format = request.POST.get("body_format", BodyFormat.HTML)
        if body_format not in BodyFormat.values:
            body_format = BodyFormat.HTML
        return JsonResponse({"html": render_body(body, body_format)})


def _revision_of(post: Post, revision_id: str | None) -> Revision:
    if not (revision_id or "").isdigit():
        latest = post.revisions.first()
        if latest is None:
            raise Http404("This post has no revisions yet")
        return latest
    return get_object_or_404(Revision, pk=int(revision_id), post=post)


def _before(revision: Revision) -> Revision | None:
    return (
        Revision.objects.filter(post_id=revision.post_id)
        .filter(created_at__lte=revision.created_at)
        .exclude(pk=revision.pk)
        .exclude(created_at=revision.created_at, pk__gt=revision.pk)
        .first()
    )


def _messages(error: PermissionDenied | ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [message for found in error.message_dict.values() for message in found]
    return list(getattr(error, "messages", None) or [str(error)])
