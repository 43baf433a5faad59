"""The admin's post form: term lists edited as plain fields, tags created as they are
typed, and the publishing rules checked before anything is saved.

The term lists have their own through tables (with archive data), so they are edited
as ordered lists and saved by :func:`newsdesk.content.actions.save_post`. The tag
field runs the admin's select2 in *tags* mode: a tag that does not exist yet arrives
as its typed name instead of an id, and becomes an unsaved :class:`Tag` the admin
creates through :func:`newsdesk.content.actions.save_term` (with the editor's
permission) when the post is saved.

Who may not name other people on a post (:func:`newsdesk.content.permissions.may_credit`)
sees its authors, shared byline and sticky flag without being able to change them; a
new post of theirs carries their own byline. A forged value for one of them is refused
with a message, as the action would refuse it.
"""

from __future__ import annotations

import copy

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from newsdesk.content import actions, permissions
from newsdesk.content.models import (
    Author,
    Category,
    Post,
    PostAuthor,
    PostCategory,
    PostTag,
    Status,
    Tag,
)
from newsdesk.content.protection_admin import ProtectedItemForm
from newsdesk.content.slugs import slug_for

#: What someone who may not publish can set a post's status to.
UNPUBLISHED_CHOICES = (Status.DRAFT, Status.PENDING)
#: The fields only those who may edit others' posts change: other people's names on
#: the post, and its place at the top of the home page.
CREDITS = ("author_list", "byline", "sticky")


class OrderedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Keeps the order the editor picked (the byline lists authors in that order)."""

    def clean(self, value):
        chosen = super().clean(value)
        if not value:
            return []
        by_pk = {str(item.pk): item for item in chosen}
        return [by_pk[str(pk)] for pk in value if str(pk) in by_pk]


class TagAutocomplete(AutocompleteSelectMultiple):
    """The admin's autocomplete, letting the editor type a tag that does not exist yet
    (select2's ``tags`` option; a comma ends a tag too)."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-tags"] = "true"
        attrs["data-token-separators"] = '[","]'
        return attrs

    def optgroups(self, name, value, attr=None):
        """Typed names are shown again, as typed, when the form comes back with an error
        (the autocomplete looks up ids only)."""
        ids = [item for item in value if str(item).isdigit()]
        typed = [str(item) for item in value if item and not str(item).isdigit()]
        groups = super().optgroups(name, ids, attr)
        for text in typed:
            option = self.create_option(name, text, text, True, len(groups))
            groups.append((None, [option], len(groups)))
        return groups


class TagListField(OrderedModelMultipleChoiceField):
    """Existing tags by id, new ones by name. A typed name that matches an existing tag
    (its name in any case, or its slug) is that tag: the same word never makes two tags.
    (A tag typed as a bare number is read as the id of an existing tag when one has it.)"""

    def clean(self, value):
        texts = [str(item).strip() for item in value or [] if str(item).strip()]
        if not texts and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        by_id = self.queryset.in_bulk([int(text) for text in texts if text.isdigit()])
        chosen: dict[str, Tag] = {}
        for text in texts:
            tag = by_id.get(int(text)) if text.isdigit() else None
            tag = tag or _existing_tag(text) or Tag(name=text[:200])
            key = str(tag.pk) if tag.pk else tag.name.casefold()
            chosen.setdefault(key, tag)
        return list(chosen.values())


def _existing_tag(name: str) -> Tag | None:
    return (
        Tag.objects.filter(name__iexact=name).first()
        or Tag.objects.filter(slug=slug_for(name, "")).first()
    )


def _term_field(field_name: str, queryset: QuerySet, label: str, help_text: str = ""):
    return OrderedModelMultipleChoiceField(
        queryset=queryset,
        required=False,
        label=label,
        help_text=help_text,
        widget=AutocompleteSelectMultiple(Post._meta.get_field(field_name), admin.site),
    )


class PostForm(ProtectedItemForm):
    tag_list = TagListField(
        queryset=Tag.objects.all(),
        required=False,
        label="Tags",
        help_text="Type to find a tag; a new one is created when the post is saved.",
        widget=TagAutocomplete(Post._meta.get_field("tags"), admin.site),
    )
    category_list = _term_field("categories", Category.objects.all(), "Categories")
    author_list = _term_field("authors", Author.objects.all(), "Authors", "In byline order.")

    #: Who fills the form in (set by the admin): decides the statuses offered, whether
    #: new tags may be created and whether other people may be named on the post.
    editor = None

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
        elif self.editor is not None and "author_list" not in self.initial:
            # A new post carries its writer's byline first.
            profile = Author.objects.filter(user=self.editor).first()
            if profile is not None:
                self.initial["author_list"] = [profile.pk]
        if self.editor is not None and not permissions.may_credit(self.editor):
            for name in CREDITS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = "Set by an editor."
        if "slug" in self.fields:  # not in a read-only view
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Leave empty to derive it from the title."
        status = self.fields.get("status")
        if status is not None and self.editor and not self.editor.has_perm("content.publish_post"):
            # Offered: write and submit. A forged "published" still reaches the action,
            # which refuses it (403), as it refuses anyone without the permission.
            offered = {*UNPUBLISHED_CHOICES, self.instance.status}
            status.widget.choices = [(v, label) for v, label in status.choices if v in offered]
            status.help_text = (
                "Submit the post for review when it is ready; an editor publishes it."
            )

    def clean_tag_list(self):
        tags = self.cleaned_data["tag_list"]
        new = [tag.name for tag in tags if tag.pk is None]
        if new and self.editor is not None and not self.editor.has_perm("content.add_tag"):
            raise ValidationError(
                "You may choose existing tags only; these are new: %(names)s.",
                params={"names": ", ".join(new)},
            )
        return tags

    def clean(self):
        data = super().clean()
        self._refuse_forged_credits()
        image = data.get("featured_image")
        going = Post(
            pk=self.instance.pk,
            status=data.get("status", self.instance.status),
            featured_image_id=image.pk if image else None,
        )
        problem = actions.missing_alt_text(going, actions.stored_state(self.instance))
        if problem:
            self.add_error("featured_image", problem)
        return data

    def _refuse_forged_credits(self) -> None:
        """A field shown disabled is not sent by a browser; one sent with another value
        than the post's was forged, and is refused rather than quietly dropped."""
        for name in CREDITS:
            field = self.fields.get(name)
            if field is None or not field.disabled or self.add_prefix(name) not in self.data:
                continue
            sent = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            enabled = copy.copy(field)
            enabled.disabled = False  # a disabled field never counts as changed
            if enabled.has_changed(self.get_initial_for_field(field, name), sent):
                self.add_error(
                    name,
                    "Only editors name other people on a post or make it sticky; "
                    "this stays as it is.",
                )
