"""The caller's own API tokens. A token's secret is shown once, when it is created."""

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from palg.access import MSG_NOT_FOUND
from palg.accounts import services
from palg.api.auth import session_only, user_for
from palg.api.schemas import CREATE, UNAUTHENTICATED, WRITE, InputSchema, Text, path_id

router = Router(tags=["tokens"])
TokenId = path_id("The token's id.")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The token's public part, shown to tell tokens apart.")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    secret: str = Field(description="The whole token. It is shown this once and never again.")


class TokenIn(InputSchema):
    name: Text = Field(min_length=1, max_length=100)


@router.get(
    "/tokens",
    response={200: list[TokenOut], **UNAUTHENTICATED},
    operation_id="token_list",
    summary="List my API tokens",
)
def token_list(request: HttpRequest):
    """The caller's tokens, newest first, including revoked ones."""
    return user_for(request).api_tokens.all()


@router.post(
    "/tokens",
    response={201: TokenCreatedOut, **CREATE},
    operation_id="token_create",
    summary="Create an API token",
    auth=[session_only],
)
def token_create(request: HttpRequest, payload: TokenIn):
    """Create a token for the signed-in user. Needs a session: a token cannot mint tokens."""
    token, secret = services.api_token_create(user=user_for(request), name=payload.name)
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "secret": secret})


@router.delete(
    "/tokens/{token_id}",
    response={204: None, **WRITE},
    operation_id="token_revoke",
    summary="Revoke an API token",
)
def token_revoke(request: HttpRequest, token_id: TokenId):
    """Revoke one of the caller's tokens at once; another user's token is not found."""
    if not services.api_token_revoke(user=user_for(request), token_id=token_id):
        raise Http404(MSG_NOT_FOUND)
    return Status(204, None)
