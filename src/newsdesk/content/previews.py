"""Previews of posts not yet (or no longer) public: what they hold and who may see them.

Staff who may open a post preview it at ``/preview/<id>/``. Outside reviewers get a
shared link, ``/preview/s/<token>/``: the token is signed with the site's secret key
(:class:`~django.core.signing.TimestampSigner`), names the post, how many days it is
good for, and the post's preview key. Changing the key
(:func:`newsdesk.content.actions.revoke_previews`) revokes every link given out so far;
editing the post does not, so a reviewer's link keeps showing the latest version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.http import Http404

from newsdesk.content import queries
from newsdesk.content.models import Post, Status

SALT = "newsdesk.content.previews"
#: How long a shared link may be made to last, in days; the share page offers these.
SHARE_DAYS = (1, 3, 7, 14, 30)
DEFAULT_SHARE_DAYS = 7


@dataclass(frozen=True)
class SharedPreview:
    post_id: int
    key: str
    days: int


def share_token(post: Post, days: int = DEFAULT_SHARE_DAYS) -> str:
    """A token for a link that shows ``post`` for ``days`` days, until revoked."""
    if days not in SHARE_DAYS:
        raise ValueError(f"A preview link lasts one of {SHARE_DAYS} days, not {days}")
    return signing.TimestampSigner(salt=SALT).sign(f"{post.pk}.{days}.{post.preview_key}")


def read_token(token: str) -> SharedPreview:
    """What a token grants; Http404 when it is forged, damaged or out of date (a reviewer
    learns nothing about why, nor whether the post exists)."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token)
        post_id, days, key = value.split(".", 2)
        grant = SharedPreview(int(post_id), key, int(days))
        signer.unsign(token, max_age=timedelta(days=grant.days))
    except (signing.BadSignature, ValueError) as error:  # SignatureExpired is a BadSignature
        raise Http404("This preview link is not valid") from error
    return grant


def post_for_preview(post_id: int) -> Post:
    """Any post, with everything its public page shows (Http404 when there is none)."""
    return queries.post_for_page(post_id)


def shared_post(token: str) -> Post:
    """The post a shared link shows; Http404 when the link is invalid, revoked, or the
    post went to the trash."""
    grant = read_token(token)
    post = post_for_preview(grant.post_id)
    if post.preview_key != grant.key or post.status == Status.TRASH:
        raise Http404("This preview link is not valid")
    return post
