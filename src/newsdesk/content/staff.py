"""How the admin names staff: by the name they go by, never by their login name.

A username is half of a login, and phishing one account starts with knowing it: the
admin's pages (revisions, history, who created a post, whose account a byline is)
show every role, the least trusted included, this name instead.
"""

from __future__ import annotations


def staff_name(user) -> str:
    """The account's full name, else "Staff member #<id>"; "the system" for none."""
    if user is None:
        return "the system"
    return user.get_full_name() or f"Staff member #{user.pk}"
