"""Fuzz the web forms that take dates and times (a meeting, a set's series, a programme, a
blackout) through the test client, as tests/api/test_schemathesis.py fuzzes the API: whatever
is posted, the answer is never a server error, and whatever is accepted then shows on the set's
pages and in its calendar file, in a time zone far from UTC either way."""

from datetime import date

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from palg.people.slots import SLOTS
from palg.programmes.models import Meeting, Programme
from palg.scheduling import ics

# Bounded and deterministic, so every run tries the same examples (about 10 s in all).
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
# The zones furthest ahead of and behind UTC, where converting a far date overflows first.
ZONES = st.sampled_from(["Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/London"])
ANY_DAY = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
EDGES = st.dates(min_value=date(1999, 12, 20), max_value=date(2000, 1, 10)) | st.dates(
    min_value=date(2999, 12, 20), max_value=date(3000, 1, 10)
)
TYPED = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
DAYS = st.one_of(
    ANY_DAY.map(date.isoformat),
    EDGES.map(date.isoformat),
    st.sampled_from(["", "0", "9999-12-31", "0001-01-01", "2031-02-30", "31/12/2031"]),
    TYPED,
)
TIMES = st.one_of(
    st.times().map(lambda t: t.strftime("%H:%M")),
    st.sampled_from(["", "23:59", "00:00", "24:00", "9"]),
    TYPED,
)
MINUTES = st.one_of(st.integers(-10, 2000).map(str), st.sampled_from(["", "abc", "1e9"]))


def assert_not_a_server_error(response):
    assert response.status_code < 500, response.content[:500]


def in_zone(cast, zone: str) -> None:
    Programme.objects.filter(pk=cast.programme.pk).update(time_zone=zone)


def assert_set_shows(client, cast, meeting: Meeting) -> None:
    """The accepted meeting is on the set's pages and in its calendar file."""
    for name, arg in [
        ("group-detail", cast.alpha.pk),
        ("meeting-create", cast.alpha.pk),
        ("meeting-detail", meeting.pk),
        ("meeting-edit", meeting.pk),
    ]:
        response = client.get(reverse(name, args=[arg]))
        assert response.status_code == 200, (name, response.content[:500])
    calendar = client.get(reverse("set-calendar", args=[cast.alpha.pk]))
    assert calendar.status_code == 200
    uids = [str(event["UID"]) for event in Calendar.from_ical(calendar.content).events]
    assert ics.meeting_uid(meeting) in uids


@pytest.mark.fuzz
@FUZZ
@given(zone=ZONES, day=DAYS, time=TIMES, minutes=MINUTES)
# What a person typed into the form before the window (issue 11, item 5).
@example(zone="Europe/London", day="9999-12-31", time="23:00", minutes="180")
@example(zone="Pacific/Kiritimati", day="9999-12-20", time="10:00", minutes="180")
def test_the_new_meeting_form_never_fails_and_shows_what_it_accepts(
    cast, client_as, zone, day, time, minutes
):
    in_zone(cast, zone)
    client = client_as("lead")
    before = set(Meeting.objects.values_list("pk", flat=True))
    data = {"date": day, "time": time, "duration_minutes": minutes, "location": "Room 4"}
    response = client.post(reverse("meeting-create", args=[cast.alpha.pk]), data)
    assert_not_a_server_error(response)
    created = Meeting.objects.exclude(pk__in=before)
    assert created.count() == (1 if response.status_code == 302 else 0)
    if created:
        assert_set_shows(client, cast, created.get())


@pytest.mark.fuzz
@FUZZ
@given(zone=ZONES, day=DAYS, time=TIMES)
@example(zone="Europe/London", day="9999-12-31", time="23:00")
def test_the_meeting_edit_form_never_fails_and_shows_what_it_accepts(
    cast, client_as, zone, day, time
):
    in_zone(cast, zone)
    client = client_as("lead")
    meeting = cast.alpha_meeting
    data = {"date": day, "time": time, "duration_minutes": "120", "status": "scheduled"}
    response = client.post(reverse("meeting-edit", args=[meeting.pk]), data)
    assert_not_a_server_error(response)
    if response.status_code == 302:
        assert_set_shows(client, cast, meeting)


@pytest.mark.fuzz
@FUZZ
@given(zone=ZONES, slot=st.sampled_from(SLOTS), start=DAYS, time=TIMES, apply=st.booleans())
@example(zone="Europe/London", slot="tue-am", start="9999-01-01", time="", apply=False)
@example(zone="Europe/London", slot="tue-am", start="9999-12-01", time="", apply=True)
def test_the_series_form_never_fails_and_shows_what_it_schedules(
    cast, client_as, zone, slot, start, time, apply
):
    in_zone(cast, zone)
    client = client_as("lead")
    url = reverse("set-schedule", args=[cast.alpha.pk])
    data = {"slot": slot, "start": start, "time": time}
    response = client.post(url, data) if apply else client.get(url, data)
    assert_not_a_server_error(response)
    if response.status_code == 302:
        assert_set_shows(client, cast, cast.alpha.meetings.order_by("-starts_at").first())


@pytest.mark.fuzz
@FUZZ
@given(start_date=DAYS)
@example(start_date="9999-12-31")
def test_the_programme_form_never_fails_and_shows_what_it_accepts(
    cast, client_as, programme_data, start_date
):
    client = client_as("lead")
    url = reverse("programme-edit", args=[cast.programme.pk])
    response = client.post(url, {**programme_data, "start_date": start_date})
    assert_not_a_server_error(response)
    if response.status_code == 302:
        for name in ("programme-detail", "programme-edit", "programme-calendar"):
            assert client.get(reverse(name, args=[cast.programme.pk])).status_code == 200
        schedule = client.get(reverse("set-schedule", args=[cast.alpha.pk]), {"slot": "tue-am"})
        assert schedule.status_code == 200


@pytest.mark.fuzz
@FUZZ
@given(starts_on=DAYS, ends_on=DAYS)
@example(starts_on="9999-12-30", ends_on="9999-12-31")
def test_the_blackout_form_never_fails_and_the_schedule_still_shows(
    cast, client_as, starts_on, ends_on
):
    client = client_as("lead")
    data = {"label": "Closure", "starts_on": starts_on, "ends_on": ends_on}
    response = client.post(reverse("blackout-create", args=[cast.programme.pk]), data)
    assert_not_a_server_error(response)
    assert client.get(reverse("programme-calendar", args=[cast.programme.pk])).status_code == 200
    schedule = client.get(
        reverse("set-schedule", args=[cast.alpha.pk]), {"slot": "tue-am", "start": "2031-01-06"}
    )
    assert schedule.status_code == 200
