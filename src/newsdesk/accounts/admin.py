"""The admin for the login throttle: django-axes' running counts of failed logins stay
(a superuser may delete one to lift a pause early); its own logs are not kept
(the audit log has every failure and pause), so their empty lists are not offered."""

from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin

for kept_elsewhere in (AccessLog, AccessFailureLog):
    if admin.site.is_registered(kept_elsewhere):
        admin.site.unregister(kept_elsewhere)
