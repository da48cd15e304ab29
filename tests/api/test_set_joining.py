"""The issue's attack through the API: a lead or admin adds themselves to a set, then reads its
record. They are refused, and someone they add reads only the meetings held after joining."""

from datetime import timedelta

import pytest
from django.utils import timezone

from palg.access import MSG_CONTENT, MSG_CONTENT_BEFORE_JOINING
from palg.programmes.models import Meeting, Membership, MembershipChange
from palg.programmes.services import MSG_SELF_ADD

JSON = "application/json"


@pytest.mark.parametrize("role", ["lead", "admin"])
def test_an_overseer_cannot_add_themselves_and_read_the_record(cast, api_as, role):
    client = api_as(role)
    me = cast.people[role]
    added = client.post(
        f"/api/sets/{cast.alpha.pk}/members", {"person_id": me.pk}, content_type=JSON
    )
    assert added.status_code == 422
    assert added.json()["errors"] == {"person": [MSG_SELF_ADD]}
    as_facilitator = client.post(
        f"/api/sets/{cast.alpha.pk}/members",
        {"person_id": me.pk, "role": "facilitator"},
        content_type=JSON,
    )
    assert as_facilitator.status_code == 422
    assert not Membership.objects.filter(person=me).exists()
    record = client.get(f"/api/meetings/{cast.alpha_meeting.pk}/record")
    assert record.status_code == 403
    assert record.json() == {"detail": MSG_CONTENT}


def test_someone_added_later_gets_403_for_a_meeting_held_before(cast, api_as):
    past = timezone.now() - timedelta(days=30)
    Membership.objects.filter(group=cast.alpha).update(joined_at=past - timedelta(days=10))
    Meeting.objects.filter(pk=cast.alpha_meeting.pk).update(
        starts_at=past, created_at=past - timedelta(days=5)
    )
    otto = cast.people["outsider"]
    added = api_as("lead").post(
        f"/api/sets/{cast.alpha.pk}/members", {"person_id": otto.pk}, content_type=JSON
    )
    assert added.status_code == 201
    record = api_as("outsider").get(f"/api/meetings/{cast.alpha_meeting.pk}/record")
    assert record.status_code == 403
    assert record.json() == {"detail": MSG_CONTENT_BEFORE_JOINING}
    assert api_as("member").get(f"/api/meetings/{cast.alpha_meeting.pk}/record").status_code == 200


def test_a_removal_through_the_api_leaves_a_trace(cast, api_as):
    ann = cast.people["ann"]
    response = api_as("lead").delete(f"/api/sets/{cast.alpha.pk}/members/{ann.pk}")
    assert response.status_code == 204
    change = MembershipChange.objects.get()
    assert (change.person, change.kind, change.by) == (ann, "removed", cast.people["lead"])
