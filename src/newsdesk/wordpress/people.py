"""WordPress authors → Author profiles, each with a login account that has no usable
password (the person sets one through a password reset)."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model

from newsdesk.content import actions
from newsdesk.content.html import plain_text
from newsdesk.content.models import Author
from newsdesk.content.slugs import slug_for
from newsdesk.wordpress import wxr
from newsdesk.wordpress.context import ImportContext, Kind, free_name, path_part
from newsdesk.wordpress.models import LegacyItem


class Authors:
    def __init__(self, context: ImportContext):
        self.context = context
        self.ids: dict[str, int] = {}  # login → Author id; as many as the site has authors
        self.users: dict[int, int] = {}  # WordPress user ID → account id (for comments)

    def take(self, record: wxr.Author, *, declared: bool = True) -> int | None:
        context = self.context
        context.declares_authors |= declared
        login = record.login.strip()
        if not login:
            context.report.warn("author without a login", f"line {record.line}: skipped")
            context.report.count("authors", "skipped")
            return None
        checksum = context.checksum(record)
        row = LegacyItem.objects.filter(
            source=context.source, kind=Kind.AUTHOR, wp_key=login
        ).first()
        author = Author.objects.filter(pk=row.object_id).first() if row else None
        if author is not None and row.checksum == checksum:
            context.report.count("authors", "unchanged")
        else:
            outcome = "updated" if author is not None else "created"
            author = author or Author()
            author.display_name = (plain_text(record.display_name) or login)[:200]
            if not author.slug:
                author.slug = free_name(
                    slug_for(login, "author"),
                    lambda slug: Author.objects.filter(slug=slug).exclude(pk=author.pk).exists(),
                )
            actions.import_term(author, user=context.user)
            self._account(author, record)
            old_path = f"{context.prefix}/author/{path_part(slug_for(login, 'author'))}/"
            context.remember(
                [
                    context.row(
                        Kind.AUTHOR,
                        row,
                        wp_key=login,
                        wp_id=record.wp_id,
                        object_id=author.pk,
                        checksum=checksum,
                        old_path=old_path,
                    )
                ]
            )
            context.report.count("authors", outcome)
        self.ids[login] = author.pk
        if record.wp_id and author.user_id:
            self.users[record.wp_id] = author.user_id
        return author.pk

    def _account(self, author: Author, record: wxr.Author) -> None:
        users = get_user_model()
        actions.require(self.context.user, "auth.add_user")  # an import makes logins
        if author.user_id:
            user = users.objects.get(pk=author.user_id)
        else:
            wanted = re.sub(r"[^\w.@+-]", "_", record.login)[:150] or "author"
            user = users.objects.filter(username=wanted).first()
            same_person = (
                user is not None
                and record.email
                and user.email.lower() == record.email.lower()
                and not Author.objects.filter(user=user).exists()
            )
            if user is not None and not same_person:
                name = free_name(
                    wanted, lambda n: users.objects.filter(username=n).exists(), limit=150
                )
                self.context.report.warn(
                    "user name taken",
                    f"author “{record.login}”: an account “{wanted}” already exists; "
                    f"created “{name}”",
                )
                wanted, user = name, None
            if user is None:
                user = users(username=wanted)
                user.set_unusable_password()
        user.email = record.email[:254] or user.email
        user.first_name = record.first_name[:150]
        user.last_name = record.last_name[:150]
        user.save()
        if author.user_id != user.pk:
            author.user = user
            author.save(update_fields=["user"])

    def for_items(self, items: list[wxr.Item]) -> dict[str, int]:
        """Author ids by the logins the items name. A login the file does not declare
        gets a warning and a profile of its own; a garbled one ("name>") that matches a
        declared author is taken as that author."""
        context = self.context
        logins = {item.creator for item in items if item.creator}
        wanted = {login for login in logins if login not in self.ids}
        wanted |= {_tidy(login) for login in wanted}
        if wanted:
            rows = LegacyItem.objects.filter(
                source=context.source, kind=Kind.AUTHOR, wp_key__in=wanted
            )
            self.ids.update(rows.values_list("wp_key", "object_id"))
        live = set(
            Author.objects.filter(pk__in=set(self.ids.values())).values_list("pk", flat=True)
        )
        for login in sorted(logins):
            if self.ids.get(login) in live:
                continue
            self.ids.pop(login, None)
            tidy = _tidy(login)
            if tidy != login and self.ids.get(tidy) in live:
                context.report.warn(
                    "garbled author name", f"posts name the author “{login}”; taken to be “{tidy}”"
                )
                self.ids[login] = self.ids[tidy]
                continue
            if context.declares_authors:
                context.report.warn(
                    "missing author",
                    f"“{login}” is named by posts but not declared in the file; "
                    "created an author profile under that name",
                )
            self.take(wxr.Author(login=login), declared=False)
        return self.ids


def _tidy(login: str) -> str:
    return login.strip(" \t<>\"'")
