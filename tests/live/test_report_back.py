"""Report-back: the next meeting walks each present member's open cards from earlier sessions;
the owner adds what they did, what happened, what they learned and what next, and may change
the card's status; the card keeps its whole history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from palg.accounts.models import User
from palg.live import contract, experiments
from palg.live.models import CardEntry, ExperimentCard, LiveSession
from tests.live.cycle import (
    HTMX,
    ann_actor,
    client_for,
    go_to,
    next_meeting,
    press,
    soon,
    start_with_presenter,
    url,
)
from tests.web.pages import text


def commit(cast, actor, action: str, meeting=None):
    return experiments.card_record(
        actor=actor, meeting_id=(meeting or cast.alpha_meeting).pk, action=action,
        expectation="Something changes", signal="A sign I can see", due=soon(),
    )  # fmt: skip


@pytest.fixture
def earlier(cast):
    """At the first meeting Ann and Alice each committed to an experiment; it has ended."""
    start_with_presenter(cast, presenters=("ann", "member"))
    go_to(cast, "commitment", presenter=0)
    ann = commit(cast, ann_actor(cast), "Ask each depot manager for one change")
    go_to(cast, "commitment", presenter=1)
    alice = commit(cast, cast.actor("member"), "Delegate Monday's stand-up")
    press(cast, "end")
    return ann, alice


@pytest.fixture
def reporting(cast, earlier):
    """The next meeting stands at its report-back; Ann and Alice have the page open."""
    meeting = next_meeting(cast)
    press_start(cast, meeting)
    session = go_to(cast, "report-back", meeting)
    for actor in (ann_actor(cast), cast.actor("member")):
        contract.presence_mark(session, actor)
    return meeting


def press_start(cast, meeting):
    LiveSession.objects.create(meeting=meeting)
    press(cast, "start", meeting)


def report(cast, actor, meeting, card, **fields):
    return experiments.card_report(actor=actor, meeting_id=meeting.pk, card_id=card.pk, **fields)


def test_the_report_back_walks_each_present_member_s_open_cards(cast, earlier, reporting):
    ann_card, alice_card = earlier
    walk = experiments.report_walk(LiveSession.objects.get(meeting=reporting))
    assert [(turn.person.name, [c.pk for c in turn.cards]) for turn in walk] == [
        ("Alice", [alice_card.pk]),
        ("Ann", [ann_card.pk]),
    ]


def test_absent_members_and_closed_cards_are_not_walked(cast, earlier):
    ann_card, alice_card = earlier
    ExperimentCard.objects.filter(pk=alice_card.pk).update(status="dropped")
    meeting = next_meeting(cast)
    press_start(cast, meeting)
    session = go_to(cast, "report-back", meeting)
    contract.presence_mark(session, ann_actor(cast))
    walk = experiments.report_walk(session)
    assert [(turn.person.name, turn.cards) for turn in walk] == [("Ann", [ann_card])]


def test_the_owner_reports_back_and_the_card_keeps_its_whole_history(cast, earlier, reporting):
    ann_card, _ = earlier
    ann = ann_actor(cast)
    first = report(cast, ann, reporting, ann_card, did="Asked all four managers",
                   happened="Three answered", learned="They wanted to be asked",
                   next="Ask again after the move", status="in-progress")  # fmt: skip
    second = report(cast, ann, reporting, ann_card, status="done")
    card = experiments.card_get(actor=cast.actor("member"), card_id=ann_card.pk)
    assert card.status == "done"
    assert [(e.kind, e.status_before, e.status_after) for e in card.entries.all()] == [
        ("report", "planned", "in-progress"),
        ("status", "in-progress", "done"),
    ]
    assert (first.learned, first.meeting, second.meeting) == ("They wanted to be asked",
                                                             reporting, reporting)  # fmt: skip
    # Marked done today, it stays in today's walk.
    walk = experiments.report_walk(LiveSession.objects.get(meeting=reporting))
    assert ann_card.pk in [c.pk for turn in walk for c in turn.cards]


def test_only_the_owner_reports_on_a_card(cast, earlier, reporting):
    ann_card, _ = earlier
    with pytest.raises(PermissionDenied, match="owner"):
        report(cast, cast.actor("member"), reporting, ann_card, learned="Not mine to say")
    with pytest.raises(PermissionDenied, match="owner"):
        report(cast, cast.actor("facilitator"), reporting, ann_card, status="dropped")
    with pytest.raises(Http404):
        report(cast, cast.actor("other_member"), cast.beta_meeting, ann_card, learned="x")
    assert not CardEntry.objects.exists()


def test_reports_are_taken_in_the_report_back_phase_only(cast, earlier):
    ann_card, _ = earlier
    meeting = next_meeting(cast)
    press_start(cast, meeting)
    go_to(cast, "bidding", meeting)
    with pytest.raises(ValidationError, match="report-back phase"):
        report(cast, ann_actor(cast), meeting, ann_card, learned="Too late")


def test_a_card_is_reported_on_at_a_later_meeting_not_the_one_it_was_made(cast):
    start_with_presenter(cast)
    go_to(cast, "commitment")
    card = commit(cast, ann_actor(cast), "Ask each depot manager")
    LiveSession.objects.filter(meeting=cast.alpha_meeting).update(step=2)  # the report-back
    with pytest.raises(ValidationError, match="made at this meeting"):
        report(cast, ann_actor(cast), cast.alpha_meeting, card, learned="Already?")


@pytest.mark.parametrize(
    "fields,key,message",
    [
        ({}, "__all__", experiments.MSG_EMPTY_REPORT),
        ({"did": "   "}, "__all__", experiments.MSG_EMPTY_REPORT),
        ({"status": "planned"}, "__all__", experiments.MSG_EMPTY_REPORT),
        ({"status": "abandoned"}, "status", experiments.MSG_BAD_STATUS),
        ({"learned": "l" * 1001}, "learned", "Keep it under 1000 characters."),
    ],
)
def test_an_empty_or_malformed_report_is_refused_with_its_reason(
    cast, earlier, reporting, fields, key, message
):
    with pytest.raises(ValidationError) as raised:
        report(cast, ann_actor(cast), reporting, earlier[0], **fields)
    assert raised.value.message_dict[key] == [message]


def test_everyone_in_the_set_sees_the_report_back_on_the_live_page(cast, earlier, reporting):
    ann_card, alice_card = earlier
    report(cast, ann_actor(cast), reporting, ann_card, learned="They wanted to be asked")
    page = url("live-session", reporting.pk)
    for role in ("member", "facilitator"):
        body = text(client_for(cast.users[role]).get(page))
        assert "Report-back on our experiments" in body
        assert ann_card.action in body and "They wanted to be asked" in body
        assert alice_card.action in body
    alice = text(client_for(cast.users["member"]).get(page))
    assert (
        f"/cards/{alice_card.pk}/report/" in alice and f"/cards/{ann_card.pk}/report/" not in alice
    )
    facilitator = text(client_for(cast.users["facilitator"]).get(page))
    assert "/report/" not in facilitator


def test_the_page_takes_a_report_and_a_status_change(cast, earlier, reporting):
    ann_card, _ = earlier
    client = client_for(User.objects.get(person=cast.people["ann"]))
    body = text(client.post(url("live-card-report", reporting.pk, ann_card.pk),
                            {"did": "Asked them", "learned": "Ask earlier", "status": "done"},
                            headers=HTMX))  # fmt: skip
    assert "Learned: Ask earlier" in " ".join(body.replace("</strong>", "").split())
    assert ExperimentCard.objects.get(pk=ann_card.pk).status == "done"


@pytest.mark.parametrize(
    "data,message",
    [
        ({}, experiments.MSG_EMPTY_REPORT),
        ({"status": "finished"}, "Status: Select a valid choice."),
        ({"next": "n" * 1200}, "What next: Ensure this value has at most 1000 characters"),
    ],
)
def test_bad_report_input_on_the_page_gets_a_clear_message_not_an_error(
    cast, earlier, reporting, data, message
):
    client = client_for(User.objects.get(person=cast.people["ann"]))
    response = client.post(url("live-card-report", reporting.pk, earlier[0].pk), data,
                           headers=HTMX)  # fmt: skip
    assert response.status_code == 200 and message in text(response)
    assert not CardEntry.objects.exists()


def test_templates_without_a_report_back_phase_report_back_at_check_in(cast, earlier):
    meeting = next_meeting(cast)
    LiveSession.objects.create(meeting=meeting, template="intervision")
    press(cast, "start", meeting)
    entry = report(cast, ann_actor(cast), meeting, earlier[0], learned="Ask earlier")
    assert entry.meeting == meeting
