"""The shared cast (healthchecks' hc/test.py, for a PALG programme).

Organisation Acme runs the programme "Leading through change" with two sets in round 1:
- set Alpha: facilitator Fran, members Alice and Ann;
- set Beta: member Bob (and Bea).
Around them: Lena leads the programme, Sam sponsors it, Ada is Acme's organisation admin,
Otto works at Acme with no part in the programme, and Zed is the admin of another organisation.
"""

import os
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone

from palg.access import Actor
from palg.accounts.models import User
from palg.people.models import Organisation, Person
from palg.programmes.models import (
    Attendance,
    Group,
    Meeting,
    MeetingRecord,
    Membership,
    Programme,
    ProgrammeRole,
    Round,
)

PASSWORD = "correct-horse-battery-staple"
ROLES = (
    "admin",
    "lead",
    "sponsor",
    "facilitator",
    "member",
    "other_member",
    "outsider",
    "stranger",
)


@dataclass
class Cast:
    org: Organisation
    other_org: Organisation
    programme: Programme
    round: Round
    alpha: Group
    beta: Group
    alpha_meeting: Meeting
    beta_meeting: Meeting
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def actor(self, role: str) -> Actor:
        return Actor.from_user(self.users[role])


def make_person(org, external_id, name, **extra) -> Person:
    email = extra.pop("email", f"{name.lower()}@{org.slug}.example")
    return Person.objects.create(
        organisation=org, external_id=external_id, name=name, email=email, **extra
    )


def make_user(person: Person, **extra) -> User:
    return User.objects.create_user(
        email=person.email,
        password=PASSWORD,
        organisation=person.organisation,
        person=person,
        display_name=person.name,
        **extra,
    )


def build_cast() -> Cast:
    org = Organisation.objects.create(name="Acme", slug="acme")
    other_org = Organisation.objects.create(name="Globex", slug="globex")
    people = {
        "admin": make_person(org, "E1", "Ada", function="HR", location="London"),
        "lead": make_person(org, "E2", "Lena", function="HR", location="London"),
        "sponsor": make_person(org, "E3", "Sam", function="Executive", location="London"),
        "facilitator": make_person(org, "E4", "Fran", function="L&D", location="Leeds"),
        "member": make_person(org, "E5", "Alice", function="Finance", location="Leeds"),
        "other_member": make_person(org, "E6", "Bob", function="Sales", location="Bristol"),
        "outsider": make_person(org, "E7", "Otto", function="IT", location="Bristol"),
        "stranger": make_person(other_org, "G1", "Zed", function="HR", location="Paris"),
        "ann": make_person(org, "E8", "Ann", function="Operations", location="Leeds"),
        "bea": make_person(org, "E9", "Bea", function="Legal", location="London"),
    }
    users = {
        role: make_user(people[role], is_org_admin=role in {"admin", "stranger"}) for role in ROLES
    }
    programme = Programme.objects.create(organisation=org, name="Leading through change")
    round_ = Round.objects.create(programme=programme, number=1)
    alpha = Group.objects.create(round=round_, name="Alpha")
    beta = Group.objects.create(round=round_, name="Beta")
    ProgrammeRole.objects.create(programme=programme, person=people["lead"], role="lead")
    ProgrammeRole.objects.create(programme=programme, person=people["sponsor"], role="sponsor")
    for group, person, role in [
        (alpha, people["facilitator"], "facilitator"),
        (alpha, people["member"], "member"),
        (alpha, people["ann"], "member"),
        (beta, people["other_member"], "member"),
        (beta, people["bea"], "member"),
    ]:
        Membership.objects.create(group=group, person=person, role=role)
        ProgrammeRole.objects.get_or_create(
            programme=programme,
            person=person,
            role="facilitator" if role == "facilitator" else "participant",
        )
    start = timezone.now() + timedelta(days=7)
    alpha_meeting = Meeting.objects.create(group=alpha, starts_at=start)
    beta_meeting = Meeting.objects.create(group=beta, starts_at=start + timedelta(days=1))
    MeetingRecord.objects.create(meeting=alpha_meeting, text="Alpha's confidential record")
    MeetingRecord.objects.create(meeting=beta_meeting, text="Beta's confidential record")
    Attendance.objects.create(meeting=alpha_meeting, person=people["member"], status="present")
    return Cast(
        org=org,
        other_org=other_org,
        programme=programme,
        round=round_,
        alpha=alpha,
        beta=beta,
        alpha_meeting=alpha_meeting,
        beta_meeting=beta_meeting,
        users=users,
        people=people,
    )


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture
def alpha_meeting_today(cast) -> Meeting:
    """Alpha's meeting moved to start in a few minutes: a live session starts only on its
    meeting's day (palg.live.services.start_refusal). Modules that run Alpha's session use it
    with `pytestmark = pytest.mark.usefixtures("alpha_meeting_today")`."""
    from tests.live.cycle import today

    return today(cast.alpha_meeting)


@pytest.fixture
def client_as(client, cast):
    """`client_as("lead")` signs the test client in as that member of the cast."""

    def sign_in(role: str):
        client.force_login(cast.users[role])
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher; tests that check it ask for it explicitly.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts password reset requests in the cache; each test starts from zero.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, settings, monkeypatch):
    monkeypatch.setenv("PALG_DATA_DIR", str(tmp_path / "data"))
    settings.DATA_DIR = tmp_path / "data"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_sessionfinish(session, exitstatus):
    """Under CI a skipped test is a failure: the suite must run every PostgreSQL and browser
    test, not pass by leaving them out."""
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; under CI that is a failure.")
        session.exitstatus = 1
