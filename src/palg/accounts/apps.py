from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "palg.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Connects the receivers of Django's sign-in signals.
        from palg.accounts import events, two_factor  # noqa: F401
