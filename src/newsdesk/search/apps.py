from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "newsdesk.search"
    label = "newsdesk_search"
    verbose_name = "Search"

    def ready(self) -> None:
        from newsdesk.search import receivers  # noqa: F401  (keeps the index in step)
