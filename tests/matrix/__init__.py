"""The confidentiality matrix: role x every URL and API operation x own/other-set object.

Each module in this package declares `ENTRIES`, a list of `Entry`. tests/test_permission_matrix.py
collects every URL name from the URL configuration and every operation from the OpenAPI schema,
fails if any has no entry, and runs every entry for every role against both sets.

Targets: "alpha" is the set that the cast's `member` and `facilitator` belong to; "beta" is the
set of `other_member`. For URLs that name no set object, use `targets=("none",)`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = (
    "anonymous",
    "admin",
    "lead",
    "sponsor",
    "facilitator",
    "member",
    "other_member",
    "outsider",
    "stranger",
)


@dataclass(frozen=True)
class Entry:
    """One URL name (web) or operationId (API) and what every role gets from it.

    `path(cast, target)` returns the path to request; `expect[target][role]` is the status code.
    `data(cast, target)` builds the form data (web) or JSON body (API) for writes.
    """

    name: str
    method: str
    path: Callable[[Any, str], str]
    expect: dict[str, dict[str, int]]
    data: Callable[[Any, str], Any] | None = None
    api: bool = False
    targets: tuple[str, ...] = ("alpha", "beta")
    content_type: str = "application/json"
    extra: dict = field(default_factory=dict)


def everyone(code: int, **overrides: int) -> dict[str, int]:
    """A role->status map where every role gets `code` unless overridden."""
    table = dict.fromkeys(ROLES, code)
    table.update(overrides)
    return table


def set_target(cast, target: str):
    """The Group named by a target."""
    return {"alpha": cast.alpha, "beta": cast.beta}[target]


def meeting_target(cast, target: str):
    return {"alpha": cast.alpha_meeting, "beta": cast.beta_meeting}[target]


# Common shapes. Web pages send anonymous visitors to the login page (302); the API answers 401.
# Set metadata: overseers (admin, lead, sponsor) and the set's own people see it; others get 404.
def set_metadata(ok: int, *, anonymous: int) -> dict[str, dict[str, int]]:
    outside = {"outsider": 404, "stranger": 404, "anonymous": anonymous}
    overseers = {"admin": ok, "lead": ok, "sponsor": ok}
    return {
        "alpha": {**overseers, **outside, "facilitator": ok, "member": ok, "other_member": 404},
        "beta": {**overseers, **outside, "facilitator": 404, "member": 404, "other_member": ok},
    }


# Set content: only the set's own people; overseers know the meeting exists, so they get 403.
def set_content(ok: int, *, anonymous: int) -> dict[str, dict[str, int]]:
    outside = {"outsider": 404, "stranger": 404, "anonymous": anonymous}
    overseers = {"admin": 403, "lead": 403, "sponsor": 403}
    return {
        "alpha": {**overseers, **outside, "facilitator": ok, "member": ok, "other_member": 404},
        "beta": {**overseers, **outside, "facilitator": 404, "member": 404, "other_member": ok},
    }


def drafted_round(cast) -> int:
    """Open round 2 of the cast's programme and form its draft as the lead; its number.

    Round 1 put Alice with Ann and Bob with Bea, so the draft is {Alice, Bob} and {Ann, Bea}
    (sets of 2-3, no repeats), and swapping Alice with Ann keeps every rule."""
    from palg.programmes import forming

    lead = cast.actor("lead")
    number = forming.round_create_next(actor=lead, programme_id=cast.programme.pk).number
    forming.group_set_form(
        actor=lead,
        programme_id=cast.programme.pk,
        round_number=number,
        criteria={"min_size": 2, "max_size": 3},
    )
    return number


def declared_conflict(cast):
    """A conflict between Alice and Bob, declared by the lead."""
    from palg.people.services import conflict_create

    a, b = cast.people["member"], cast.people["other_member"]
    return conflict_create(actor=cast.actor("lead"), person_id=a.pk, other_id=b.pk)
