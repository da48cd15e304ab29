"""Airtime bidding, puzzle-or-problem triage, the choice of presenters and the fairness
ledger."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from palg.live import bidding, services
from palg.live.models import Bid, LiveSession
from palg.programmes.models import Meeting, Membership
from tests.conftest import make_user


@pytest.fixture
def ann(cast):
    """Ann, Alpha's second member, with an account."""
    make_user(cast.people["ann"])
    from palg.access import Actor
    from palg.accounts.models import User

    return Actor.from_user(User.objects.get(person=cast.people["ann"]))


def bid(cast, actor, text="How do I win over the finance director?", **kwargs):
    return bidding.bid_place(actor=actor, meeting_id=cast.alpha_meeting.pk, text=text, **kwargs)


def choose(cast, *people, role="facilitator"):
    session = LiveSession.objects.get(meeting=cast.alpha_meeting)
    return bidding.presenters_choose(
        actor=cast.actor(role),
        meeting_id=cast.alpha_meeting.pk,
        person_ids=[p.pk for p in people],
        version=session.version,
    )


def test_a_member_bids_changes_and_withdraws(cast):
    member = cast.actor("member")
    first = bid(cast, member, urgency="A")
    second = bid(cast, member, text="  Restructuring   my team  ", urgency="C")
    assert first.pk == second.pk and second.text == "Restructuring my team"
    bidding.bid_withdraw(actor=member, meeting_id=cast.alpha_meeting.pk)
    assert Bid.objects.get().withdrawn
    with pytest.raises(ValidationError, match="no bid to withdraw"):
        bidding.bid_withdraw(actor=member, meeting_id=cast.alpha_meeting.pk)


def test_every_bid_moves_the_version_so_every_screen_shows_it(cast):
    bid(cast, cast.actor("member"))
    before = LiveSession.objects.get().version
    bid(cast, cast.actor("member"), text="Another line")
    assert LiveSession.objects.get().version == before + 1


def test_the_facilitator_does_not_bid(cast):
    with pytest.raises(PermissionDenied):
        bid(cast, cast.actor("facilitator"))


@pytest.mark.parametrize(
    "text,kwargs,field",
    [("", {}, "text"), ("x" * 201, {}, "text"), ("ok", {"urgency": "D"}, "urgency"),
     ("ok", {"nature": "riddle"}, "nature")],
)  # fmt: skip
def test_a_bad_bid_is_refused_and_nothing_is_saved(cast, text, kwargs, field):
    with pytest.raises(ValidationError) as refused:
        bid(cast, cast.actor("member"), text=text, **kwargs)
    assert field in refused.value.message_dict
    assert not Bid.objects.exists()


def test_the_set_chooses_presenters_in_order_and_the_plan_grows(cast, ann):
    bid(cast, cast.actor("member"))
    bid(cast, ann, text="Should we merge the two depots?", urgency="A")
    session = choose(cast, cast.people["ann"], cast.people["member"])
    assert session.presenters == [cast.people["ann"].pk, cast.people["member"].pk]
    steps = services.steps_of(session)
    assert [s.presenter for s in steps if s.phase.key == "presentation"] == [0, 1]


def test_a_puzzle_goes_to_the_resources_round_not_to_a_case(cast):
    bid(cast, cast.actor("member"), text="Which budgeting tool should I buy?", nature="puzzle")
    with pytest.raises(ValidationError) as refused:
        choose(cast, cast.people["member"])
    assert "is a puzzle" in refused.value.message_dict["presenters"][0]
    assert "resources round" in refused.value.message_dict["presenters"][0]


def test_presenters_need_a_bid_and_the_template_s_maximum_holds(cast, ann):
    bid(cast, cast.actor("member"))
    with pytest.raises(ValidationError) as refused:
        choose(cast, cast.people["member"], cast.people["ann"], cast.people["bea"])
    problems = refused.value.message_dict["presenters"]
    assert "Choose at most 2 presenter(s) today." in problems
    assert "Ann has no bid today." in problems


def test_members_do_not_choose_presenters(cast):
    bid(cast, cast.actor("member"))
    with pytest.raises(PermissionDenied):
        choose(cast, cast.people["member"], role="member")


def test_presenters_are_chosen_before_the_first_case(cast):
    bid(cast, cast.actor("member"))
    session = LiveSession.objects.get()
    services.session_control(actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk,
                             action="start", version=session.version)  # fmt: skip
    # Past the opening phases with no presenters: straight to the process review.
    for _ in range(4):
        session = LiveSession.objects.get()
        if session.step + 1 < len(services.steps_of(session)):
            services.session_control(actor=cast.actor("facilitator"),
                                     meeting_id=cast.alpha_meeting.pk, action="next",
                                     version=session.version)  # fmt: skip
    with pytest.raises(ValidationError, match="first case has started"):
        choose(cast, cast.people["member"])


def test_the_ledger_puts_who_is_owed_time_first(cast, ann):
    # Alice presented at an earlier meeting of the programme; Ann never has.
    earlier = Meeting.objects.create(
        group=cast.alpha, starts_at=cast.alpha_meeting.starts_at - timedelta(weeks=5)
    )
    LiveSession.objects.create(meeting=earlier, presenters=[cast.people["member"].pk],
                               started_at=earlier.starts_at, status="ended")  # fmt: skip
    bid(cast, cast.actor("member"))
    bid(cast, ann, text="A problem of my own")
    rows = bidding.ledger(LiveSession.objects.get(meeting=cast.alpha_meeting))
    assert [(r.person.name, r.presented, r.owed) for r in rows] == [
        ("Ann", 0, True),
        ("Alice", 1, False),
    ]
    assert rows[1].last == earlier.starts_at
    assert Membership.objects.filter(group=cast.alpha, role="member").count() == 2
