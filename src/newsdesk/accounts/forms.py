"""The forms of the login's second step and of an account's factors."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from newsdesk.accounts import confirmation


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class PasswordAgainForm(forms.Form):
    """Asks for the password again unless it was given a few minutes ago."""

    def __init__(self, request: HttpRequest, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        if not confirmation.recent(request):
            self.fields["password"] = forms.CharField(
                label=gettext_lazy("Your password"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                help_text=gettext_lazy("Asked again before a second factor is added or removed."),
            )

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not confirmation.check(self.request, password):
            raise forms.ValidationError(gettext_lazy("That is not your password."))
        return password


class AddAppForm(PasswordAgainForm):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=64,
        initial=gettext_lazy("Authenticator app"),
        help_text=gettext_lazy("So you can tell it apart."),
    )
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
