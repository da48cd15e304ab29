"""Impact: a programme's pooled figures and L >= C series, and the organisation's change
events. Figures leave through palg.impact.floor exactly as on the web pages: a withheld figure
has `value` null and `withheld` saying why."""

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from palg import access
from palg.api import guard
from palg.api.auth import actor_for
from palg.api.schemas import (
    CREATE,
    READ_RESTRICTED,
    WRITE,
    Day,
    Id,
    InputSchema,
    PatchSchema,
    Text,
    path_id,
)
from palg.impact import selectors, services
from palg.impact.floor import Figure

router = Router(tags=["impact"])
ProgrammeId = path_id("The programme's id.")
EventId = path_id("The change event's id.")
Size = Literal["small", "medium", "large"]


class FigureOut(Schema):
    value: float | None = Field(description="Null when withheld.")
    withheld: str | None = Field(description="Why the figure is not shown, when it is not.")

    @staticmethod
    def of(figure: Figure) -> dict:
        return {"value": figure.value, "withheld": figure.withheld or None}


class FiguresOut(Schema):
    attendance_rate: FigureOut = Field(description="Per cent of recorded attendances present.")
    experiments_committed: FigureOut
    experiments_reported_back: FigureOut
    report_back_rate: FigureOut = Field(description="Per cent of experiments reported back.")
    experiments_completed: FigureOut
    experiments_dropped: FigureOut
    median_days_to_report_back: FigureOut
    learning_cycles: FigureOut
    learning_cycles_per_member_month: FigureOut
    change_events_per_month_weighted: FigureOut


class LcMonthOut(Schema):
    month: str = Field(description="YYYY-MM.")
    learning_cycles_per_member_month: FigureOut
    change_weight: int = Field(description="Sizes summed: small 1, medium 2, large 3.")
    change_events: int


class ImpactOut(Schema):
    programme_id: int
    audience: Literal["overseer", "sponsor"]
    figures: FiguresOut
    lc_series: list[LcMonthOut]
    lc_explanation: str


class ChangeEventOut(Schema):
    id: int
    happened_on: date
    title: str
    size: Size
    weight: int
    programme_id: int | None = Field(description="Null: the whole organisation.")
    logged_by_id: int | None
    created_at: datetime
    updated_at: datetime


class ChangeEventIn(InputSchema):
    happened_on: Day
    title: Text = Field(max_length=200)
    size: Size
    programme_id: Id | None = None


class ChangeEventPatch(PatchSchema):
    happened_on: Day = None
    title: Text = Field(None, max_length=200)
    size: Size = None
    programme_id: Id | None = None


def _figures(f) -> dict:
    pairs = {
        "attendance_rate": f.attendance_rate,
        "experiments_committed": f.committed,
        "experiments_reported_back": f.reported_back,
        "report_back_rate": f.report_back_rate,
        "experiments_completed": f.completed,
        "experiments_dropped": f.dropped,
        "median_days_to_report_back": f.median_days_to_report,
        "learning_cycles": f.cycles,
        "learning_cycles_per_member_month": f.cycles_per_member_month,
        "change_events_per_month_weighted": f.changes_per_month,
    }
    return {name: FigureOut.of(figure) for name, figure in pairs.items()}


@router.get(
    "/programmes/{programme_id}/impact",
    response={200: ImpactOut, **READ_RESTRICTED},
    operation_id="programme_impact",
    summary="A programme's impact figures and L >= C series",
)
def programme_impact(request: HttpRequest, programme_id: ProgrammeId):
    """Level 1 and level 3 figures pooled across the programme's sets, and L >= C by month,
    for its leads and organisation admins and (at least 3 sets behind each figure) its
    sponsors. No figure rests on fewer than 5 people (PALG_MIN_CELL)."""
    impact = selectors.programme_impact(actor=actor_for(request), programme_id=programme_id)
    return {
        "programme_id": impact.programme.pk,
        "audience": impact.audience.value,
        "figures": _figures(impact.figures),
        "lc_series": [
            {
                "month": row.month.strftime("%Y-%m"),
                "learning_cycles_per_member_month": FigureOut.of(row.learning),
                "change_weight": row.change_weight,
                "change_events": row.change_count,
            }
            for row in impact.series
        ],
        "lc_explanation": impact.explanation,
    }


class ReportRowOut(Schema):
    """One figure of the report: withheld figures have value and n null and say why in note."""

    level: str
    measure: str
    breakdown: str
    value: float | int | str | None
    n: int | None
    note: str


class ReportOut(Schema):
    programme_id: int
    audience: Literal["overseer", "sponsor"]
    date: date
    min_cell: int
    level1: list[ReportRowOut]
    level3: list[ReportRowOut]
    lc: list[ReportRowOut]
    lc_explanation: str
    response_rates: list[ReportRowOut]
    level4: list[ReportRowOut]
    level4_empty: str
    methods: list[str]


@router.get(
    "/programmes/{programme_id}/report",
    response={200: ReportOut, **READ_RESTRICTED},
    operation_id="programme_report",
    summary="A programme's report: levels 1, 3 and 4, L >= C, response rates, methods",
)
def programme_report(request: HttpRequest, programme_id: ProgrammeId):
    """The figures of the programme report (the HTML page, PDF and CSV show the same): for its
    leads and organisation admins, and (at least 3 sets behind each figure) its sponsors.
    Pooled across sets, never per set; no figure rests on fewer than 5 people (PALG_MIN_CELL)."""
    from palg.impact import exports
    from palg.impact.report import programme_report as build

    return exports.json_data(build(actor=actor_for(request), programme_id=programme_id))


@router.get(
    "/change-events",
    response={200: list[ChangeEventOut], **READ_RESTRICTED},
    operation_id="change_event_list",
    summary="List change events",
)
def change_event_list(request: HttpRequest):
    """The organisation's change events the caller logs: admins all; leads and sponsors the
    organisation-wide ones and their programmes'."""
    return selectors.change_event_list(actor=actor_for(request))


@router.post(
    "/change-events",
    response={201: ChangeEventOut, **CREATE},
    operation_id="change_event_create",
    summary="Log a change event",
)
@guard.access_first(guard.logs_changes)
def change_event_create(request: HttpRequest, payload: ChangeEventIn):
    """Log a change event (a restructure, a new strategy, a go-live) on or before today."""
    event = services.change_event_create(actor=actor_for(request), **payload.model_dump())
    return Status(201, event)


@router.get(
    "/change-events/{event_id}",
    response={200: ChangeEventOut, **READ_RESTRICTED},
    operation_id="change_event_get",
    summary="Get a change event",
)
def change_event_get(request: HttpRequest, event_id: EventId):
    """One change event the caller logs."""
    return access.change_event_get_for_actor(actor=actor_for(request), event_id=event_id)


@router.patch(
    "/change-events/{event_id}",
    response={200: ChangeEventOut, **WRITE},
    operation_id="change_event_update",
    summary="Change a change event",
)
@guard.access_first(guard.changes_event)
def change_event_update(request: HttpRequest, event_id: EventId, payload: ChangeEventPatch):
    return services.change_event_update(
        actor=actor_for(request), event_id=event_id, **payload.changes()
    )


@router.delete(
    "/change-events/{event_id}",
    response={204: None, **WRITE},
    operation_id="change_event_delete",
    summary="Delete a change event",
)
def change_event_delete(request: HttpRequest, event_id: EventId):
    services.change_event_delete(actor=actor_for(request), event_id=event_id)
    return Status(204, None)
