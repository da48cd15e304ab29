from tests.notify.conftest import smtp, smtp_server  # noqa: F401  (the real SMTP server fixtures)
