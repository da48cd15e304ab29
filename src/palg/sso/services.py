"""Single sign-on: an organisation admin saves the provider's configuration (checked against
the provider before anything is stored), and a directory person signing in through it for the
first time gets an account linked to them, as an accepted invitation would make."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.accounts.email_change import email_address_sync
from palg.accounts.events import Kind, security_event_record
from palg.accounts.models import Invitation, User
from palg.people.models import Person
from palg.sso import discovery
from palg.sso.models import SsoConfiguration
from palg.sso.selectors import SecretFileError, domains_parse, secret_from_file

SLUG_MAX = 30  # allauth's SocialAccount.provider holds the organisation's slug

MSG_CLIENT_ID = "Enter the client id the provider gave palg."
MSG_SECRET_NEEDED = (
    "Give the client secret: as the path of a file on the server that holds it (recommended), "
    "or typed in here."
)
MSG_SECRET_BOTH = "Give the client secret one way only: a file on the server, or typed in here."
MSG_DOMAINS_NEEDED = "Name at least one email domain whose people may sign in, such as acme.com."
MSG_DOMAIN_BAD = "“{value}” is not an email domain (such as acme.com)."
MSG_SLUG = (
    "The organisation's short name “{slug}” is longer than {max} characters, too long for "
    "single sign-on."
)


@transaction.atomic
def sso_configuration_save(
    *,
    actor: Actor,
    issuer: str,
    client_id: str,
    client_secret: str = "",
    client_secret_file: str = "",
    keep_secret: bool = False,
    domains: str | list[str],
    enabled: bool = True,
) -> SsoConfiguration:
    """Save the admin's organisation's provider. The issuer must answer with a valid discovery
    document, the secret be given one way (a readable file, or typed; `keep_secret` keeps the
    stored one) and the domains be well formed; otherwise ValidationError, by field, and
    nothing is saved."""
    organisation = access.sso_organisation_for_actor(actor)
    existing = SsoConfiguration.objects.filter(organisation=organisation).first()
    errors: dict[str, list[str]] = {}
    if len(organisation.slug) > SLUG_MAX:
        errors.setdefault("__all__", []).append(
            MSG_SLUG.format(slug=organisation.slug, max=SLUG_MAX)
        )
    client_id = client_id.strip()
    if not client_id:
        errors.setdefault("client_id", []).append(MSG_CLIENT_ID)
    client_secret_file = client_secret_file.strip()
    if keep_secret and existing is not None and not client_secret and not client_secret_file:
        client_secret = existing.client_secret or ""
        client_secret_file = existing.client_secret_file
    _check_secret(client_secret, client_secret_file, errors)
    good, bad = domains_parse(domains)
    if bad:
        errors.setdefault("domains", []).extend(MSG_DOMAIN_BAD.format(value=b) for b in bad)
    elif not good:
        errors.setdefault("domains", []).append(MSG_DOMAINS_NEEDED)
    try:
        issuer = discovery.discover(issuer)["issuer"].rstrip("/")
    except discovery.DiscoveryError as error:
        errors.setdefault("issuer", []).append(str(error))
    if errors:
        raise ValidationError(errors)
    configuration = existing or SsoConfiguration(organisation=organisation)
    configuration.issuer = issuer
    configuration.client_id = client_id
    configuration.client_secret = client_secret or None
    configuration.client_secret_file = client_secret_file
    configuration.domains = good
    configuration.enabled = enabled
    configuration.updated_by_id = actor.user_id
    configuration.save()
    return configuration


def _check_secret(inline: str, path: str, errors: dict) -> None:
    if inline and path:
        errors.setdefault("client_secret", []).append(MSG_SECRET_BOTH)
    elif not inline and not path:
        errors.setdefault("client_secret_file", []).append(MSG_SECRET_NEEDED)
    elif path:
        try:
            secret_from_file(path)
        except SecretFileError as error:
            errors.setdefault("client_secret_file", []).append(str(error))


@transaction.atomic
def sso_account_create(*, person: Person) -> User:
    """The account of a directory person who signs in through their organisation's provider
    for the first time: linked to them and their organisation, with no password (they sign in
    through the provider, or set one by password reset). An open invitation is used up."""
    invitation = Invitation.objects.select_for_update().filter(person=person).first()
    if invitation is not None and invitation.state != Invitation.State.INVITED:
        invitation = None  # accepted, revoked or expired: nothing to use up, no role to give
    user = User(
        email=person.email.strip().lower(),
        display_name=person.name,
        organisation_id=person.organisation_id,
        person=person,
        # The operator's invitation of an organisation admin (palg.accounts.admins) holds
        # whichever way in the person takes.
        is_org_admin=invitation is not None and invitation.org_admin,
    )
    user.set_unusable_password()
    user.save()
    # The provider vouched for the address (email_verified): allauth keeps it as the account's
    # verified, primary one, as an accepted invitation does.
    email_address_sync(user=user)
    if invitation is not None:
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        security_event_record(
            user=user, kind=Kind.INVITATION_ACCEPTED, detail="Through single sign-on."
        )
    return user


@transaction.atomic
def sso_unlink(*, actor: Actor, account_id: int) -> int:
    """An admin removes an account's single sign-on links (it then signs in by password, or
    links again by signing in through the provider); how many links went."""
    from allauth.socialaccount.models import SocialAccount
    from allauth.socialaccount.signals import social_account_removed

    account = access.account_get_for_actor(actor=actor, account_id=account_id)
    links = list(SocialAccount.objects.filter(user=account))
    for link in links:
        link.delete()
        social_account_removed.send(sender=SocialAccount, request=None, socialaccount=link)
    return len(links)


def end_session_url(request) -> str | None:
    """Where to send someone signing out of palg who signed in through a provider that offers
    RP-initiated logout (its end_session_endpoint): there, to end its session too, and back to
    palg's sign-in page. None otherwise, or when the provider cannot be reached."""
    from urllib.parse import urlencode

    from django.conf import settings
    from django.urls import reverse

    from palg.sso.receivers import SESSION_KEY
    from palg.sso.selectors import sso_for_provider_id

    remembered = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not remembered:
        return None
    sso = sso_for_provider_id(remembered.get("provider_id", ""))
    if sso is None:
        return None
    try:
        endpoint = discovery.discover(sso.issuer).get("end_session_endpoint")
    except discovery.DiscoveryError:
        return None
    if not endpoint:
        return None
    query = {
        "id_token_hint": remembered["id_token"],
        "client_id": sso.client_id,
        "post_logout_redirect_uri": settings.SITE_URL.rstrip("/") + reverse("login"),
    }
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"


def end_session_page(request, url: str):
    """The page that takes the browser on to the provider's sign-out (palg.web's sign-out)."""
    from palg.sso.provider import continue_page

    return continue_page(
        request,
        url,
        heading="You have signed out of palg",
        text="Now signing you out of your organisation's sign-in too…",
        link="Continue to your organisation's sign-out",
    )
