from tests.api.conftest import api_as  # noqa: F401  (API clients with a bearer token)
from tests.notify.conftest import smtp, smtp_server  # noqa: F401  (the real SMTP server fixtures)
