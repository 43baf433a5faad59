"""The user admin, Django's own, with every role it gives or takes recorded as given
or taken by the Administrator using it (see :mod:`newsdesk.accounts.role_changes`)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from newsdesk.accounts.role_changes import acting_for

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffAdmin(UserAdmin):
    def changeform_view(self, request, *args, **kwargs):
        with acting_for(request):
            return super().changeform_view(request, *args, **kwargs)
