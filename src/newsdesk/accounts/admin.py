"""The admin's side of accounts.

The user admin is Django's own, with every role it gives or takes recorded as given or
taken by the Administrator using it (see :mod:`newsdesk.accounts.role_changes`).

For the login throttle, django-axes' running counts of failed logins stay (a superuser
may delete one to lift a pause early); its own logs are not kept (the audit log has
every failure and pause), so their empty lists are not offered.
"""

from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from newsdesk.accounts.role_changes import acting_for

for kept_elsewhere in (AccessLog, AccessFailureLog):
    if admin.site.is_registered(kept_elsewhere):
        admin.site.unregister(kept_elsewhere)

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffAdmin(UserAdmin):
    def changeform_view(self, request, *args, **kwargs):
        with acting_for(request):
            return super().changeform_view(request, *args, **kwargs)
