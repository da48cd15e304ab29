"""System checks for single sign-on (`palg manage check`; the inline-secret ones with --deploy)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

INLINE_ENV = (
    "PALG_OIDC_CLIENT_SECRET holds the single sign-on client secret in the environment, where "
    "process listings, crash reports and shell history can show it."
)
INLINE_ENV_HINT = (
    "Put the secret in a file only palg can read and set PALG_OIDC_CLIENT_SECRET_FILE."
)
INLINE_PAGE = (
    "{organisation}'s single sign-on client secret is stored in palg's database, typed into the "
    "Single sign-on page."
)
INLINE_PAGE_HINT = (
    "Put the secret in a file only palg can read and give its path on the Single sign-on page "
    "instead."
)
NO_ORGANISATION = (
    "PALG_OIDC_ISSUER is set but no organisation signs in through it: PALG_OIDC_ORGANISATION "
    "names no organisation (or, unset, there is not exactly one)."
)
SECRET_FILE = "{organisation}'s single sign-on is off: {error}"


@register(Tags.security, deploy=True)
def inline_secrets(app_configs=None, **kwargs):
    found = []
    if settings.OIDC_CLIENT_SECRET_INLINE:
        found.append(Warning(INLINE_ENV, hint=INLINE_ENV_HINT, id="palg.sso.W001"))
    for configuration in _configurations().filter(client_secret__isnull=False):
        message = INLINE_PAGE.format(organisation=configuration.organisation)
        found.append(Warning(message, hint=INLINE_PAGE_HINT, id="palg.sso.W002"))
    return found


@register(Tags.security)
def usable_configuration(app_configs=None, **kwargs):
    from palg.sso import selectors

    found = []
    try:
        if settings.OIDC_ISSUER and selectors.environment_organisation() is None:
            found.append(Warning(NO_ORGANISATION, id="palg.sso.W003"))
        for configuration in _configurations().exclude(client_secret_file=""):
            try:
                selectors.secret_from_file(configuration.client_secret_file)
            except selectors.SecretFileError as error:
                message = SECRET_FILE.format(organisation=configuration.organisation, error=error)
                found.append(Warning(message, id="palg.sso.W004"))
    except DatabaseError:
        return []  # not migrated yet
    return found


def _configurations():
    from palg.sso.models import SsoConfiguration

    rows = SsoConfiguration.objects.select_related("organisation").filter(enabled=True)
    try:
        # Evaluate now, so that a database without the table (not migrated yet) is no error.
        list(rows[:1])
    except DatabaseError:
        return SsoConfiguration.objects.none()
    return rows
