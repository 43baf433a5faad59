from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "newsdesk.syndication"
    label = "newsdesk_syndication"
