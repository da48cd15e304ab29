"""Who drives a live session follows the set's rota: the member it names facilitator of a
meeting drives that meeting; handing facilitation over changes the rota."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from palg.live import services
from palg.live.models import LiveSession
from palg.programmes import selectors
from palg.programmes import services as programme_services
from palg.programmes.models import Meeting, RotaEntry
from tests.conftest import make_user
from tests.web.pages import text


def press(cast, meeting, action: str, role: str, **kwargs):
    session = LiveSession.objects.filter(meeting=meeting).first()
    return services.session_control(
        actor=cast.actor(role),
        meeting_id=meeting.pk,
        action=action,
        version=session.version if session else 0,
        **kwargs,
    )


@pytest.fixture(autouse=True)
def ann_signs_in(cast):
    """Ann, Alpha's second member, gets an account of her own."""
    cast.users["ann"] = make_user(cast.people["ann"])


@pytest.fixture
def next_meeting(cast):
    return Meeting.objects.create(
        group=cast.alpha, starts_at=cast.alpha_meeting.starts_at + timedelta(weeks=4)
    )


def test_a_member_on_the_rota_can_drive_their_meeting_but_not_the_next(cast, next_meeting):
    programme_services.rota_entry_update(
        actor=cast.actor("lead"), meeting_id=cast.alpha_meeting.pk,
        facilitator_id=cast.people["member"].pk, timekeeper_id=cast.people["ann"].pk,
    )  # fmt: skip
    assert press(cast, cast.alpha_meeting, "start", "member").status == "running"
    assert press(cast, cast.alpha_meeting, "next", "member").step == 1
    with pytest.raises(PermissionDenied):
        press(cast, next_meeting, "start", "member")
    with pytest.raises(PermissionDenied):
        press(cast, cast.alpha_meeting, "next", "ann")  # the timekeeper keeps time, not the floor


def test_handing_facilitation_over_names_the_member_facilitator_on_the_rota(cast):
    press(cast, cast.alpha_meeting, "start", "facilitator")
    press(cast, cast.alpha_meeting, "hand", "facilitator", person_id=cast.people["ann"].pk)
    assert selectors.meeting_facilitator_id(meeting=cast.alpha_meeting) == cast.people["ann"].pk
    assert press(cast, cast.alpha_meeting, "next", "ann").step == 1
    # Ann hands on to Alice: Alice drives now, and Ann no longer does.
    press(cast, cast.alpha_meeting, "hand", "ann", person_id=cast.people["member"].pk)
    assert press(cast, cast.alpha_meeting, "next", "member").step == 2
    with pytest.raises(PermissionDenied):
        press(cast, cast.alpha_meeting, "next", "ann")


def test_a_member_handed_facilitation_stops_keeping_time(cast):
    programme_services.rota_entry_update(
        actor=cast.actor("lead"), meeting_id=cast.alpha_meeting.pk,
        facilitator_id=cast.people["facilitator"].pk, timekeeper_id=cast.people["ann"].pk,
    )  # fmt: skip
    press(cast, cast.alpha_meeting, "start", "facilitator")
    press(cast, cast.alpha_meeting, "hand", "facilitator", person_id=cast.people["ann"].pk)
    entry = RotaEntry.objects.get(meeting=cast.alpha_meeting)
    assert (entry.facilitator, entry.timekeeper) == (cast.people["ann"], None)


def test_the_live_page_shows_the_facilitator_and_the_timekeeper(cast, client_as):
    programme_services.rota_entry_update(
        actor=cast.actor("lead"), meeting_id=cast.alpha_meeting.pk,
        facilitator_id=cast.people["member"].pk, timekeeper_id=cast.people["ann"].pk,
    )  # fmt: skip
    body = text(client_as("facilitator").get(reverse("live-session", args=[cast.alpha_meeting.pk])))
    assert "Facilitator: <strong>Alice</strong>" in body
    assert 'Timekeeper: <strong data-role="timekeeper">Ann</strong>' in body
