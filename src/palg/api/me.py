"""Who am I: the caller's account, directory entry, organisation and roles."""

from django.http import HttpRequest
from ninja import Field, Router, Schema

from palg import access
from palg.api.auth import actor_for, user_for
from palg.api.schemas import UNAUTHENTICATED, PersonBriefOut
from palg.programmes.selectors import programme_list

router = Router(tags=["me"])


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str


class ProgrammeRolesOut(Schema):
    id: int
    name: str
    roles: list[str] = Field(
        description="'lead', 'sponsor', 'facilitator', 'participant', and 'set-member' or "
        "'set-facilitator' for a place in one of the programme's sets."
    )


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    is_org_admin: bool
    is_ld_staff: bool = Field(
        description="Organisation admin or lead of a programme: sees the people directory, "
        "imports people and creates programmes."
    )
    organisation: OrganisationOut | None
    person: PersonBriefOut | None
    programmes: list[ProgrammeRolesOut]


@router.get(
    "/me",
    response={200: MeOut, **UNAUTHENTICATED},
    operation_id="me_get",
    summary="Who am I",
)
def me_get(request: HttpRequest):
    """The signed-in account, its directory entry and its roles in each programme."""
    user = user_for(request)
    actor = actor_for(request)
    programmes = [
        {"id": p.pk, "name": p.name, "roles": sorted(access.programme_roles(actor, p))}
        for p in programme_list(actor=actor)
    ]
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": str(user),
        "is_org_admin": user.is_org_admin,
        "is_ld_staff": access.actor_is_staff(actor),
        "organisation": user.organisation,
        "person": user.person,
        "programmes": programmes,
    }
