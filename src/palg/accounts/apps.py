from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "palg.accounts"
    label = "accounts"
    verbose_name = "Accounts"
