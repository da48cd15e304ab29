"""Survey waves: a participant's open waves and their own answers; a programme's waves for
its leads and admins (sponsors: dates and response counts). Answers are their author's alone."""

from datetime import date
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from palg import access
from palg.api import guard
from palg.api.auth import actor_for
from palg.api.schemas import (
    READ,
    READ_RESTRICTED,
    UNAUTHENTICATED,
    WRITE,
    Day,
    InputSchema,
    PatchSchema,
    path_id,
)
from palg.surveys import selectors, services
from palg.surveys.models import Wave

router = Router(tags=["surveys"])
WaveId = path_id("The wave's id.")
ProgrammeId = path_id("The programme's id.")
WaveKind = Literal["baseline", "mid", "end", "follow_up"]
WaveState = Literal["planned", "open", "closed"]
InstrumentId = Literal["cbi", "psych_safety", "ucla3"]


class WaveOut(Schema):
    id: int
    programme_id: int
    kind: WaveKind
    opens_on: date = Field(description="Opens at the start of this day, in the programme's zone.")
    closes_on: date = Field(description="Closes at the end of this day, in the programme's zone.")
    state: WaveState
    instruments: list[str]


class OwnWaveOut(WaveOut):
    programme_name: str
    answered: int = Field(description="How many of its questions you have answered.")
    finished: bool


class WaveCountOut(WaveOut):
    invited: int = Field(description="The programme's participants (set members) now.")
    started: int
    finished: int


class AnswersOut(Schema):
    wave_id: int
    state: WaveState
    answers: dict[str, int] = Field(description="Item id -> answer value, yours only.")
    finished: bool


class AnswersIn(InputSchema):
    answers: dict[str, int] = Field(
        description="Every answer you keep: item id (e.g. 'cbi.p1') -> value. Items left out "
        "are cleared. The values are the instrument's option values (CBI 0-4, psychological "
        "safety 1-7, UCLA 1-3)."
    )
    finished: bool = Field(False, description="Mark your response finished.")


class WavePatch(PatchSchema):
    opens_on: Day = None
    closes_on: Day = None
    instruments: list[InstrumentId] = None


def _wave(wave: Wave, state: str) -> dict:
    return {
        "id": wave.pk,
        "programme_id": wave.programme_id,
        "kind": wave.kind,
        "opens_on": wave.opens_on,
        "closes_on": wave.closes_on,
        "state": state,
        "instruments": wave.instruments,
    }


@router.get(
    "/me/waves",
    response={200: list[OwnWaveOut], **UNAUTHENTICATED},
    operation_id="own_waves_list",
    summary="My open survey waves",
)
def own_waves_list(request: HttpRequest):
    """The survey waves open to the caller now, with how far they got."""
    return [
        {
            **_wave(item.wave, item.state),
            "programme_name": item.wave.programme.name,
            "answered": item.answered,
            "finished": item.finished,
        }
        for item in selectors.own_open_waves(actor=actor_for(request))
    ]


def _answers(wave: Wave, response) -> dict:
    from django.utils import timezone

    return {
        "wave_id": wave.pk,
        "state": wave.state(timezone.now()),
        "answers": response.answers if response else {},
        "finished": bool(response and response.finished_at),
    }


@router.get(
    "/waves/{wave_id}/answers",
    response={200: AnswersOut, **READ},
    operation_id="own_answers_get",
    summary="My answers to a wave",
)
def own_answers_get(request: HttpRequest, wave_id: WaveId):
    """The caller's own answers to a wave they are asked (404 for anyone else's wave)."""
    actor = actor_for(request)
    wave = access.own_wave_get_for_actor(actor=actor, wave_id=wave_id)
    return _answers(wave, selectors.own_response(actor=actor, wave=wave))


def answers_own_wave(actor, *, wave_id: int, **_: int) -> None:
    access.own_wave_get_for_actor(actor=actor, wave_id=wave_id)


@router.put(
    "/waves/{wave_id}/answers",
    response={200: AnswersOut, **WRITE},
    operation_id="own_answers_put",
    summary="Save my answers to a wave",
)
@guard.access_first(answers_own_wave)
def own_answers_put(request: HttpRequest, wave_id: WaveId, payload: AnswersIn):
    """Replace the caller's answers to an open wave (422 once it has closed: answers freeze)."""
    actor = actor_for(request)
    wave = access.own_wave_get_for_actor(actor=actor, wave_id=wave_id)
    items = list(services.wave_items(wave))
    response = services.response_save(
        actor=actor,
        wave_id=wave.pk,
        answers=payload.answers,
        clear=[item for item in items if item not in payload.answers],
        finish=payload.finished,
    )
    return _answers(wave, response)


@router.get(
    "/programmes/{programme_id}/waves",
    response={200: list[WaveCountOut], **READ_RESTRICTED},
    operation_id="programme_waves_list",
    summary="A programme's survey waves",
)
def programme_waves_list(request: HttpRequest, programme_id: ProgrammeId):
    """Dates, instruments and response counts (never who answered, never answers), for the
    programme's leads, sponsors and organisation admins."""
    actor = actor_for(request)
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, oversee=True)
    return [
        {
            **_wave(c.wave, c.state),
            "invited": c.invited,
            "started": c.started,
            "finished": c.finished,
        }
        for c in selectors.programme_waves(actor=actor, programme=programme)
    ]


@router.post(
    "/programmes/{programme_id}/waves",
    response={201: list[WaveCountOut], **WRITE},
    operation_id="programme_waves_plan",
    summary="Plan a programme's survey waves",
)
def programme_waves_plan(request: HttpRequest, programme_id: ProgrammeId):
    """Save the proposed plan of four waves from the programme's schedule (its leads and
    organisation admins; 422 when it has waves already or no schedule to plan from)."""
    actor = actor_for(request)
    services.wave_plan_apply(actor=actor, programme_id=programme_id)
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id)
    counts = selectors.programme_waves(actor=actor, programme=programme)
    return Status(
        201,
        [
            {
                **_wave(c.wave, c.state),
                "invited": c.invited,
                "started": c.started,
                "finished": c.finished,
            }
            for c in counts
        ],
    )


def manages_wave(actor, *, wave_id: int, **_: int) -> None:
    access.wave_get_for_actor(actor=actor, wave_id=wave_id, manage=True)


@router.patch(
    "/waves/{wave_id}",
    response={200: WaveOut, **WRITE},
    operation_id="wave_update",
    summary="Change a survey wave",
)
@guard.access_first(manages_wave)
def wave_update(request: HttpRequest, wave_id: WaveId, payload: WavePatch):
    """Change a wave's dates or instruments within the norms (its programme's leads and
    organisation admins); 422 with the reasons when the plan would break them."""
    from django.utils import timezone

    wave = services.wave_update(actor=actor_for(request), wave_id=wave_id, **payload.changes())
    return _wave(wave, wave.state(timezone.now()))
