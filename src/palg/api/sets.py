"""Sets (groups) and their members: metadata that the programme's overseers and the set's own
people may see."""

from collections.abc import Iterable

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from palg import access
from palg.api import guard
from palg.api.auth import actor_for
from palg.api.schemas import READ, WRITE, Id, InputSchema, MembershipRole, Text, path_id
from palg.programmes import selectors, services
from palg.programmes.models import Group, Membership

router = Router(tags=["sets"])
ProgrammeId = path_id("The programme's id.")
SetId = path_id("The set's id.")
PersonId = path_id("The person's id.")


class MemberOut(Schema):
    person_id: int
    name: str
    role: MembershipRole


class SetOut(Schema):
    id: int
    programme_id: int
    round_number: int
    name: str
    members: list[MemberOut]


class SetIn(InputSchema):
    name: Text = Field(min_length=1, max_length=100)
    round_number: int | None = Field(
        None, ge=1, le=99, description="Leave out for the programme's latest round."
    )


class SetRenameIn(InputSchema):
    name: Text = Field(min_length=1, max_length=100, description="Unique within the round.")


class MemberIn(InputSchema):
    person_id: Id
    role: MembershipRole = "member"


def member_out(membership: Membership) -> dict:
    return {
        "person_id": membership.person_id,
        "name": membership.person.name,
        "role": membership.role,
    }


def set_out(group: Group, memberships: Iterable[Membership]) -> dict:
    return {
        "id": group.pk,
        "programme_id": group.round.programme_id,
        "round_number": group.round.number,
        "name": group.name,
        "members": [member_out(m) for m in memberships],
    }


@router.get(
    "/programmes/{programme_id}/sets",
    response={200: list[SetOut], **READ},
    operation_id="set_list",
    summary="List a programme's sets",
)
def set_list(request: HttpRequest, programme_id: ProgrammeId):
    """The programme's sets the caller may see (all of them for its overseers) with members."""
    actor = actor_for(request)
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id)
    groups = selectors.group_list(actor=actor, programme=programme)
    return [set_out(group, group.memberships.all()) for group in groups]


@router.post(
    "/programmes/{programme_id}/sets",
    response={201: SetOut, **WRITE},
    operation_id="set_create",
    summary="Create a set",
)
@guard.access_first(guard.manages_programme)
def set_create(request: HttpRequest, programme_id: ProgrammeId, payload: SetIn):
    """Create an empty set in one of the programme's rounds (its leads and admins)."""
    group = services.group_create(
        actor=actor_for(request),
        programme_id=programme_id,
        name=payload.name,
        round_number=payload.round_number,
    )
    return Status(201, set_out(group, []))


@router.get(
    "/sets/{set_id}",
    response={200: SetOut, **READ},
    operation_id="set_get",
    summary="Get a set",
)
def set_get(request: HttpRequest, set_id: SetId):
    """One set and its members."""
    group = access.group_get_for_actor(actor=actor_for(request), group_id=set_id)
    return set_out(group, selectors.group_members(group=group))


@router.patch(
    "/sets/{set_id}",
    response={200: SetOut, **WRITE},
    operation_id="set_rename",
    summary="Rename a set",
)
@guard.access_first(guard.manages_set)
def set_rename(request: HttpRequest, set_id: SetId, payload: SetRenameIn):
    """Give the set a new name, unique within its round (the programme's leads and admins)."""
    group = services.group_rename(actor=actor_for(request), group_id=set_id, name=payload.name)
    return set_out(group, selectors.group_members(group=group))


@router.post(
    "/sets/{set_id}/members",
    response={201: MemberOut, **WRITE},
    operation_id="set_member_add",
    summary="Add a person to a set",
)
@guard.access_first(guard.manages_set)
def set_member_add(request: HttpRequest, set_id: SetId, payload: MemberIn):
    """Put a person in the set as member or facilitator (the programme's leads and admins)."""
    membership = services.membership_add(
        actor=actor_for(request), group_id=set_id, person_id=payload.person_id, role=payload.role
    )
    return Status(201, member_out(membership))


@router.delete(
    "/sets/{set_id}/members/{person_id}",
    response={204: None, **WRITE},
    operation_id="set_member_remove",
    summary="Remove a person from a set",
)
def set_member_remove(request: HttpRequest, set_id: SetId, person_id: PersonId):
    """Take a person out of the set (the programme's leads and admins)."""
    services.membership_remove(actor=actor_for(request), group_id=set_id, person_id=person_id)
    return Status(204, None)
