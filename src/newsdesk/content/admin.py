"""The editors' admin. Every save and delete goes through :mod:`newsdesk.content.actions`,
so the admin changes nothing the importer or the command line could not."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.html import format_html

from newsdesk.content import actions, permissions
from newsdesk.content.admin_dates import CalendarDrillDown
from newsdesk.content.admin_views import EditorialViews
from newsdesk.content.models import (
    AuditEntry,
    Author,
    Category,
    Comment,
    FollowLink,
    Image,
    Menu,
    MenuItem,
    Page,
    Post,
    Redirect,
    Series,
    SiteSettings,
    Tag,
)
from newsdesk.content.post_form import PostForm

admin.site.site_header = "newsdesk"
admin.site.site_title = "newsdesk admin"
admin.site.index_title = "Newsroom"


class ActionSavingAdmin(admin.ModelAdmin):
    """Routes the admin's saves and deletes through the actions."""

    save_action = staticmethod(actions.save_term)
    delete_action = staticmethod(actions.delete_term)
    # An address typed without a scheme means https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        self.save_action(obj, user=request.user)

    def delete_model(self, request, obj):
        self.delete_action(obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_action(obj, user=request.user)


@admin.register(Post)
class PostAdmin(CalendarDrillDown, EditorialViews, ActionSavingAdmin):
    """Posts, as each role may see them: Editors and Administrators every post, Authors
    and Contributors their own (:mod:`newsdesk.content.permissions`). Another's post
    opened by its address answers 403, not "does not exist"."""

    form = PostForm
    list_display = ("display_title", "status", "published_at", "language", "sticky", "updated_at")
    list_filter = ("status", "language", "sticky", "series")
    search_fields = ("title", "slug")
    date_hierarchy = "published_at"
    autocomplete_fields = ("featured_image", "series")
    readonly_fields = ("created_at", "created_by", "updated_at")
    actions = (
        "publish_selected",
        "submit_selected",
        "unpublish_selected",
        "trash_selected",
        "restore_selected",
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "body_format", "body", "excerpt")}),
        ("Publishing", {"fields": ("status", "published_at", "sticky", "language", "password")}),
        ("People and topics", {"fields": ("author_list", "byline", "tag_list", "category_list")}),
        ("Image and series", {"fields": ("featured_image", "series", "series_part")}),
        (
            "History",
            {"fields": ("created_at", "created_by", "updated_at"), "classes": ("collapse",)},
        ),
    )

    class Media:
        css = {"all": ("newsdesk/admin/editorial.css",)}
        js = ("newsdesk/admin/live-preview.js",)

    # --- who sees what ----------------------------------------------------------------

    def get_queryset(self, request):
        return permissions.own_posts(request.user, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        # Looked up among all posts: one that is not the user's then fails the
        # permission checks below (403) instead of passing for missing.
        field = Post._meta.pk if from_field is None else Post._meta.get_field(from_field)
        try:
            return Post.objects.get(**{field.name: field.to_python(object_id)})
        except (Post.DoesNotExist, ValidationError, ValueError):
            return None

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or permissions.may_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.may_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.may_edit(request.user, obj))

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("content.publish_post")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.editor = request.user  # a class made for this request by modelform_factory
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        profile = Author.objects.filter(user=request.user).first()
        if profile is not None and "author_list" not in initial:
            initial["author_list"] = [profile.pk]
        return initial

    def view_on_site(self, obj: Post) -> str | None:
        """The "View on site" link, for a public post (one not out has "Preview")."""
        return obj.get_absolute_url() if obj.is_public else None

    def get_urls(self):
        return self.editorial_urls() + super().get_urls()

    # --- saving -----------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        tags = [self._saved_tag(request, tag) for tag in data.get("tag_list", [])]
        actions.save_post(
            obj,
            user=request.user,
            tags=tags,
            categories=data.get("category_list", []),
            authors=data.get("author_list", []),
        )

    @staticmethod
    def _saved_tag(request, tag: Tag) -> Tag:
        """A tag typed into the form is created now, through the action (and its rules)."""
        if tag.pk is None:
            actions.save_term(tag, user=request.user)
        return tag

    def delete_model(self, request, obj):
        actions.delete_post(obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for post in queryset:
            actions.delete_post(post, user=request.user)

    # --- bulk actions -----------------------------------------------------------------

    def _each(self, request, queryset, action, done: str) -> None:
        """Run ``action`` on each post; one refused post is reported, not fatal."""
        count = 0
        for post in queryset:
            try:
                action(post, user=request.user)
            except (PermissionDenied, ValidationError) as error:
                reason = "; ".join(getattr(error, "messages", None) or [str(error)])
                self.message_user(request, f"“{post}”: {reason}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done.format(count=count), messages.SUCCESS)

    @admin.action(description="Publish selected posts", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._each(request, queryset, actions.publish_post, "Published {count} posts.")

    @admin.action(description="Submit selected posts for review", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._each(request, queryset, actions.submit_post, "Submitted {count} posts for review.")

    @admin.action(description="Unpublish selected posts (back to draft)", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._each(request, queryset, actions.unpublish_post, "Unpublished {count} posts.")

    @admin.action(description="Move selected posts to the trash", permissions=["delete"])
    def trash_selected(self, request, queryset):
        self._each(request, queryset, actions.trash_post, "Moved {count} posts to the trash.")

    @admin.action(
        description="Restore selected posts from the trash (as drafts)", permissions=["change"]
    )
    def restore_selected(self, request, queryset):
        self._each(request, queryset, actions.restore_post, "Restored {count} posts as drafts.")


@admin.register(Tag)
class TagAdmin(ActionSavingAdmin):
    list_display = ("name", "slug", "post_count")
    search_fields = ("name", "slug")
    readonly_fields = ("post_count",)


@admin.register(Category)
class CategoryAdmin(ActionSavingAdmin):
    list_display = ("name", "path", "post_count")
    search_fields = ("name", "slug", "path")
    autocomplete_fields = ("parent",)
    readonly_fields = ("path", "post_count")


@admin.register(Author)
class AuthorAdmin(ActionSavingAdmin):
    list_display = ("display_name", "slug", "user", "post_count")
    search_fields = ("display_name", "slug")
    autocomplete_fields = ("avatar",)
    readonly_fields = ("post_count",)


@admin.register(Series)
class SeriesAdmin(ActionSavingAdmin):
    list_display = ("title", "slug")
    search_fields = ("title", "slug")


@admin.register(Image)
class ImageAdmin(ActionSavingAdmin):
    """The media library. The media app's form checks each upload by its content and
    stores it without its metadata; saving through the action makes its renditions
    (see :mod:`newsdesk.media`)."""

    save_action = staticmethod(actions.save_image)
    list_display = ("thumbnail", "title", "alt_text", "credit", "width", "height", "created_at")
    search_fields = ("title", "alt_text", "caption", "credit")
    readonly_fields = ("width", "height", "mime_type", "thumbnail", "rendition_sizes")
    fields = (
        "file",
        "thumbnail",
        "title",
        "alt_text",
        "caption",
        "credit",
        "original_url",
        "mime_type",
        "width",
        "height",
        "rendition_sizes",
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Imported here: the media app builds on content, so content's modules load
        # without it.
        from newsdesk.media.forms import ImageForm

        kwargs["form"] = ImageForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    @admin.display(description="Preview")
    def thumbnail(self, image: Image) -> str:
        if not image.url:
            return "—"
        picture = image.renditions.picture() if image.pk else None
        source = picture.thumbnail if picture else image.url
        return format_html('<img src="{}" alt="{}" style="max-height:4rem">', source, image.alt)

    @admin.display(description="Renditions")
    def rendition_sizes(self, image: Image) -> str:
        picture = image.renditions.picture() if image.pk else None
        if picture is None:
            return "None yet: made when the picture is saved (animations are shown as they are)."
        made = [r for r in image.renditions.all() if r.source == image.file.name]
        widths = sorted({r.width for r in made})
        formats = sorted({r.get_format_display() for r in made})
        kilobytes = sum(r.bytes for r in made) / 1024
        return (
            f"{', '.join(map(str, widths))} pixels wide, as {' and '.join(formats)} "
            f"({kilobytes:.0f} kB in all)"
        )


@admin.register(Page)
class PageAdmin(ActionSavingAdmin):
    save_action = staticmethod(actions.save_page)
    delete_action = staticmethod(actions.delete_page)
    list_display = ("title", "path", "status", "language", "updated_at")
    list_filter = ("status", "language")
    search_fields = ("title", "path")
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)
    fields = (
        "title",
        "slug",
        "parent",
        "path",
        "body_format",
        "body",
        "status",
        "language",
        "position",
        "password",
    )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["slug"].required = False
        return form


class SiteItemAdmin(ActionSavingAdmin):
    save_action = staticmethod(actions.save_site_item)
    delete_action = staticmethod(actions.delete_site_item)


class MenuItemInline(admin.TabularInline):
    model = MenuItem
    extra = 1


@admin.register(Menu)
class MenuAdmin(SiteItemAdmin):
    list_display = ("name", "location")
    inlines = (MenuItemInline,)

    def save_formset(self, request, form, formset, change):
        # Menu items are site chrome: each saved or deleted item refreshes every page.
        for item in formset.save(commit=False):
            actions.save_site_item(item, user=request.user)
        for item in formset.deleted_objects:
            actions.delete_site_item(item, user=request.user)


@admin.register(FollowLink)
class FollowLinkAdmin(SiteItemAdmin):
    list_display = ("network", "url", "position")
    list_editable = ("position",)


@admin.register(SiteSettings)
class SiteSettingsAdmin(SiteItemAdmin):
    def has_add_permission(self, request):
        return not SiteSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(ActionSavingAdmin):
    """Comments kept from an imported site; the public site shows the approved ones when
    the site settings say so (readers cannot write new ones yet)."""

    save_action = staticmethod(actions.save_comment)
    delete_action = staticmethod(actions.delete_comment)
    list_display = ("author_name", "kind", "status", "post", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("author_name", "body")
    raw_id_fields = ("post", "page", "parent", "user")


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ("old_path", "new_path", "created_at")
    search_fields = ("old_path", "new_path")
    raw_id_fields = ("post",)  # a site has thousands of posts: no drop-down of them all


@admin.register(AuditEntry)
class AuditEntryAdmin(CalendarDrillDown, admin.ModelAdmin):
    """Who created, edited, published, unpublished, trashed, restored or deleted what,
    and when: read-only, for those who may view it (Administrators)."""

    list_display = ("at", "user", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")
    list_select_related = ("user",)
    search_fields = ("summary", "object_id", "user__username")
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return request.user.has_perm("content.view_auditentry")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("content.view_auditentry")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
