"""The one import path for the content models."""

from newsdesk.content.models.audit import AuditEntry
from newsdesk.content.models.comments import Comment
from newsdesk.content.models.media import Image
from newsdesk.content.models.people import Author
from newsdesk.content.models.posts import (
    BodyFormat,
    CommentStatus,
    Page,
    Post,
    PostAuthor,
    PostCategory,
    PostFormat,
    PostTag,
    Status,
)
from newsdesk.content.models.redirects import Redirect
from newsdesk.content.models.revisions import Revision
from newsdesk.content.models.site import FollowLink, Menu, MenuItem, SiteSettings
from newsdesk.content.models.taxonomy import Category, Series, Tag

__all__ = [
    "AuditEntry",
    "Author",
    "BodyFormat",
    "Category",
    "Comment",
    "CommentStatus",
    "FollowLink",
    "Image",
    "Menu",
    "MenuItem",
    "Page",
    "Post",
    "PostAuthor",
    "PostCategory",
    "PostFormat",
    "PostTag",
    "Redirect",
    "Revision",
    "Series",
    "SiteSettings",
    "Status",
    "Tag",
]
