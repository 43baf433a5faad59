"""Staff accounts: how people log in and stay logged in (second factors, throttling,
sessions), and the audit trail of those events.

Builds on :mod:`newsdesk.content` (roles, the audit log); content imports nothing here.
"""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "newsdesk.accounts"
    label = "accounts"
    verbose_name = "Accounts and security"

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import m2m_changed, post_save, pre_save
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from newsdesk.accounts import role_changes, sessions

        user = get_user_model()
        for relation in (user.groups, user.user_permissions):
            m2m_changed.connect(
                role_changes.grants_changed,
                sender=relation.through,
                dispatch_uid=f"newsdesk-accounts-{relation.field.name}-changed",
            )
        pre_save.connect(
            role_changes.superuser_saving, sender=user, dispatch_uid="newsdesk-superuser-saving"
        )
        post_save.connect(
            role_changes.superuser_saved, sender=user, dispatch_uid="newsdesk-superuser-saved"
        )
        user_logged_in.connect(sessions.started, dispatch_uid="newsdesk.accounts.started")
        user_logged_out.connect(sessions.logged_out, dispatch_uid="newsdesk.accounts.logged_out")
        # django-otp's own admin pages show and edit secrets (a TOTP key, its QR code,
        # backup codes) of anyone's devices: here an Administrator may only reset
        # another account's factors (the user admin's action). The admin has registered
        # every app's models by now (its ready() ran first).
        for model in (TOTPDevice, StaticDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
