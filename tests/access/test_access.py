import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from palg import access


def test_it_shows_a_set_to_its_members_and_hides_it_from_other_sets(cast):
    assert access.group_get_for_actor(actor=cast.actor("member"), group_id=cast.alpha.pk)
    with pytest.raises(Http404):
        access.group_get_for_actor(actor=cast.actor("other_member"), group_id=cast.alpha.pk)


def test_it_lets_leads_and_sponsors_see_metadata_but_not_content(cast):
    for role in ("lead", "sponsor", "admin"):
        actor = cast.actor(role)
        assert access.meeting_get_for_actor(actor=actor, meeting_id=cast.alpha_meeting.pk)
        with pytest.raises(PermissionDenied):
            access.meeting_content_get_for_actor(actor=actor, meeting_id=cast.alpha_meeting.pk)


def test_it_gives_content_to_the_sets_facilitator(cast):
    meeting = access.meeting_content_get_for_actor(
        actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk
    )
    assert meeting == cast.alpha_meeting


def test_it_hides_everything_from_another_organisation(cast):
    with pytest.raises(Http404):
        access.programme_get_for_actor(actor=cast.actor("stranger"), programme_id=cast.programme.pk)


def test_it_makes_sponsors_read_only(cast):
    with pytest.raises(PermissionDenied):
        access.programme_get_for_actor(
            actor=cast.actor("sponsor"), programme_id=cast.programme.pk, manage=True
        )
