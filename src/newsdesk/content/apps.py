from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "newsdesk.content"
    label = "content"
    verbose_name = "Content"
