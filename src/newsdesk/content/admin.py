"""The editors' admin. Every save and delete goes through :mod:`newsdesk.content.actions`,
so the admin changes nothing the importer or the command line could not."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db import models
from django.db.models import QuerySet
from django.utils.html import format_html

from newsdesk.content import actions
from newsdesk.content.models import (
    AuditEntry,
    Author,
    Category,
    FollowLink,
    Image,
    Menu,
    MenuItem,
    Page,
    Post,
    PostAuthor,
    PostCategory,
    PostTag,
    Redirect,
    Series,
    SiteSettings,
    Tag,
)

admin.site.site_header = "newsdesk"
admin.site.site_title = "newsdesk admin"
admin.site.index_title = "Newsroom"


class OrderedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Keeps the order the editor picked (the byline lists authors in that order)."""

    def clean(self, value):
        chosen = super().clean(value)
        if not value:
            return []
        by_pk = {str(item.pk): item for item in chosen}
        return [by_pk[str(pk)] for pk in value if str(pk) in by_pk]


def _term_field(field_name: str, queryset: QuerySet, label: str, help_text: str = ""):
    return OrderedModelMultipleChoiceField(
        queryset=queryset,
        required=False,
        label=label,
        help_text=help_text,
        widget=AutocompleteSelectMultiple(Post._meta.get_field(field_name), admin.site),
    )


class PostForm(forms.ModelForm):
    # The term lists have their own through tables (with archive data), so they are
    # edited as plain fields and saved by the action.
    tag_list = _term_field("tags", Tag.objects.all(), "Tags", "Type to find a tag.")
    category_list = _term_field("categories", Category.objects.all(), "Categories")
    author_list = _term_field("authors", Author.objects.all(), "Authors", "In byline order.")

    class Meta:
        model = Post
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            links = (
                (PostTag, "tag", "tag_list"),
                (PostCategory, "category", "category_list"),
                (PostAuthor, "author", "author_list"),
            )
            for model, fk, field in links:
                rows = model.objects.filter(post=self.instance).order_by(*model._meta.ordering)
                self.initial[field] = [getattr(row, f"{fk}_id") for row in rows]
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Leave empty to derive it from the title."


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
class PostAdmin(ActionSavingAdmin):
    form = PostForm
    list_display = ("display_title", "status", "published_at", "language", "sticky", "updated_at")
    list_filter = ("status", "language", "sticky", "series")
    search_fields = ("title", "slug")
    date_hierarchy = "published_at"
    autocomplete_fields = ("featured_image", "series")
    readonly_fields = ("created_at", "updated_at")
    actions = ("publish_selected", "unpublish_selected", "trash_selected")
    fieldsets = (
        (None, {"fields": ("title", "slug", "body_format", "body", "excerpt")}),
        ("Publishing", {"fields": ("status", "published_at", "sticky", "language", "password")}),
        ("People and topics", {"fields": ("author_list", "byline", "tag_list", "category_list")}),
        ("Image and series", {"fields": ("featured_image", "series", "series_part")}),
        ("History", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        actions.save_post(
            obj,
            user=request.user,
            tags=data.get("tag_list", []),
            categories=data.get("category_list", []),
            authors=data.get("author_list", []),
        )

    def delete_model(self, request, obj):
        actions.delete_post(obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for post in queryset:
            actions.delete_post(post, user=request.user)

    @admin.action(description="Publish selected posts", permissions=["change"])
    def publish_selected(self, request, queryset):
        for post in queryset:
            actions.publish_post(post, user=request.user)
        self.message_user(request, f"Published {queryset.count()} posts.", messages.SUCCESS)

    @admin.action(description="Unpublish selected posts (back to draft)", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        for post in queryset:
            actions.unpublish_post(post, user=request.user)

    @admin.action(description="Move selected posts to the trash", permissions=["delete"])
    def trash_selected(self, request, queryset):
        for post in queryset:
            actions.trash_post(post, user=request.user)


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
    save_action = staticmethod(actions.save_image)
    list_display = ("thumbnail", "title", "alt_text", "credit", "width", "height", "created_at")
    search_fields = ("title", "alt_text", "caption", "credit")
    readonly_fields = ("width", "height", "thumbnail")
    fields = (
        "file",
        "thumbnail",
        "title",
        "alt_text",
        "caption",
        "credit",
        "original_url",
        "width",
        "height",
    )

    @admin.display(description="Preview")
    def thumbnail(self, image: Image) -> str:
        if not image.url:
            return "—"
        return format_html('<img src="{}" alt="{}" style="max-height:4rem">', image.url, image.alt)


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


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ("old_path", "new_path", "created_at")
    search_fields = ("old_path", "new_path")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")
    search_fields = ("summary", "object_id")

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
