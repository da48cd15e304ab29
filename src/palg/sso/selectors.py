"""Which organisations sign in through which OpenID provider: the configurations their admins
saved, and the one the environment gives (PALG_OIDC_*), for an organisation without its own."""

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from palg.journal.fields import Unreadable
from palg.people.models import Organisation
from palg.sso.models import SsoConfiguration

logger = logging.getLogger(__name__)

PAGE = "page"
ENVIRONMENT = "environment"
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class SecretFileError(Exception):
    pass


@dataclass(frozen=True)
class OrganisationSso:
    """One organisation's provider, as palg signs in with it."""

    organisation: Organisation
    issuer: str
    client_id: str
    secret: str
    domains: tuple[str, ...]
    source: str  # PAGE or ENVIRONMENT

    @property
    def provider_id(self) -> str:
        return provider_id_for(self.organisation)

    def allows(self, email: str) -> bool:
        return email.rpartition("@")[2].lower() in self.domains


def provider_id_for(organisation: Organisation) -> str:
    """allauth's id for the organisation's provider app: its slug (in the redirect URI)."""
    return organisation.slug


def redirect_uri_for(organisation: Organisation) -> str:
    """The URI to register with the provider."""
    path = reverse("openid_connect_callback", kwargs={"provider_id": provider_id_for(organisation)})
    return settings.SITE_URL.rstrip("/") + path


def secret_from_file(path: str) -> str:
    """The secret a file holds (surrounding whitespace removed); SecretFileError if unreadable
    or empty."""
    try:
        secret = Path(path).read_text().strip()
    except OSError as error:
        raise SecretFileError(f"palg cannot read {path}: {error.strerror or error}.") from None
    if not secret:
        raise SecretFileError(f"{path} is empty.")
    return secret


def domains_parse(text: str | list[str]) -> tuple[list[str], list[str]]:
    """(well-formed lower-case domains in order, the entries that are not domains)."""
    items = text if isinstance(text, list) else re.split(r"[\s,;]+", text)
    good, bad = [], []
    for item in (raw.strip().lower().lstrip("@") for raw in items):
        if not item:
            continue
        (good if DOMAIN.match(item) else bad).append(item)
    return list(dict.fromkeys(good)), bad


def environment_organisation() -> Organisation | None:
    """The organisation PALG_OIDC_ORGANISATION names, or the only one when it is unset."""
    if settings.OIDC_ORGANISATION:
        return Organisation.objects.filter(slug=settings.OIDC_ORGANISATION).first()
    only = list(Organisation.objects.all()[:2])
    return only[0] if len(only) == 1 else None


def environment_sso() -> OrganisationSso | None:
    if not (settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID):
        return None
    organisation = environment_organisation()
    if organisation is None:
        return None
    domains, _ = domains_parse(list(settings.OIDC_DOMAINS))
    return OrganisationSso(
        organisation=organisation,
        issuer=settings.OIDC_ISSUER.rstrip("/"),
        client_id=settings.OIDC_CLIENT_ID,
        secret=settings.OIDC_CLIENT_SECRET,
        domains=tuple(domains),
        source=ENVIRONMENT,
    )


def _from_configuration(configuration: SsoConfiguration) -> OrganisationSso | None:
    secret = configuration.client_secret or ""
    if isinstance(secret, Unreadable):
        # Encrypted under a journal key that is no longer configured: no button, and the log
        # says why, rather than a sign-in the provider refuses.
        logger.error("Single sign-on for %s is off: %s", configuration.organisation, secret)
        return None
    if configuration.client_secret_file:
        try:
            secret = secret_from_file(configuration.client_secret_file)
        except SecretFileError as error:
            # `palg manage check` reports it too; the organisation's button is not offered.
            logger.error("Single sign-on for %s is off: %s", configuration.organisation, error)
            return None
    return OrganisationSso(
        organisation=configuration.organisation,
        issuer=configuration.issuer.rstrip("/"),
        client_id=configuration.client_id,
        secret=secret,
        domains=tuple(configuration.domains),
        source=PAGE,
    )


def sso_list() -> list[OrganisationSso]:
    """Every organisation that signs in through a provider, by name. An organisation's own
    configuration wins over the environment's; a disabled one turns SSO off for it."""
    configurations = SsoConfiguration.objects.select_related("organisation")
    found, configured = [], set()
    for configuration in configurations:
        configured.add(configuration.organisation_id)
        if configuration.enabled and (sso := _from_configuration(configuration)) is not None:
            found.append(sso)
    default = environment_sso()
    if default is not None and default.organisation.pk not in configured:
        found.append(default)
    return sorted(found, key=lambda sso: sso.organisation.name)


def sso_for_provider_id(provider_id: str) -> OrganisationSso | None:
    return next((sso for sso in sso_list() if sso.provider_id == provider_id), None)


def sso_for_organisation(organisation_id: int) -> OrganisationSso | None:
    return next((sso for sso in sso_list() if sso.organisation.pk == organisation_id), None)


def post_logout_uri() -> str:
    """Where a provider sends someone back after palg ended its session too (to register with
    the provider as a post-logout redirect URI)."""
    return settings.SITE_URL.rstrip("/") + reverse("login")
