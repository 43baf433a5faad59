from django.apps import AppConfig


class ExportConfig(AppConfig):
    name = "newsdesk.export"
    label = "newsdesk_export"
    verbose_name = "Static export"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from newsdesk.export import journal  # noqa: F401  (records what each change made stale)
