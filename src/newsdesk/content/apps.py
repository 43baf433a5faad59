from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "newsdesk.content"
    label = "content"
    verbose_name = "Content"

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_migrate

        from newsdesk.content import roles
        from newsdesk.content.admin_dates import keep_drill_downs_in_calendar

        post_migrate.connect(roles.sync_roles, dispatch_uid="newsdesk-content-roles")
        m2m_changed.connect(
            roles.role_given,
            sender=get_user_model().groups.through,
            dispatch_uid="newsdesk-content-role-given",
        )
        keep_drill_downs_in_calendar(admin.site)
