"""The HTTP API at /api/: a bearer token or a signed-in session, then the same access layer,
services and selectors as the web pages. OpenAPI at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI

from palg.api import (
    accounts,
    errors,
    forming,
    impact,
    invitations,
    live,
    me,
    meetings,
    people,
    programmes,
    rota,
    sets,
    surveys,
    themes,
    tokens,
)
from palg.api.auth import session_auth, token_auth

api = NinjaAPI(
    title="palg API",
    version="1",
    description=(
        "Peer Action Learning Groups. Authenticate with `Authorization: Bearer <token>` "
        "(create tokens under Account → API tokens) or a signed-in session with its CSRF token. "
        "What you can see and change is exactly what the web app allows your role."
    ),
    urls_namespace="api",
    auth=[token_auth, session_auth],
)
errors.register(api)
for module in (
    me,
    programmes,
    sets,
    forming,
    meetings,
    rota,
    live,
    people,
    tokens,
    invitations,
    impact,
    surveys,
    themes,
):
    api.add_router("", module.router)
api.add_router("", accounts.router)
