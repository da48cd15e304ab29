"""Bidding during the session: the bidding phase shows the bids, the form and the ledger even
when presenters were chosen before the start; the set may choose again until the first case, and
the cases follow the choice. The presenter keeps their questions in sight through their case."""

import pytest
from django.core.exceptions import ValidationError

from palg.accounts.models import User
from palg.live import bidding, contributions, services
from palg.live.models import LiveSession
from tests.live.cycle import HTMX, ann_actor, client_for, go_to, press, url
from tests.web.pages import text


def choose(cast, *roles: str) -> LiveSession:
    return bidding.presenters_choose(
        actor=cast.actor("facilitator"),
        meeting_id=cast.alpha_meeting.pk,
        person_ids=[cast.people[role].pk for role in roles],
        version=LiveSession.objects.get(meeting=cast.alpha_meeting).version,
    )


def bid(cast, actor, text_: str, **kwargs):
    return bidding.bid_place(actor=actor, meeting_id=cast.alpha_meeting.pk, text=text_, **kwargs)


@pytest.fixture
def chosen_before_start(cast):
    """Ann bid and was chosen before the start; the session now stands at its bidding phase."""
    bid(cast, ann_actor(cast), "Merging two depots")
    choose(cast, "ann")
    press(cast, "start")
    return go_to(cast, "bidding")


def test_the_bidding_phase_shows_members_the_bids_and_the_form_after_an_early_choice(
    cast, chosen_before_start
):
    body = text(client_for(cast.users["member"]).get(url("live-session", cast.alpha_meeting.pk)))
    assert 'data-phase="bidding"' in body
    assert "Bids for airtime" in body and "Merging two depots" in body
    assert "Your bid, in one line" in body
    assert "Today's presenters:</strong> Ann." in body


def test_the_bidding_phase_gives_the_facilitator_the_ledger_with_today_s_choice(
    cast, chosen_before_start
):
    client = client_for(cast.users["facilitator"])
    body = text(client.get(url("live-session", cast.alpha_meeting.pk)))
    ann = cast.people["ann"].pk
    assert f'value="{ann}" id="present-{ann}" aria-label="Ann presents" checked' in body
    assert "Choose presenters" in body and "owed time" in body


def test_a_member_bids_in_the_bidding_phase_and_the_set_chooses_again(cast, chosen_before_start):
    client = client_for(cast.users["member"])
    data = {"text": "My team has stopped telling me bad news", "urgency": "A", "nature": "problem"}
    body = text(client.post(url("live-bid", cast.alpha_meeting.pk), data, headers=HTMX))
    assert "My team has stopped telling me bad news" in body and "Change your bid" in body
    session = choose(cast, "member", "ann")
    assert session.presenters == [cast.people["member"].pk, cast.people["ann"].pk]
    # The cases follow the new choice: Alice presents first.
    press(cast, "next")
    session = LiveSession.objects.get()
    step = services.steps_of(session)[session.step]
    assert step.phase.key == "presentation" and session.presenters[step.presenter] == (
        cast.people["member"].pk
    )
    page = text(client.get(url("live-session", cast.alpha_meeting.pk)))
    assert "Presentation: Alice" in page and "Bids for airtime" not in page


def test_bids_close_when_the_first_case_starts(cast, chosen_before_start):
    press(cast, "next")
    with pytest.raises(ValidationError, match="Bidding is closed: the first case has started."):
        bid(cast, cast.actor("member"), "Too late")


def test_a_chosen_presenter_who_withdraws_no_longer_presents(cast, chosen_before_start):
    bidding.bid_withdraw(actor=ann_actor(cast), meeting_id=cast.alpha_meeting.pk)
    assert LiveSession.objects.get().presenters == []


def test_a_chosen_presenter_whose_bid_becomes_a_puzzle_no_longer_presents(
    cast, chosen_before_start
):
    bid(cast, ann_actor(cast), "Which rota tool should we buy?", nature="puzzle")
    assert LiveSession.objects.get().presenters == []


@pytest.mark.parametrize("phase", ["summary", "commitment"])
def test_the_presenter_keeps_their_questions_in_sight_through_the_rest_of_their_case(
    cast, chosen_before_start, phase
):
    go_to(cast, "open-questions")
    contributions.contribution_submit(actor=cast.actor("member"),
                                      meeting_id=cast.alpha_meeting.pk,
                                      text="What would success look like?")  # fmt: skip
    go_to(cast, phase)
    ann_actor(cast)
    ann = client_for(User.objects.get(person=cast.people["ann"]))
    body = text(ann.get(url("live-session", cast.alpha_meeting.pk)))
    assert "Asked and noted for you" in body and "What would success look like?" in body
    alice = text(client_for(cast.users["member"]).get(url("live-session", cast.alpha_meeting.pk)))
    assert "Asked and noted for you" not in alice
