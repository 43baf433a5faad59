from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "newsdesk.accounts"
    label = "accounts"
    verbose_name = "Accounts and security"
