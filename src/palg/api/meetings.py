"""Meetings, attendance and the set's record of a meeting.

A meeting's date, place and attendance are metadata; its record is set content, which only the
set's members and facilitator may read or write (403 for the programme's overseers).
"""

from datetime import UTC, datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from palg import access
from palg.api import guard
from palg.api.auth import actor_for
from palg.api.schemas import (
    READ,
    READ_RESTRICTED,
    WRITE,
    AttendanceStatus,
    InputSchema,
    MeetingStatus,
    Moment,
    PatchSchema,
    Text,
    bounds,
    path_id,
)
from palg.programmes import selectors, services
from palg.programmes.models import Meeting, MeetingRecord

router = Router(tags=["meetings"])
SetId = path_id("The set's id.")
MeetingId = path_id("The meeting's id.")
PersonId = path_id("The person's id.")

DURATION = bounds("duration_minutes")
LOCATION_MAX = 300
RECORD_MAX = 100_000


class AttendanceOut(Schema):
    person_id: int
    status: AttendanceStatus


class MeetingOut(Schema):
    id: int
    set_id: int
    starts_at: datetime
    duration_minutes: int
    location: str
    status: MeetingStatus
    sequence: int = Field(description="RFC 5545 SEQUENCE: goes up when it moves or is cancelled.")
    attendance: list[AttendanceOut]


class MeetingIn(InputSchema):
    starts_at: Moment = Field(description="With a time zone, e.g. 2026-03-05T09:30:00+00:00.")
    duration_minutes: int | None = Field(
        None, description="Leave out for the programme's meeting length.", **DURATION
    )
    location: Text = Field("", max_length=LOCATION_MAX)


class MeetingPatch(PatchSchema):
    starts_at: Moment = None
    duration_minutes: int = Field(None, **DURATION)
    location: Text = Field(None, max_length=LOCATION_MAX)
    status: MeetingStatus = None


class AttendanceIn(InputSchema):
    status: AttendanceStatus


class RecordOut(Schema):
    meeting_id: int
    text: str
    updated_at: datetime | None
    updated_by_id: int | None = Field(description="The person who last wrote the record.")


class RecordIn(InputSchema):
    text: Text = Field(max_length=RECORD_MAX)


def meeting_out(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "set_id": meeting.group_id,
        # In UTC, as stored, whatever offset the caller sent.
        "starts_at": meeting.starts_at.astimezone(UTC),
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
        "status": meeting.status,
        "sequence": meeting.sequence,
        "attendance": [
            {"person_id": a.person_id, "status": a.status} for a in meeting.attendance.all()
        ],
    }


def record_out(record: MeetingRecord) -> dict:
    return {
        "meeting_id": record.meeting_id,
        "text": record.text,
        "updated_at": record.updated_at,
        "updated_by_id": record.updated_by_id,
    }


@router.get(
    "/sets/{set_id}/meetings",
    response={200: list[MeetingOut], **READ},
    operation_id="meeting_list",
    summary="List a set's meetings",
)
def meeting_list(request: HttpRequest, set_id: SetId):
    """The set's meetings in date order, with attendance."""
    group = access.group_get_for_actor(actor=actor_for(request), group_id=set_id)
    return [meeting_out(m) for m in selectors.meeting_list(group=group)]


@router.post(
    "/sets/{set_id}/meetings",
    response={201: MeetingOut, **WRITE},
    operation_id="meeting_schedule",
    summary="Schedule a meeting",
)
@guard.access_first(guard.schedules_set)
def meeting_schedule(request: HttpRequest, set_id: SetId, payload: MeetingIn):
    """Schedule a meeting of the set (the programme's leads and admins, the set's facilitator)."""
    meeting = services.meeting_schedule(
        actor=actor_for(request), group_id=set_id, **payload.model_dump()
    )
    return Status(201, meeting_out(meeting))


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **READ},
    operation_id="meeting_get",
    summary="Get a meeting",
)
def meeting_get(request: HttpRequest, meeting_id: MeetingId):
    """A meeting's date, place, status and attendance."""
    return meeting_out(
        access.meeting_get_for_actor(actor=actor_for(request), meeting_id=meeting_id)
    )


@router.patch(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **WRITE},
    operation_id="meeting_update",
    summary="Move, relocate, cancel or mark a meeting held",
)
@guard.access_first(guard.schedules_meeting)
def meeting_update(request: HttpRequest, meeting_id: MeetingId, payload: MeetingPatch):
    """Change some of a meeting's fields (those who may schedule the set's meetings)."""
    meeting = services.meeting_update(
        actor=actor_for(request), meeting_id=meeting_id, **payload.changes()
    )
    return meeting_out(meeting)


@router.put(
    "/meetings/{meeting_id}/attendance/{person_id}",
    response={200: AttendanceOut, **WRITE},
    operation_id="attendance_record",
    summary="Record one person's attendance",
)
@guard.access_first(guard.schedules_meeting)
def attendance_record(
    request: HttpRequest, meeting_id: MeetingId, person_id: PersonId, payload: AttendanceIn
):
    """Record whether a member of the set was present, sent apologies or was absent."""
    attendance = services.attendance_record(
        actor=actor_for(request), meeting_id=meeting_id, person_id=person_id, status=payload.status
    )
    return {"person_id": attendance.person_id, "status": attendance.status}


@router.get(
    "/meetings/{meeting_id}/record",
    response={200: RecordOut, **READ_RESTRICTED},
    operation_id="meeting_record_get",
    summary="Read the set's record of a meeting",
)
def meeting_record_get(request: HttpRequest, meeting_id: MeetingId):
    """Set content: for the set's members and facilitator only."""
    record = selectors.meeting_record_get(actor=actor_for(request), meeting_id=meeting_id)
    return record_out(record)


@router.put(
    "/meetings/{meeting_id}/record",
    response={200: RecordOut, **WRITE},
    operation_id="meeting_record_update",
    summary="Write the set's record of a meeting",
)
@guard.access_first(guard.reads_meeting_content)
def meeting_record_update(request: HttpRequest, meeting_id: MeetingId, payload: RecordIn):
    """Replace the record's text. Set content: for the set's members and facilitator only."""
    record = services.meeting_record_update(
        actor=actor_for(request), meeting_id=meeting_id, text=payload.text
    )
    return record_out(record)
