"""Helpers for scheduling tests, on top of the shared cast (tests/conftest.py)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from palg.programmes.models import Group, Meeting, Membership, Programme, Round
from tests.scheduling.radicale import Radicale

LONDON = ZoneInfo("Europe/London")
# The cast's programme, planned from here: Tuesdays from 7 January 2031, every 4 weeks.
START = date(2031, 1, 6)


@pytest.fixture
def planned(cast):
    """The cast's programme with a start date, and Alpha's members free on Tuesday mornings."""
    Programme.objects.filter(pk=cast.programme.pk).update(start_date=START)
    cast.programme.refresh_from_db()
    for role in ("member",):
        person = cast.people[role]
        person.availability = ["tue-am", "thu-pm"]
        person.save()
    cast.people["ann"].availability = ["mon-am", "tue-am", "thu-pm"]
    cast.people["ann"].save()
    return cast


def other_set(cast, name: str, people: dict, *, meets: datetime, minutes: int = 120) -> Group:
    """A set of another programme of Acme, with `people` ({role name in cast: set role}) and one
    meeting at `meets`."""
    programme = Programme.objects.create(organisation=cast.org, name=f"Programme of {name}")
    round_ = Round.objects.create(programme=programme, number=1)
    group = Group.objects.create(round=round_, name=name)
    for key, role in people.items():
        Membership.objects.create(group=group, person=cast.people[key], role=role)
    Meeting.objects.create(group=group, starts_at=meets, duration_minutes=minutes)
    return group


@pytest.fixture
def radicale(tmp_path):
    """A running Radicale CalDAV server (tests/scheduling/radicale.py)."""
    server = Radicale(tmp_path)
    yield server
    server.stop()
