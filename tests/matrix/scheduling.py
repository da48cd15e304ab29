"""Scheduling and calendars. A set's schedule is set metadata: leads, admins, sponsors and the
set's own people see it, anyone else gets 404. Proposing and saving a series is for leads,
admins and the set's facilitator. Time zones and blackouts belong to the programme's leads and
admins. The feed page is everyone's own; the feed itself takes no sign-in (its token is the
credential)."""

from datetime import date

from django.urls import reverse

from tests.matrix import Entry, everyone, set_metadata, set_target
from tests.matrix.programmes import programme_path, programme_wide, set_path, set_schedule

SERIES = {"slot": "tue-am", "time": "09:00", "start": "2031-01-06", "location": "Room 4"}


def feed_path(cast, target) -> str:
    """The URL of a feed the member (Alice) has just made: anyone holding it gets her meetings."""
    from palg.scheduling.services import feed_create

    _, token = feed_create(user=cast.users["member"])
    return reverse("calendar-feed", args=[token])


def blackout_path(cast, target) -> str:
    from palg.scheduling.models import Blackout

    blackout = Blackout.objects.create(
        organisation=cast.org,
        programme=cast.programme,
        label="Christmas closure",
        starts_on=date(2030, 12, 23),
        ends_on=date(2031, 1, 3),
    )
    return reverse("blackout-delete", args=[blackout.pk])


ENTRIES = [
    Entry(
        name="set-schedule",
        method="GET",
        path=set_path("set-schedule"),
        expect=set_schedule(200),
    ),
    Entry(
        name="set-schedule",
        method="POST",
        path=set_path("set-schedule"),
        data=lambda cast, target: SERIES,
        expect=set_schedule(302),
    ),
    Entry(
        name="set-calendar",
        method="GET",
        path=lambda cast, target: reverse("set-calendar", args=[set_target(cast, target).pk]),
        expect=set_metadata(200, anonymous=302),
    ),
    Entry(
        name="programme-calendar",
        method="GET",
        path=programme_path("programme-calendar"),
        expect={"none": programme_wide(200, others=403)},
        targets=("none",),
    ),
    Entry(
        name="programme-time-zone",
        method="POST",
        path=programme_path("programme-time-zone"),
        data=lambda cast, target: {"time_zone": "America/New_York"},
        expect={"none": programme_wide(302, others=403)},
        targets=("none",),
    ),
    Entry(
        name="blackout-create",
        method="POST",
        path=programme_path("blackout-create"),
        data=lambda cast, target: {
            "label": "Easter",
            "starts_on": "2031-04-11",
            "ends_on": "2031-04-14",
        },
        expect={"none": programme_wide(302, others=403)},
        targets=("none",),
    ),
    Entry(
        name="blackout-delete",
        method="POST",
        path=blackout_path,
        data=lambda cast, target: {},
        expect={"none": programme_wide(302, others=403)},
        targets=("none",),
    ),
    Entry(
        name="calendar-mine",
        method="GET",
        path=lambda cast, target: reverse("calendar-mine"),
        expect={"none": everyone(200, anonymous=302)},
        targets=("none",),
    ),
    Entry(
        name="calendar-mine",
        method="POST",
        path=lambda cast, target: reverse("calendar-mine"),
        data=lambda cast, target: {},
        expect={"none": everyone(200, anonymous=302)},
        targets=("none",),
    ),
    Entry(
        name="calendar-feed-revoke",
        method="POST",
        path=lambda cast, target: reverse("calendar-feed-revoke"),
        data=lambda cast, target: {},
        expect={"none": everyone(302, anonymous=302)},
        targets=("none",),
    ),
    Entry(
        name="calendar-feed",
        method="GET",
        path=feed_path,
        expect={"none": everyone(200)},
        targets=("none",),
    ),
]
