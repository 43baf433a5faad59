"""The admin's side of protected posts and pages: a password field that never shows
the stored value.

The field offers "set a new password" (left empty, the password stays as it is) and,
when the item has one, "remove the password"; the form hands the choice to
:func:`newsdesk.content.protection.protect`, so what reaches the actions is already a
hash. A read-only view (someone who may see the item but not change it) says whether
there is a password, not what is stored.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from newsdesk.content import protection
from newsdesk.content.models import Page


class ItemPasswordWidget(forms.MultiWidget):
    """A password box and a "remove" box. Its value is the stored hash, used only to say
    whether there is a password: the boxes always come out empty."""

    template_name = "newsdesk/admin/item_password.html"

    def __init__(self, attrs=None):
        boxes = (
            forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False),
            forms.CheckboxInput(),
        )
        super().__init__(boxes, attrs)

    def decompress(self, value):
        return ["", False]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["protected"] = bool(value)
        return context


class ItemPasswordField(forms.MultiValueField):
    """Cleans to the change asked for: None (keep the password), "" (remove it) or the
    new password's words."""

    widget = ItemPasswordWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Password")
        kwargs.setdefault(
            "help_text",
            "Readers must enter it to see the body. Leave the box empty to keep the "
            "password as it is.",
        )
        parts = (forms.CharField(required=False, strip=False), forms.BooleanField(required=False))
        super().__init__(parts, required=False, require_all_fields=False, **kwargs)

    def bound_data(self, data, initial):
        # A form shown again (with an error elsewhere) still says whether the item has
        # a password, and never fills the box again.
        return initial

    def compress(self, data_list):
        new, remove = (list(data_list) + ["", False])[:2]
        if new and remove:
            raise ValidationError("Type a new password or tick “Remove the password”, not both.")
        if remove:
            return ""
        return new or None


class ProtectedItemForm(forms.ModelForm):
    """A post's or page's admin form with :class:`ItemPasswordField` as its password."""

    password = ItemPasswordField()

    def clean(self):
        data = super().clean()
        change = data.pop("password", None)  # left out, the model form keeps the stored hash
        if change is not None:
            protection.protect(self.instance, change)
        return data


class PageForm(ProtectedItemForm):
    class Meta:
        model = Page
        fields = "__all__"


class ProtectedItemAdmin:
    """Mixed into the post and page admins: a read-only view shows "password_status"
    where the password field would be."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [_status_instead(f) for f in options["fields"]]})
            for name, options in fieldsets
        ]

    @admin.display(description="Password")
    def password_status(self, obj) -> str:
        return "Set: readers must enter it to see the body." if obj.password else "None."


def _status_instead(field):
    if isinstance(field, (list, tuple)):
        return type(field)(_status_instead(part) for part in field)
    return "password_status" if field == "password" else field
