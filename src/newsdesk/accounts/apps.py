from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "newsdesk.accounts"
    label = "accounts"
    verbose_name = "Accounts and security"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_save, pre_save

        from newsdesk.accounts import role_changes

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
