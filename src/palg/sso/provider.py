"""palg's OpenID Connect provider class for allauth (SOCIALACCOUNT_PROVIDERS' provider_class):
allauth's, plus what OpenID Connect asks of a careful client and allauth leaves out.

- A nonce goes with every authorisation request (kept in allauth's state for the callback),
  and the ID token must carry it back, so a token minted for another request is refused.
- The ID token's signature is always checked against the provider's published keys: allauth
  skips the check for a token fetched over TLS, but a provider's token endpoint is not always
  on TLS here (a provider on this machine), and the check is cheap.
- The provider's discovery document must name the issuer configured, at every sign-in.
- Only sign-in: a request cannot pick allauth's connect process, nor add scopes or parameters.
"""

import logging
import secrets

import requests
from allauth.socialaccount.internal import jwtkit, statekit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import get_request_param
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from palg.sso.discovery import same_issuer

logger = logging.getLogger(__name__)

MSG_UNREACHABLE = (
    "palg could not reach your organisation's sign-in service just now. Please try again in a "
    "moment, or sign in with your email and password."
)
MSG_NONCE = "The ID token does not carry the nonce palg sent: it was not issued for this sign-in."
MSG_NO_ID_TOKEN = "The provider sent no ID token."
MSG_ISSUER = "The provider's discovery document names another issuer."


class OrganisationOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    # The nonce stashed with this callback's state (None: none was found, and none will match).
    expected_nonce: str | None = None

    @property
    def openid_config(self):
        config = super().openid_config
        expected = self.get_provider().app.settings.get("issuer", "")
        if not same_issuer(str(config.get("issuer", "")), expected):
            raise OAuth2Error(MSG_ISSUER)
        return config

    def complete_login(self, request, app, token, **kwargs):
        if not kwargs["response"].get("id_token"):
            raise OAuth2Error(MSG_NO_ID_TOKEN)
        return super().complete_login(request, app, token, **kwargs)

    def _decode_id_token(self, app, id_token: str) -> dict:
        data = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        nonce = str(data.get("nonce", ""))
        if not self.expected_nonce or not secrets.compare_digest(nonce, self.expected_nonce):
            raise OAuth2Error(MSG_NONCE)
        # For signing out of the provider too (palg.sso.receivers).
        self.request.palg_sso_id_token = id_token
        self.request.palg_sso_provider = self.provider_id
        return data


class OrganisationProvider(OpenIDConnectProvider):
    oauth2_adapter_class = OrganisationOAuth2Adapter

    def get_redirect_from_request_kwargs(self, request):
        kwargs = super().get_redirect_from_request_kwargs(request)
        kwargs["process"] = AuthProcess.LOGIN
        return kwargs

    def get_scope_from_request(self, request):
        return self.get_scope()

    def get_auth_params_from_request(self, request, action):
        return self.get_auth_params()

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params["nonce"] = nonce
        # allauth keeps the extra keyword (nonce) in the state it stashes for the callback.
        response = super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )
        if not isinstance(response, HttpResponseRedirect):
            return response
        # A page that moves on by itself rather than a redirect: palg's Content Security Policy
        # (form-action 'self') would stop a form's redirect to the provider, and to wherever the
        # provider sends the browser on (a federated sign-in).
        return continue_page(
            request,
            response.url,
            heading=f"Sign in with {self.app.name} SSO",
            text=f"Taking you to {self.app.name}'s sign-in…",
            link=f"Continue to {self.app.name}'s sign-in",
        )


def continue_page(request, url: str, *, heading: str, text: str, link: str):
    """A page that sends the browser on to `url` by itself (meta refresh), with a link too."""
    context = {"url": url, "heading": heading, "text": text, "link": link}
    return render(request, "sso/continue.html", context)


def _stashed_nonce(request, provider_id: str) -> str | None:
    state_id = get_request_param(request, "state")
    stashed = statekit.get_states(request).get(state_id or "")
    if not stashed or len(stashed) != 3 or stashed[2] != provider_id:
        return None
    return stashed[0].get("nonce")


@never_cache
def login(request, provider_id: str):
    """Start signing in through the organisation's provider (POST; GET asks to confirm)."""
    try:
        view = OAuth2LoginView.adapter_view(OrganisationOAuth2Adapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404("No organisation signs in here.") from None
    except (OAuth2Error, requests.RequestException):
        # The provider's discovery document could not be had, or names another issuer.
        logger.exception("Single sign-on through %s could not start", provider_id)
        context = {"message": MSG_UNREACHABLE, "organisation": None}
        return render(request, "sso/refused.html", context, status=502)


@never_cache
def callback(request, provider_id: str):
    """Where the provider sends the person back, with a code for palg to exchange."""
    adapter = OrganisationOAuth2Adapter(request, provider_id)
    adapter.expected_nonce = _stashed_nonce(request, provider_id)
    try:
        return OAuth2CallbackView.adapter_view(adapter)(request)
    except SocialApp.DoesNotExist:
        raise Http404("No organisation signs in here.") from None
