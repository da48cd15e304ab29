"""Commitment: the presenter records experiment cards in their commitment phase; the set sees
them; nobody outside the set ever does."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from palg.accounts.models import User
from palg.live import experiments
from palg.live.models import ExperimentCard, LiveSession
from tests.live.cycle import (
    HTMX,
    ann_actor,
    client_for,
    go_to,
    soon,
    start_with_presenter,
    url,
)
from tests.web.pages import text

CARD = {
    "action": "Ask each depot manager for one change they would make",
    "expectation": "Two or three ideas I had not thought of",
    "signal": "How many managers answer within a week",
}


@pytest.fixture
def committing(cast):
    """Ann presents; the session stands at her commitment phase."""
    start_with_presenter(cast)
    go_to(cast, "commitment")
    return ann_actor(cast)


def record(cast, actor, **changes):
    fields = {**CARD, "due": soon(), **changes}
    return experiments.card_record(actor=actor, meeting_id=cast.alpha_meeting.pk, **fields)


def test_the_presenter_records_experiment_cards_in_their_commitment_phase(cast, committing):
    first = record(cast, committing, why="The merger plan stalls at the depots", involve="Raj")
    second = record(cast, committing, action="Share the draft rota a week early")
    assert first.owner == cast.people["ann"] and first.group == cast.alpha
    assert first.programme == cast.programme and first.meeting == cast.alpha_meeting
    assert (first.status, first.why, first.involve) == ("planned", "The merger plan stalls at "
                                                        "the depots", "Raj")  # fmt: skip
    assert [c.pk for c in experiments.cards_made(LiveSession.objects.get())] == [
        first.pk,
        second.pk,
    ]


def test_only_the_presenter_can_record_their_own_experiment_cards(cast, committing):
    with pytest.raises(ValidationError, match="by the presenter in their commitment phase"):
        record(cast, cast.actor("member"))
    with pytest.raises(PermissionDenied, match="Only the presenter"):
        record(cast, cast.actor("facilitator"))
    for role in ("lead", "sponsor", "admin"):
        with pytest.raises(PermissionDenied):
            record(cast, cast.actor(role))
    for role in ("other_member", "outsider", "stranger"):
        with pytest.raises(Http404):
            record(cast, cast.actor(role))
    assert not ExperimentCard.objects.exists()


def test_cards_are_recorded_only_in_the_commitment_phase(cast):
    start_with_presenter(cast)
    go_to(cast, "open-questions")
    with pytest.raises(ValidationError, match="commitment phase"):
        record(cast, ann_actor(cast))


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"action": "   "}, "action", experiments.MSG_REQUIRED),
        ({"expectation": ""}, "expectation", experiments.MSG_REQUIRED),
        ({"signal": "x" * 301}, "signal", "Keep it under 300 characters."),
        ({"due": None}, "due", experiments.MSG_REQUIRED),
        ({"due": soon(-1)}, "due", experiments.MSG_DUE_PAST),
        ({"due": soon(3 * 365)}, "due", experiments.MSG_DUE_FAR),
    ],
)
def test_a_card_needs_what_i_will_try_expect_and_watch_and_a_date_ahead(
    cast, committing, changes, field, message
):
    with pytest.raises(ValidationError) as raised:
        record(cast, committing, **changes)
    assert raised.value.message_dict[field] == [message]


def test_the_set_sees_the_cards_on_the_live_page_and_the_presenter_gets_the_form(cast, committing):
    record(cast, committing)
    presenter = text(client_for(User.objects.get(person=cast.people["ann"]))
                     .get(url("live-session", cast.alpha_meeting.pk)))  # fmt: skip
    assert "Record this experiment" in presenter and CARD["action"] in presenter
    for role in ("member", "facilitator"):
        body = text(client_for(cast.users[role]).get(url("live-session", cast.alpha_meeting.pk)))
        assert CARD["action"] in body and CARD["signal"] in body
        assert "Record this experiment" not in body


def test_the_page_records_a_card_and_gives_a_fresh_form(cast, committing):
    client = client_for(User.objects.get(person=cast.people["ann"]))
    body = text(client.post(url("live-card-add", cast.alpha_meeting.pk),
                            {**CARD, "due": soon().isoformat()}, headers=HTMX))  # fmt: skip
    assert CARD["expectation"] in body and 'id="card-form-1"' in body
    assert ExperimentCard.objects.get().action == CARD["action"]


@pytest.mark.parametrize(
    "data,message",
    [
        ({**CARD, "action": ""}, "What I will try: This field is required."),
        ({**CARD, "due": "next Tuesday"}, "By when: Enter a valid date."),
        ({**CARD, "due": "2001-01-01"}, f"By when: {experiments.MSG_DUE_PAST}"),
        ({**CARD, "due": "2030-01-01", "signal": "s" * 400}, "at most 300 characters"),
    ],
)
def test_bad_card_input_on_the_page_gets_a_clear_message_not_an_error(
    cast, committing, data, message
):
    client = client_for(User.objects.get(person=cast.people["ann"]))
    response = client.post(url("live-card-add", cast.alpha_meeting.pk), data, headers=HTMX)
    assert response.status_code == 200
    assert message in text(response)
    assert 'id="card-form-0"' in text(response)  # the same form: what was typed stays
    assert not ExperimentCard.objects.exists()


def test_nobody_outside_the_set_ever_sees_a_card(cast, committing, client_as):
    card = record(cast, committing)
    assert experiments.card_get(actor=cast.actor("facilitator"), card_id=card.pk) == card
    assert experiments.card_get(actor=cast.actor("member"), card_id=card.pk) == card
    for role in ("admin", "lead", "sponsor", "other_member", "outsider", "stranger"):
        with pytest.raises(Http404):
            experiments.card_get(actor=cast.actor(role), card_id=card.pk)
        assert client_as(role).get(url("card-detail", card.pk)).status_code == 404
    body = text(client_as("member").get(url("card-detail", card.pk)))
    assert "Ann's experiment" in body and CARD["signal"] in body


def test_cards_made_today_stay_on_the_page_after_the_end(cast, committing):
    from tests.live.cycle import press

    record(cast, committing)
    press(cast, "end")
    body = text(client_for(cast.users["member"]).get(url("live-session", cast.alpha_meeting.pk)))
    assert "Experiments committed today" in body and CARD["action"] in body
