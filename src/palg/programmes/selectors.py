"""Reads for programmes, sets and meetings, always through palg.access."""

from django.db.models import Count, Prefetch, QuerySet

from palg import access
from palg.access import Actor
from palg.programmes import norms
from palg.programmes.models import Group, Meeting, MeetingRecord, Membership, Programme


def programme_list(*, actor: Actor) -> QuerySet[Programme]:
    return (
        access.programmes_for_actor(actor)
        .annotate(group_count=Count("rounds__groups", distinct=True))
        .order_by("-created_at", "id")
    )


def programme_warnings(*, programme: Programme) -> list[norms.Warning]:
    """Design warnings plus gaps over 8 weeks in any set's scheduled meetings."""
    found = norms.design_warnings(
        min_group_size=programme.min_group_size,
        max_group_size=programme.max_group_size,
        meeting_count=programme.meeting_count,
        cadence_weeks=programme.cadence_weeks,
    )
    groups = Group.objects.filter(round__programme=programme).prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.exclude(status=Meeting.Status.CANCELLED))
    )
    for group in groups:
        found += norms.schedule_gap_warnings(
            group.name, [m.starts_at for m in group.meetings.all()]
        )
    return found


def group_list(*, actor: Actor, programme: Programme) -> QuerySet[Group]:
    return (
        access.groups_for_actor(actor, programme)
        .annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("person"))
        )
        .order_by("round__number", "name")
    )


def group_members(*, group: Group) -> QuerySet[Membership]:
    return group.memberships.select_related("person").order_by("-role", "person__name")


def meeting_list(*, group: Group) -> QuerySet[Meeting]:
    return group.meetings.prefetch_related("attendance").order_by("starts_at")


def meeting_record_get(*, actor: Actor, meeting_id: int) -> MeetingRecord:
    """The set's record of a meeting; an empty, unsaved record if nobody has written one yet."""
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    record = MeetingRecord.objects.filter(meeting=meeting).first()
    return record or MeetingRecord(meeting=meeting, text="")
