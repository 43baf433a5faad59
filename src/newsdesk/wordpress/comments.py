"""WordPress comments, pingbacks and trackbacks → Comment, threads kept.

newsdesk shows no comments yet; they are stored (sanitised) so nothing is lost when
comments are switched on.
"""

from __future__ import annotations

import hashlib

from django.utils import timezone

from newsdesk.content import actions
from newsdesk.content.html import plain_text, sanitize
from newsdesk.content.models import Comment
from newsdesk.wordpress import convert, wxr
from newsdesk.wordpress.context import ImportContext, Kind, identity, when
from newsdesk.wordpress.models import LegacyItem

MODERATION = {
    "1": Comment.Moderation.APPROVED,
    "0": Comment.Moderation.PENDING,
    "spam": Comment.Moderation.SPAM,
    "trash": Comment.Moderation.TRASH,
    "post-trashed": Comment.Moderation.TRASH,
}
KINDS = {
    "": Comment.Kind.COMMENT,
    "comment": Comment.Kind.COMMENT,
    "pingback": Comment.Kind.PINGBACK,
    "trackback": Comment.Kind.TRACKBACK,
}


def import_comments(
    context: ImportContext,
    owners: list[tuple[wxr.Item, int | None, int | None]],
    accounts: dict[int, int],
) -> None:
    """The comments of a batch of items, each given with its post id or page id.
    ``accounts`` maps WordPress user IDs to accounts (comments by logged-in authors)."""
    pairs = [(c, post_id, page_id) for item, post_id, page_id in owners for c in item.comments]
    if not pairs:
        return
    keys = {
        id(comment): _stand_in_key(item, comment)
        for item, _post, _page in owners
        for comment in item.comments
        if not comment.wp_id
    }
    known = context.known(
        Kind.COMMENT, [c for c, *_ in pairs], [keys.get(id(c), "") for c, *_ in pairs]
    )
    stored = Comment.objects.in_bulk([row.object_id for row in known.values()])
    work = []
    for comment, post_id, page_id in pairs:
        kind = KINDS.get(comment.kind)
        if kind is None:
            context.report.count("comments", "skipped")
            context.report.note("skipped comment types", comment.kind)
            continue
        row = known.get(identity(comment, keys.get(id(comment), "")))
        target = stored.get(row.object_id) if row else None
        context.report.count("comments", "updated" if target is not None else "created")
        target = target or Comment()
        target.post_id, target.page_id = post_id, page_id
        target.kind = kind
        target.status = MODERATION.get(comment.approved, Comment.Moderation.PENDING)
        target.author_name = plain_text(comment.author)[:255]
        target.author_email = comment.email[:254]
        target.author_url = comment.url[:500]
        target.author_ip = comment.ip[:45]
        target.user_id = accounts.get(comment.user_id)
        target.body = sanitize(convert.autop(comment.content)).strip()
        target.created_at = when(comment.date_gmt, utc=True) or when(comment.date) or timezone.now()
        work.append((comment, row, target))
    actions.import_comments([target for _comment, _row, target in work], user=context.user)
    context.remember(
        context.row(
            Kind.COMMENT,
            row,
            wp_id=comment.wp_id or None,
            wp_key=keys.get(id(comment), ""),
            object_id=target.pk,
            wp_parent=comment.parent or None,
        )
        for comment, row, target in work
    )
    _thread(context, work)


def _stand_in_key(item: wxr.Item, comment: wxr.Comment) -> str:
    """For a comment the file gives no ID: what it says, and on which item."""
    owner = item.wp_id or item.guid or item.link
    text = f"{owner}|{comment.author}|{comment.date_gmt or comment.date}|{comment.content}"
    return "comment:" + hashlib.sha256(text.encode()).hexdigest()[:40]


def _thread(context: ImportContext, work: list) -> None:
    """Replies point at their parents: in this batch, or imported earlier."""
    ids = {comment.wp_id: target.pk for comment, _row, target in work if comment.wp_id}
    parents = {comment.parent for comment, *_ in work if comment.parent} - ids.keys()
    if parents:
        ids |= dict(
            LegacyItem.objects.filter(
                source=context.source, kind=Kind.COMMENT, wp_id__in=parents
            ).values_list("wp_id", "object_id")
        )
    threaded = []
    for comment, _row, target in work:
        parent_id = ids.get(comment.parent) if comment.parent else None
        if parent_id != target.parent_id and parent_id != target.pk:
            target.parent_id = parent_id
            threaded.append(target)
    Comment.objects.bulk_update(threaded, ["parent"], batch_size=500)
