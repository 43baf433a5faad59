"""The accounts' part of the admin.

Each staff member's own security pages are linked from the admin's front page. The
user admin is Django's own, with two additions: every role it gives or takes is
recorded as given or taken by the Administrator using it (see
:mod:`newsdesk.accounts.role_changes`), and an Administrator sees who has a second
factor and can reset (remove) someone's factors, never see them.

For the login throttle, django-axes' running counts of failed logins stay (a superuser
may delete one to lift a pause early); its own logs are not kept (the audit log has
every failure and pause), so their empty lists are not offered.
"""

from __future__ import annotations

from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from newsdesk.accounts import factors
from newsdesk.accounts.role_changes import acting_for

User = get_user_model()

admin.site.index_template = "admin/accounts/index.html"

for kept_elsewhere in (AccessLog, AccessFailureLog):
    if admin.site.is_registered(kept_elsewhere):
        admin.site.unregister(kept_elsewhere)


class StaffUserAdmin(UserAdmin):
    list_display = (*UserAdmin.list_display, "second_factor")
    actions = ["reset_second_factors"]

    def changeform_view(self, request, *args, **kwargs):
        with acting_for(request):
            return super().changeform_view(request, *args, **kwargs)

    @admin.display(description="Second factor", boolean=True)
    def second_factor(self, user) -> bool:
        return factors.has_primary(user)

    @admin.action(description="Reset second factors (they log in with their password next)")
    def reset_second_factors(self, request, queryset) -> None:
        people = list(queryset)
        for user in people:
            factors.reset(user, by=request.user, request=request, how="by an Administrator")
        self.message_user(
            request,
            f"Reset the second factors of {', '.join(u.get_username() for u in people)}; "
            "their sessions ended.",
            messages.SUCCESS,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("otp_totp.delete_totpdevice"):
            actions.pop("reset_second_factors", None)
        return actions


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
