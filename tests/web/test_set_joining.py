"""Joining and leaving a set on the web: the issue's attack through the form, the set's page
showing every change, and removal asking before it acts."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from palg.programmes.models import Meeting, Membership, MembershipChange
from palg.programmes.services import MSG_SELF_ADD
from tests.web.pages import text


def add_url(cast) -> str:
    return reverse("group-member-add", args=[cast.alpha.pk])


def remove_url(cast) -> str:
    return reverse("group-member-remove", args=[cast.alpha.pk])


def test_a_lead_who_adds_themselves_gets_the_form_back_with_the_reason(cast, client_as):
    client = client_as("lead")
    lead = cast.people["lead"]
    response = client.post(add_url(cast), {"person": lead.pk, "role": "facilitator"})
    assert response.status_code == 200
    assert MSG_SELF_ADD in text(response)
    assert not Membership.objects.filter(person=lead).exists()
    meeting = client.get(reverse("meeting-detail", args=[cast.alpha_meeting.pk]))
    assert "Alpha's confidential record" not in text(meeting)
    live = client.get(reverse("live-session", args=[cast.alpha_meeting.pk]))
    assert live.status_code == 403


def test_the_sets_page_shows_every_change_to_its_members_and_overseers(cast, client_as):
    lead = client_as("lead")
    otto = cast.people["outsider"]
    lead.post(add_url(cast), {"person": otto.pk, "role": "member"})
    lead.post(remove_url(cast), {"person": otto.pk, "confirm": "on"})
    for role in ("member", "facilitator", "sponsor", "admin"):
        body = text(client_as(role).get(reverse("group-detail", args=[cast.alpha.pk])))
        assert "Changes to the set" in body
        assert "Otto added as member" in body
        assert "Otto removed (was member)" in body
        assert body.count("Lena") >= 2  # who made each change


def test_remove_asks_first_and_changes_nothing_until_confirmed(cast, client_as):
    client = client_as("lead")
    ann = cast.people["ann"]
    asked = client.post(remove_url(cast), {"person": ann.pk})
    assert asked.status_code == 200
    body = text(asked)
    assert "Remove Ann from Set Alpha?" in body
    assert 'name="confirm"' in body
    assert reverse("group-detail", args=[cast.alpha.pk]) in body  # the way back
    assert Membership.objects.filter(group=cast.alpha, person=ann).exists()
    assert not MembershipChange.objects.exists()
    done = client.post(remove_url(cast), {"person": ann.pk, "confirm": "on"})
    assert done.status_code == 302
    assert not Membership.objects.filter(group=cast.alpha, person=ann).exists()
    assert MembershipChange.objects.get().kind == "removed"


def test_someone_added_later_sees_a_past_meeting_s_metadata_but_not_its_record(cast, client_as):
    past = timezone.now() - timedelta(days=30)
    Membership.objects.filter(group=cast.alpha).update(joined_at=past - timedelta(days=10))
    Meeting.objects.filter(pk=cast.alpha_meeting.pk).update(
        starts_at=past, created_at=past - timedelta(days=5)
    )
    client_as("lead").post(add_url(cast), {"person": cast.people["outsider"].pk, "role": "member"})
    client = client_as("outsider")
    page = client.get(reverse("meeting-detail", args=[cast.alpha_meeting.pk]))
    assert page.status_code == 200
    body = text(page)
    assert "You joined this set after this meeting" in body
    assert "Alpha's confidential record" not in body
    live = client.get(reverse("live-session", args=[cast.alpha_meeting.pk]))
    assert live.status_code == 403
    assert "Alpha's confidential record" in text(
        client_as("member").get(reverse("meeting-detail", args=[cast.alpha_meeting.pk]))
    )
