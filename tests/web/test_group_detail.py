from datetime import UTC, datetime

from django.urls import reverse

from palg.programmes.models import Attendance, Meeting, Membership
from palg.programmes.services import MSG_ALREADY_IN_ROUND, MSG_NOT_A_MEMBER
from tests.web.pages import text


def detail_url(group) -> str:
    return reverse("group-detail", args=[group.pk])


def test_it_shows_the_sets_programme_round_facilitator_and_members(cast, client_as):
    cast.people["member"].seniority = "Director"
    cast.people["member"].save()
    body = text(client_as("member").get(detail_url(cast.alpha)))
    assert "Set Alpha" in body
    assert "Round 1 of Leading through change" in body
    assert "Facilitator: Fran" in body
    for detail in ("Alice", "Ann", "Finance", "Leeds", "Director", "Operations"):
        assert detail in body
    assert "Bob" not in body


def test_it_lists_meetings_with_status_and_attendance(cast, client_as):
    Attendance.objects.create(
        meeting=cast.alpha_meeting, person=cast.people["ann"], status="apologies"
    )
    body = text(client_as("sponsor").get(detail_url(cast.alpha)))
    assert reverse("meeting-detail", args=[cast.alpha_meeting.pk]) in body
    assert "180 min" in body
    assert "Scheduled" in body
    assert "1 present, 1 apologies" in body


def test_it_shows_meeting_times_in_the_site_time_zone(cast, client_as):
    # 09:00 UTC on 1 July is 10:00 in London (British Summer Time).
    Meeting.objects.create(group=cast.alpha, starts_at=datetime(2031, 7, 1, 9, 0, tzinfo=UTC))
    body = text(client_as("member").get(detail_url(cast.alpha)))
    assert "Tue 1 Jul 2031, 10:00 BST" in body


def test_it_answers_404_to_members_of_another_set(cast, client_as):
    assert client_as("other_member").get(detail_url(cast.alpha)).status_code == 404
    assert client_as("member").get(detail_url(cast.beta)).status_code == 404
    assert client_as("outsider").get(detail_url(cast.alpha)).status_code == 404


def test_it_gives_managers_forms_to_add_and_remove_members(cast, client_as):
    body = text(client_as("lead").get(detail_url(cast.alpha)))
    assert reverse("group-member-add", args=[cast.alpha.pk]) in body
    assert reverse("group-member-remove", args=[cast.alpha.pk]) in body
    assert reverse("meeting-create", args=[cast.alpha.pk]) in body


def test_it_gives_the_facilitator_scheduling_but_not_membership_controls(cast, client_as):
    body = text(client_as("facilitator").get(detail_url(cast.alpha)))
    assert reverse("meeting-create", args=[cast.alpha.pk]) in body
    assert reverse("group-member-add", args=[cast.alpha.pk]) not in body


def test_it_gives_members_and_sponsors_no_controls(cast, client_as):
    for role in ("member", "sponsor"):
        body = text(client_as(role).get(detail_url(cast.alpha)))
        assert reverse("group-member-add", args=[cast.alpha.pk]) not in body
        assert reverse("group-member-remove", args=[cast.alpha.pk]) not in body
        assert reverse("meeting-create", args=[cast.alpha.pk]) not in body


def test_it_adds_a_member(cast, client_as):
    otto = cast.people["outsider"]
    response = client_as("lead").post(
        reverse("group-member-add", args=[cast.alpha.pk]), {"person": otto.pk, "role": "member"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(group=cast.alpha, person=otto, role="member").exists()


def test_it_refuses_someone_already_in_another_set_of_the_round(cast, client_as):
    bob = cast.people["other_member"]
    response = client_as("lead").post(
        reverse("group-member-add", args=[cast.alpha.pk]), {"person": bob.pk, "role": "member"}
    )
    body = text(response)
    assert response.status_code == 200
    assert MSG_ALREADY_IN_ROUND.format(person="Bob", group="Beta") in body
    assert 'id="id_person_error"' in body
    assert not Membership.objects.filter(group=cast.alpha, person=bob).exists()


def test_it_removes_a_member(cast, client_as):
    ann = cast.people["ann"]
    response = client_as("admin").post(
        reverse("group-member-remove", args=[cast.alpha.pk]), {"person": ann.pk, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(group=cast.alpha, person=ann).exists()
    assert "Ann removed from Alpha." in text(client_as("admin").get(response["Location"]))


def test_it_reports_removing_someone_who_is_not_in_the_set(cast, client_as):
    before = Membership.objects.count()
    response = client_as("lead").post(
        reverse("group-member-remove", args=[cast.alpha.pk]),
        {"person": cast.people["outsider"].pk},
    )
    assert response.status_code == 200
    assert MSG_NOT_A_MEMBER.format(person="Otto") in text(response)
    assert Membership.objects.count() == before


def test_it_refuses_membership_changes_to_read_only_roles(cast, client_as):
    before = Membership.objects.count()
    ann = cast.people["ann"]
    url = reverse("group-member-remove", args=[cast.alpha.pk])
    assert client_as("facilitator").post(url, {"person": ann.pk}).status_code == 403
    assert client_as("sponsor").post(url, {"person": ann.pk}).status_code == 403
    assert client_as("other_member").post(url, {"person": ann.pk}).status_code == 404
    assert Membership.objects.count() == before
