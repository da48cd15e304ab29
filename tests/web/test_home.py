from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from palg.programmes.models import (
    Group,
    Meeting,
    Membership,
    Programme,
    ProgrammeRole,
    Round,
)
from tests.web.pages import text


def home(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return text(response)


def test_it_shows_a_participant_their_set_next_meeting_and_fellow_members(cast, client_as):
    body = home(client_as("member"))
    assert "Your set" in body
    assert reverse("group-detail", args=[cast.alpha.pk]) in body
    assert reverse("meeting-detail", args=[cast.alpha_meeting.pk]) in body
    assert "Ann" in body and "Fran" in body
    assert "Beta" not in body and "Bob" not in body
    assert "Programmes you lead" not in body


def test_it_shows_a_facilitator_the_sets_they_facilitate(cast, client_as):
    body = home(client_as("facilitator"))
    assert "Sets you facilitate" in body
    assert reverse("group-detail", args=[cast.alpha.pk]) in body
    assert reverse("meeting-detail", args=[cast.alpha_meeting.pk]) in body
    assert "Your set" not in body


def test_it_offers_a_facilitator_to_schedule_when_nothing_is_planned(cast, client_as):
    cast.alpha_meeting.delete()
    body = home(client_as("facilitator"))
    assert reverse("meeting-create", args=[cast.alpha.pk]) in body


def test_it_shows_a_lead_their_programmes_with_warnings_and_quick_links(cast, client_as):
    Programme.objects.filter(pk=cast.programme.pk).update(max_group_size=10, meeting_count=3)
    body = home(client_as("lead"))
    assert "Programmes you lead" in body
    assert reverse("programme-detail", args=[cast.programme.pk]) in body
    assert "2 warnings" in body
    for name in ("person-list", "person-import", "programme-create"):
        assert reverse(name) in body


def test_it_shows_a_sponsor_aggregates_and_explains_they_never_see_content(cast, client_as):
    Meeting.objects.filter(pk=cast.beta_meeting.pk).update(status="held")
    body = home(client_as("sponsor"))
    assert "Programmes you sponsor" in body
    assert "you never see its content" in body
    assert "<dt>Sets</dt><dd>2</dd>" in body
    assert "<dt>Participants</dt><dd>4</dd>" in body
    assert "<dt>Meetings held</dt><dd>1</dd>" in body
    assert "<dt>Scheduled</dt><dd>1</dd>" in body
    # Two sets of two members: too few people (and sets) for a sponsor to see a rate.
    assert (
        '<dt>Attendance</dt><dd><span class="muted withheld">not shown: fewer than 5 people' in body
    )
    assert "Alpha" not in body


def test_it_shows_an_organisation_admin_people_accounts_and_programmes(cast, client_as):
    body = home(client_as("admin"))
    assert "Acme" in body
    assert ">9</a></dd>" in body  # people in Acme's directory
    assert "<dt>Accounts</dt><dd>7</dd>" in body
    assert ">1</a></dd>" in body  # programmes


def test_it_tells_someone_with_no_part_what_to_expect(cast, client_as):
    body = home(client_as("outsider"))
    assert "Nothing here yet" in body
    assert "Leading through change" not in body


def test_it_shows_every_section_for_a_person_with_several_roles(cast, client_as):
    ProgrammeRole.objects.create(
        programme=cast.programme, person=cast.people["member"], role="sponsor"
    )
    body = home(client_as("member"))
    assert "Your set" in body
    assert "Programmes you sponsor" in body


def add_led_programme(cast, name: str) -> None:
    programme = Programme.objects.create(organisation=cast.org, name=name)
    ProgrammeRole.objects.create(programme=programme, person=cast.people["lead"], role="lead")
    ProgrammeRole.objects.create(programme=programme, person=cast.people["lead"], role="sponsor")
    round_ = Round.objects.create(programme=programme, number=1)
    group = Group.objects.create(round=round_, name=f"{name} set")
    Membership.objects.create(group=group, person=cast.people["ann"], role="member")
    start = cast.alpha_meeting.starts_at
    for weeks in (0, 4, 20):
        Meeting.objects.create(group=group, starts_at=start + timedelta(weeks=weeks))


def home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries)


def test_it_runs_the_same_number_of_queries_however_many_programmes(cast, client_as):
    ProgrammeRole.objects.create(
        programme=cast.programme, person=cast.people["lead"], role="sponsor"
    )
    client = client_as("lead")
    add_led_programme(cast, "Second")
    few = home_queries(client)
    for name in ("Third", "Fourth", "Fifth"):
        add_led_programme(cast, name)
    assert home_queries(client) == few
