"""Reader HTML stored before pictures, video and sound from other hosts became
placeholders (``newsdesk.content.local_media``) is rendered again from what the editor
wrote, as saving does now: posts' and pages' ``body_html`` (and posts' ``summary``),
and comments sanitised again. In batches by primary key, writing only the rows that
change, so a large site migrates in steady memory. Pages already in the page cache or
in a static export show the new HTML once they are rendered again (``newsdesk
export-static`` and the page cache's purge do that).
"""

from django.db import migrations

BATCH = 500


def _in_batches(model, fields):
    last = 0
    while rows := list(
        model.objects.filter(pk__gt=last).order_by("pk").only("pk", *fields)[:BATCH]
    ):
        yield rows
        last = rows[-1].pk


def render_again(apps, schema_editor):
    from newsdesk.content.html import render_body, sanitize, summarise

    Post = apps.get_model("content", "Post")
    Page = apps.get_model("content", "Page")
    Comment = apps.get_model("content", "Comment")
    fields = ("body", "body_format", "excerpt", "password", "body_html", "summary")
    for rows in _in_batches(Post, fields):
        changed = []
        for post in rows:
            html = render_body(post.body, post.body_format)
            summary = "" if post.password else summarise(post.excerpt, post.body, post.body_format)
            if (html, summary) != (post.body_html, post.summary):
                post.body_html, post.summary = html, summary
                changed.append(post)
        Post.objects.bulk_update(changed, ["body_html", "summary"])
    for rows in _in_batches(Page, ("body", "body_format", "body_html")):
        changed = []
        for page in rows:
            html = render_body(page.body, page.body_format)
            if html != page.body_html:
                page.body_html = html
                changed.append(page)
        Page.objects.bulk_update(changed, ["body_html"])
    for rows in _in_batches(Comment, ("body",)):
        changed = []
        for comment in rows:
            body = sanitize(comment.body)
            if body != comment.body:
                comment.body = body
                changed.append(comment)
        Comment.objects.bulk_update(changed, ["body"])


class Migration(migrations.Migration):
    dependencies = [("content", "0011_link_schemes")]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop, elidable=True)]
