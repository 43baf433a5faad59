from django.apps import AppConfig


class WordpressConfig(AppConfig):
    name = "newsdesk.wordpress"
    label = "newsdesk_wordpress"
    verbose_name = "WordPress migration"
