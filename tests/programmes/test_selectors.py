from datetime import timedelta

from palg.programmes import selectors
from palg.programmes.models import Meeting, Programme


def test_it_lists_programmes_for_the_people_in_them(cast):
    Programme.objects.create(organisation=cast.org, name="Unrelated")
    assert [p.name for p in selectors.programme_list(actor=cast.actor("member"))] == [
        "Leading through change"
    ]
    assert selectors.programme_list(actor=cast.actor("admin")).count() == 2
    assert selectors.programme_list(actor=cast.actor("outsider")).count() == 0
    assert selectors.programme_list(actor=cast.actor("stranger")).count() == 0


def test_it_counts_sets_per_programme(cast):
    (programme,) = selectors.programme_list(actor=cast.actor("lead"))
    assert programme.group_count == 2


def test_it_shows_members_only_their_own_set(cast):
    names = [
        g.name for g in selectors.group_list(actor=cast.actor("member"), programme=cast.programme)
    ]
    assert names == ["Alpha"]
    names = [
        g.name for g in selectors.group_list(actor=cast.actor("sponsor"), programme=cast.programme)
    ]
    assert names == ["Alpha", "Beta"]


def test_it_warns_about_long_gaps_in_a_sets_schedule(cast):
    Meeting.objects.create(
        group=cast.alpha, starts_at=cast.alpha_meeting.starts_at + timedelta(weeks=10)
    )
    codes = [w.code for w in selectors.programme_warnings(programme=cast.programme)]
    assert codes == ["long-gap"]


def test_it_ignores_cancelled_meetings_when_looking_for_gaps(cast):
    Meeting.objects.create(
        group=cast.alpha,
        starts_at=cast.alpha_meeting.starts_at + timedelta(weeks=10),
        status=Meeting.Status.CANCELLED,
    )
    assert selectors.programme_warnings(programme=cast.programme) == []
