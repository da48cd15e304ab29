"""An OpenID provider's discovery document (`<issuer>/.well-known/openid-configuration`),
fetched and checked before a configuration is saved, and again at every sign-in."""

import ipaddress
from urllib.parse import urlsplit

import requests
from django.conf import settings

WELL_KNOWN = "/.well-known/openid-configuration"
REQUIRED = ("authorization_endpoint", "token_endpoint", "jwks_uri")

MSG_NOT_URL = "Enter the issuer as a full URL, such as https://accounts.google.com."
MSG_NOT_HTTPS = (
    "The issuer must use https:// (plain http:// is allowed only for a provider on this machine "
    "or with PALG_DEBUG)."
)
MSG_UNREACHABLE = "palg could not reach {url}: {reason}. Check the issuer URL."
MSG_STATUS = "{url} answered HTTP {status}, not a discovery document. Check the issuer URL."
MSG_NOT_JSON = "{url} did not answer with a JSON discovery document. Check the issuer URL."
MSG_MISSING = "The provider's discovery document has no {field}."
MSG_ISSUER_DIFFERS = (
    "The provider calls itself {actual}, not {expected}: enter its issuer exactly as its "
    "discovery document gives it."
)
MSG_NO_S256 = "The provider does not offer PKCE with S256, which palg requires."


class DiscoveryError(Exception):
    """The issuer cannot be used; the message says why, for the admin who entered it."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def issuer_check(issuer: str) -> str:
    """The issuer without a trailing slash; DiscoveryError if it is no http(s) URL, or plain
    http for a remote host outside PALG_DEBUG."""
    parts = urlsplit(issuer.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise DiscoveryError(MSG_NOT_URL)
    if parts.scheme == "http" and not (settings.DEBUG or is_loopback(parts.hostname)):
        raise DiscoveryError(MSG_NOT_HTTPS)
    return issuer.strip().rstrip("/")


def same_issuer(first: str, second: str) -> bool:
    return first.rstrip("/") == second.rstrip("/")


def discover(issuer: str) -> dict:
    """The issuer's discovery document, checked: it names the same issuer, has the endpoints
    palg uses, and offers S256 PKCE where it lists PKCE methods. DiscoveryError otherwise."""
    issuer = issuer_check(issuer)
    url = issuer + WELL_KNOWN
    try:
        response = requests.get(url, timeout=settings.SOCIALACCOUNT_REQUESTS_TIMEOUT)
    except requests.RequestException as error:
        raise DiscoveryError(MSG_UNREACHABLE.format(url=url, reason=_reason(error))) from None
    if response.status_code != 200:
        raise DiscoveryError(MSG_STATUS.format(url=url, status=response.status_code))
    try:
        document = response.json()
    except ValueError:
        raise DiscoveryError(MSG_NOT_JSON.format(url=url)) from None
    if not isinstance(document, dict):
        raise DiscoveryError(MSG_NOT_JSON.format(url=url))
    actual = str(document.get("issuer", ""))
    if not same_issuer(actual, issuer):
        raise DiscoveryError(MSG_ISSUER_DIFFERS.format(actual=actual or "nothing", expected=issuer))
    for field in REQUIRED:
        if not document.get(field):
            raise DiscoveryError(MSG_MISSING.format(field=field))
    methods = document.get("code_challenge_methods_supported")
    if methods is not None and "S256" not in methods:
        raise DiscoveryError(MSG_NO_S256)
    return document


def _reason(error: requests.RequestException) -> str:
    if isinstance(error, requests.Timeout):
        return "no answer in time"
    if isinstance(error, requests.ConnectionError):
        return "the connection failed"
    return error.__class__.__name__
