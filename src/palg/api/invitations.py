"""Invitations to make an account: organisation admins invite anyone in the organisation,
programme leads the people of their programmes (palg.access.invitation_people_for_actor), and
each sees the invitations of those people only."""

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from palg.accounts import invitations
from palg.accounts.models import Invitation
from palg.api import guard
from palg.api.auth import actor_for
from palg.api.schemas import (
    CREATE,
    READ_RESTRICTED,
    WRITE,
    InputSchema,
    PersonBriefOut,
    Text,
    path_id,
)

router = Router(tags=["invitations"])
InvitationId = path_id("The invitation's id.")
Identifier = Annotated[Text, Field(min_length=1, max_length=254)]


class InvitationOut(Schema):
    id: int
    person: PersonBriefOut
    state: str = Field(description="invited, accepted, expired or revoked.")
    sends: int = Field(description="How many links were sent; only the newest works.")
    sent_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None

    @staticmethod
    def resolve_state(invitation: Invitation) -> str:
        return invitation.state_at(timezone.now())


class SkippedOut(Schema):
    person: PersonBriefOut
    reason: str


class InvitationsSentOut(Schema):
    invited: list[InvitationOut]
    skipped: list[SkippedOut] = Field(description="People not invited, each with why.")
    unknown: list[str] = Field(description="Names that match no one in the organisation.")


class InvitationsIn(InputSchema):
    people: list[Identifier] = Field(
        default_factory=list, max_length=5000, description="Emails or directory ids."
    )
    all_without_account: bool = Field(
        default=False, description="Also invite everyone you may who has no account yet."
    )


@router.get(
    "/invitations",
    response={200: list[InvitationOut], **READ_RESTRICTED},
    operation_id="invitation_list",
    summary="List invitations",
)
def invitation_list(request: HttpRequest):
    """The invitations of the people the caller may invite, with their state."""
    return invitations.invitation_list(actor=actor_for(request))


@router.post(
    "/invitations",
    response={201: InvitationsSentOut, **CREATE},
    operation_id="invitation_create",
    summary="Invite people to make their accounts",
)
@guard.access_first(guard.invites)
def invitation_create(request: HttpRequest, payload: InvitationsIn):
    """Email each named person without an account a single-use link to choose a password (valid
    PALG_INVITE_DAYS days). People with an account or an open invitation are skipped."""
    result = invitations.invitations_create(
        actor=actor_for(request),
        identifiers=payload.people,
        all_without_account=payload.all_without_account,
    )
    skipped = [{"person": person, "reason": reason} for person, reason in result.skipped]
    body = {"invited": result.invited, "skipped": skipped, "unknown": result.unknown}
    return Status(201, body)


@router.post(
    "/invitations/{invitation_id}/resend",
    response={200: InvitationOut, **WRITE},
    operation_id="invitation_resend",
    summary="Send an invitation again",
)
def invitation_resend(request: HttpRequest, invitation_id: InvitationId):
    """A new link (the old one stops working), valid PALG_INVITE_DAYS days from now."""
    return invitations.invitation_resend(actor=actor_for(request), invitation_id=invitation_id)


@router.post(
    "/invitations/{invitation_id}/revoke",
    response={200: InvitationOut, **WRITE},
    operation_id="invitation_revoke",
    summary="Revoke an invitation",
)
def invitation_revoke(request: HttpRequest, invitation_id: InvitationId):
    """Withdraw an open invitation: its link stops working, an unsent email is not sent."""
    actor = actor_for(request)
    invitations.invitation_revoke(actor=actor, invitation_id=invitation_id)
    return Invitation.objects.get(pk=invitation_id)
