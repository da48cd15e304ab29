"""Forming a round's sets through the API: the same services as the web page (criteria, the
draft with its metrics and "why" lines, moves and swaps re-checked against every rule, locks,
publishing), and the organisation's declared conflicts. Leads and admins only."""

from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from palg.api import guard
from palg.api.auth import actor_for
from palg.api.schemas import READ_RESTRICTED, WRITE, Id, InputSchema, bounds, path_id
from palg.people import services as people_services
from palg.programmes import forming
from palg.programmes.criteria import ATTRIBUTES

router = Router(tags=["forming"])
ProgrammeId = path_id("The programme's id.")
RoundNumber = path_id("The round's number within the programme (1, 2, ...).")
ConflictId = path_id("The conflict's id.")
Attribute = str


class CriteriaIn(InputSchema):
    """What to form; anything left out takes the default (the programme's size range, mix
    function, department, site and level, teams and line managers apart, declared conflicts
    apart, a shared meeting slot, no repeats from earlier rounds)."""

    min_size: int | None = Field(None, **bounds("min_group_size"))
    max_size: int | None = Field(None, **bounds("max_group_size"))
    diversify: list[Attribute] | None = Field(
        None, max_length=50, description=f"Attributes to mix: {', '.join(ATTRIBUTES)} or others."
    )
    separate: list[Attribute] | None = Field(
        None, max_length=50, description="Attributes whose people never share a set."
    )
    balance: list[Attribute] | None = Field(
        None, max_length=50, description="Attributes whose mix each set keeps close to everyone's."
    )
    no_manager_pairs: bool | None = None
    conflicts: bool | None = None
    availability: bool | None = None
    avoid_repeats: bool | None = None
    even_sizes: bool | None = None
    keep_locks: bool = Field(True, description="Locked people stay in their sets.")


class CriteriaOut(Schema):
    min_size: int
    max_size: int
    diversify: list[str]
    separate: list[str]
    balance: list[str]
    no_manager_pairs: bool
    conflicts: bool
    availability: bool
    avoid_repeats: bool
    even_sizes: bool


class PlacedOut(Schema):
    person_id: int
    name: str
    locked: bool


class DraftSetOut(Schema):
    number: int = Field(description="Counts from 1; moves name sets by this number.")
    name: str
    slot: str = Field(description="The meeting slot every member can make ('' if none).")
    why: str = Field(description="Why these people: how they differ, what keeps them apart.")
    people: list[PlacedOut]


class RuleOut(Schema):
    rule: str
    violations: int


class AttributeScoreOut(Schema):
    name: str
    reached: float
    best: float


class DraftOut(Schema):
    round_number: int
    version: int = Field(description="Send it back with a change to refuse stale edits.")
    criteria: CriteriaOut
    sets: list[DraftSetOut]
    rules: list[RuleOut]
    attributes: list[AttributeScoreOut]
    objective: float
    notes: list[str]


class MoveIn(InputSchema):
    person_id: Id
    to_set: int | None = Field(None, ge=1, le=1000, description="Move the person to this set.")
    swap_with: Id | None = Field(None, description="Or swap them with this person.")
    version: int | None = Field(None, ge=0, le=2**31 - 1)


class LockIn(InputSchema):
    person_id: Id
    locked: bool = True
    version: int | None = Field(None, ge=0, le=2**31 - 1)


class PublishIn(InputSchema):
    version: int | None = Field(None, ge=0, le=2**31 - 1)


class RoundOut(Schema):
    programme_id: int
    number: int
    status: Literal["draft", "published"]
    sets: int


class ConflictIn(InputSchema):
    person_id: Id
    other_id: Id


class ConflictOut(Schema):
    id: int
    person_id: int
    person_name: str
    other_id: int
    other_name: str


MSG_MOVE_TARGET = "Give either to_set or swap_with."


def draft_out(draft: forming.Draft) -> dict:
    summary = draft.summary
    return {
        "round_number": draft.round.number,
        "version": draft.version,
        "criteria": draft.criteria.as_json(),
        "sets": [
            {
                "number": s.index + 1,
                "name": s.name,
                "slot": s.slot,
                "why": s.why,
                "people": [
                    {"person_id": p.pk, "name": p.name, "locked": p.pk in s.locked}
                    for p in s.people
                ],
            }
            for s in draft.sets
        ],
        "rules": [{"rule": r.rule, "violations": r.violations} for r in summary.rules],
        "attributes": [
            {"name": a.name, "reached": a.reached, "best": a.best} for a in summary.attributes
        ],
        "objective": summary.objective,
        "notes": draft.notes,
    }


def round_out(round_) -> dict:
    return {
        "programme_id": round_.programme_id,
        "number": round_.number,
        "status": round_.status,
        "sets": round_.groups.count(),
    }


def conflict_out(conflict) -> dict:
    return {
        "id": conflict.pk,
        "person_id": conflict.first_id,
        "person_name": conflict.first.name,
        "other_id": conflict.second_id,
        "other_name": conflict.second.name,
    }


@router.post(
    "/programmes/{programme_id}/rounds",
    response={201: RoundOut, **WRITE},
    operation_id="round_create",
    summary="Open the next round",
)
def round_create(request: HttpRequest, programme_id: ProgrammeId):
    """Open the programme's next round for forming (its latest round must have its sets)."""
    round_ = forming.round_create_next(actor=actor_for(request), programme_id=programme_id)
    return Status(201, round_out(round_))


@router.get(
    "/programmes/{programme_id}/rounds/{number}/draft",
    response={200: DraftOut, **READ_RESTRICTED},
    operation_id="round_draft_get",
    summary="Get a round's draft sets",
)
def round_draft_get(request: HttpRequest, programme_id: ProgrammeId, number: RoundNumber):
    """The draft sets with their metrics and "why" lines (404 while there is none)."""
    actor = actor_for(request)
    draft = forming.draft_get(actor=actor, programme_id=programme_id, round_number=number)
    if draft is None:
        raise Http404(forming.MSG_NO_DRAFT.format(number=number))
    return draft_out(draft)


@router.post(
    "/programmes/{programme_id}/rounds/{number}/draft",
    response={200: DraftOut, **WRITE},
    operation_id="round_draft_form",
    summary="Form (or re-form) a round's sets",
)
@guard.access_first(guard.forms_round)
def round_draft_form(
    request: HttpRequest, programme_id: ProgrammeId, number: RoundNumber, payload: CriteriaIn
):
    """Run the grouping engine with these criteria; locked people keep their sets. When no
    grouping keeps every rule, 422 says why and the draft is unchanged."""
    criteria = payload.dict(exclude={"keep_locks"}, exclude_none=True)
    draft = forming.group_set_form(
        actor=actor_for(request),
        programme_id=programme_id,
        round_number=number,
        criteria=criteria or None,
        keep_locks=payload.keep_locks,
    )
    return draft_out(draft)


@router.post(
    "/programmes/{programme_id}/rounds/{number}/draft/moves",
    response={200: DraftOut, **WRITE},
    operation_id="round_draft_move",
    summary="Move or swap people in a draft",
)
@guard.access_first(guard.forms_round)
def round_draft_move(
    request: HttpRequest, programme_id: ProgrammeId, number: RoundNumber, payload: MoveIn
):
    """Move a person to another set, or swap two people. A change that would break a hard rule
    is refused with 422 and the reason."""
    where = {"actor": actor_for(request), "programme_id": programme_id, "round_number": number}
    if (payload.to_set is None) == (payload.swap_with is None):
        raise ValidationError({"to_set": MSG_MOVE_TARGET})
    if payload.to_set is not None:
        draft = forming.draft_move(
            **where, person_id=payload.person_id, to_set=payload.to_set, version=payload.version
        )
    else:
        draft = forming.draft_swap(
            **where,
            person_id=payload.person_id,
            other_id=payload.swap_with,
            version=payload.version,
        )
    return draft_out(draft)


@router.post(
    "/programmes/{programme_id}/rounds/{number}/draft/locks",
    response={200: DraftOut, **WRITE},
    operation_id="round_draft_lock",
    summary="Lock or unlock a person in their set",
)
@guard.access_first(guard.forms_round)
def round_draft_lock(
    request: HttpRequest, programme_id: ProgrammeId, number: RoundNumber, payload: LockIn
):
    """A locked person stays in their set when the sets are formed again."""
    draft = forming.draft_lock(
        actor=actor_for(request),
        programme_id=programme_id,
        round_number=number,
        person_id=payload.person_id,
        locked=payload.locked,
        version=payload.version,
    )
    return draft_out(draft)


@router.post(
    "/programmes/{programme_id}/rounds/{number}/publish",
    response={200: RoundOut, **WRITE},
    operation_id="round_publish",
    summary="Publish a round's sets",
)
@guard.access_first(guard.forms_round)
def round_publish(
    request: HttpRequest, programme_id: ProgrammeId, number: RoundNumber, payload: PublishIn
):
    """Turn the draft into the round's sets; refused (422, with every reason) while it breaks
    a rule or misses someone."""
    round_ = forming.round_publish(
        actor=actor_for(request),
        programme_id=programme_id,
        round_number=number,
        version=payload.version,
    )
    return round_out(round_)


@router.get(
    "/conflicts",
    response={200: list[ConflictOut], **READ_RESTRICTED},
    operation_id="conflict_list",
    summary="List declared conflicts",
)
def conflict_list(request: HttpRequest):
    """Pairs never placed in the same set (L&D staff only)."""
    return [conflict_out(c) for c in people_services.conflict_list(actor=actor_for(request))]


@router.post(
    "/conflicts",
    response={201: ConflictOut, **WRITE},
    operation_id="conflict_create",
    summary="Declare a conflict",
)
@guard.access_first(guard.staff)
def conflict_create(request: HttpRequest, payload: ConflictIn):
    """Keep two people apart in every programme's sets."""
    conflict = people_services.conflict_create(
        actor=actor_for(request), person_id=payload.person_id, other_id=payload.other_id
    )
    return Status(201, conflict_out(conflict))


@router.delete(
    "/conflicts/{conflict_id}",
    response={204: None, **WRITE},
    operation_id="conflict_delete",
    summary="Remove a declared conflict",
)
def conflict_delete(request: HttpRequest, conflict_id: ConflictId):
    people_services.conflict_delete(actor=actor_for(request), conflict_id=conflict_id)
    return Status(204, None)
