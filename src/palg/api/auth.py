"""Who is calling: a bearer token (`Authorization: Bearer palg_...`) or a signed-in session."""

from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer, SessionAuth

from palg.access import Actor
from palg.accounts.models import User
from palg.accounts.services import api_token_authenticate

MSG_UNAUTHENTICATED = "Sign in, or send an API token as 'Authorization: Bearer <token>'."
MSG_BAD_TOKEN = "This API token is not valid: it may be mistyped, revoked or its account closed."
MSG_SESSION_ONLY = "API tokens cannot do this; sign in to the web app instead."
# Real tokens are about 60 ASCII characters; anything far longer or non-printable is not one.
TOKEN_MAX_LENGTH = 200


class TokenAuth(HttpBearer):
    """A bearer token. A request that presents one is judged on it alone: a bad token is a 401,
    never a fallback to the session."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        plausible = len(token) <= TOKEN_MAX_LENGTH and token.isascii() and token.isprintable()
        user = api_token_authenticate(token) if plausible else None
        if user is None:
            raise AuthenticationError(message=MSG_BAD_TOKEN)
        return user


class SignedInSession(SessionAuth):
    """Django's session, with its CSRF check. Anonymous requests skip the CSRF check so they
    get the 401 they deserve rather than a 403 about a missing CSRF cookie."""

    def __call__(self, request: HttpRequest) -> User | None:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


class SessionOnly(SignedInSession):
    """A session but not a token: for operations a leaked token must not be able to do."""

    def __call__(self, request: HttpRequest) -> User | None:
        if request.headers.get("Authorization", "").lower().startswith("bearer "):
            raise AuthorizationError(message=MSG_SESSION_ONLY)
        return super().__call__(request)


token_auth = TokenAuth()
session_auth = SignedInSession()
session_only = SessionOnly()


def actor_for(request: HttpRequest) -> Actor:
    """The permission layer's view of the authenticated caller."""
    return Actor.from_user(request.auth)  # type: ignore[attr-defined]


def user_for(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined]
