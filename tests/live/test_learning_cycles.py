"""The loop closes at the next meeting: its report-back shows each card with the observations
its owner added between meetings; a report-back with what was learned is a learning cycle,
counted per person and per set and shown to the set, never to overseers."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from palg.live import contract, experiments
from palg.live.models import CardEntry, ExperimentCard, LiveSession
from tests.live.cycle import (
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


def card_for(cast, owner: str, group=None, action: str = "Delegate the rota") -> ExperimentCard:
    return ExperimentCard.objects.create(
        owner=cast.people[owner], group=group or cast.alpha, programme=cast.programme,
        action=action, expectation="Fewer late changes", signal="Changes per week", due=soon(),
    )  # fmt: skip


def reported(card, learned: str = "", **texts) -> CardEntry:
    return CardEntry.objects.create(card=card, kind=CardEntry.Kind.REPORT, learned=learned,
                                    status_before=card.status, status_after=card.status,
                                    **texts)  # fmt: skip


@pytest.fixture
def committed(cast):
    """At the first meeting Ann committed to an experiment; the session has ended."""
    start_with_presenter(cast)
    go_to(cast, "commitment")
    card = experiments.card_record(
        actor=ann_actor(cast), meeting_id=cast.alpha_meeting.pk, action="Ask the depots",
        expectation="New ideas", signal="Answers within a week", due=soon(),
    )  # fmt: skip
    press(cast, "end")
    return card


def reach_report_back(cast):
    meeting = next_meeting(cast)
    LiveSession.objects.create(meeting=meeting)
    press(cast, "start", meeting)
    session = go_to(cast, "report-back", meeting)
    contract.presence_mark(session, ann_actor(cast))
    return meeting


def test_the_next_report_back_shows_the_observations_made_since_the_card(cast, committed):
    ExperimentCard.objects.filter(pk=committed.pk).update(
        created_at=timezone.now() - timedelta(days=20)
    )
    for days_ago, note in ((12, "Two depots answered"), (3, "A third answered")):
        day = timezone.localdate() - timedelta(days=days_ago)
        experiments.card_observe(
            actor=ann_actor(cast), card_id=committed.pk, note=note, observed_on=day
        )
    meeting = reach_report_back(cast)

    walk = experiments.report_walk(LiveSession.objects.get(meeting=meeting))
    (card,) = [card for turn in walk for card in turn.cards]
    assert [e.note for e in card.entries.all()] == ["Two depots answered", "A third answered"]
    for client in (client_for(cast.users["member"]), client_for(cast.users["facilitator"])):
        body = text(client.get(url("live-session", meeting.pk)))
        report_back = body[body.index("Report-back on our experiments") :]
        assert report_back.index("Two depots answered") < report_back.index("A third answered")


def test_a_card_written_between_meetings_comes_back_at_the_next_report_back(cast, committed):
    written = experiments.card_create(
        actor=ann_actor(cast), group_id=cast.alpha.pk, action="Shadow a depot shift",
        expectation="See the rota problem first-hand", signal="Late changes I see", due=soon(),
    )  # fmt: skip
    meeting = reach_report_back(cast)
    walk = experiments.report_walk(LiveSession.objects.get(meeting=meeting))
    assert [(t.person.name, [c.pk for c in t.cards]) for t in walk] == [
        ("Ann", [committed.pk, written.pk])
    ]


def test_an_observation_during_the_report_back_redraws_the_set_s_panel(cast, committed):
    meeting = reach_report_back(cast)
    before = LiveSession.objects.get(meeting=meeting).version
    experiments.card_observe(actor=ann_actor(cast), card_id=committed.pk,
                             observed_on=timezone.localdate(), note="Just now")  # fmt: skip
    assert LiveSession.objects.get(meeting=meeting).version == before + 1
    assert LiveSession.objects.get(meeting=cast.alpha_meeting).status == "ended"


def test_a_report_back_with_a_learning_is_a_learning_cycle_and_one_without_is_not(cast, committed):
    meeting = reach_report_back(cast)
    report = {"actor": ann_actor(cast), "meeting_id": meeting.pk, "card_id": committed.pk}
    experiments.card_report(**report, did="Asked all five depots", happened="Two answered")
    assert experiments.person_learning_cycles(actor=ann_actor(cast)) == 0
    experiments.card_report(**report, learned="Asking in person works better", status="done")
    assert experiments.person_learning_cycles(actor=ann_actor(cast)) == 1
    cycles = experiments.set_learning_cycles(
        actor=cast.actor("facilitator"), group_id=cast.alpha.pk
    )
    assert cycles.total == 1


def test_learning_cycles_are_counted_per_person_and_per_set(cast):
    alice_1, alice_2 = card_for(cast, "member"), card_for(cast, "member", action="Second")
    ann, bob = card_for(cast, "ann"), card_for(cast, "other_member", group=cast.beta)
    reported(alice_1, learned="Telling is not asking")
    reported(alice_1, learned="Asking takes longer")  # the same card round again
    reported(alice_2, learned="Silence is an answer")
    reported(ann, did="Tried it", happened="Nothing yet")  # no learning: not a cycle
    CardEntry.objects.create(card=ann, kind=CardEntry.Kind.OBSERVATION, note="I learned a lot",
                             observed_on=timezone.localdate(), status_before="planned",
                             status_after="planned")  # fmt: skip
    reported(bob, learned="Sales needs numbers")

    alpha = experiments.set_learning_cycles(actor=cast.actor("member"), group_id=cast.alpha.pk)
    assert alpha.total == 3
    assert [(p.name, n) for p, n in alpha.per_person] == [("Alice", 3), ("Ann", 0)]
    beta = experiments.set_learning_cycles(actor=cast.actor("other_member"), group_id=cast.beta.pk)
    assert (beta.total, [(p.name, n) for p, n in beta.per_person]) == (1, [("Bea", 0), ("Bob", 1)])
    assert experiments.person_learning_cycles(actor=cast.actor("member")) == 3
    mine = experiments.my_experiments(actor=cast.actor("member"))
    assert (mine.cycles, [(g.name, n) for g, n in mine.cycles_per_set]) == (3, [("Alpha", 3)])


def test_the_counts_are_for_the_set_only(cast):
    reported(card_for(cast, "member"), learned="Telling is not asking")
    for role in ("member", "facilitator"):
        cycles = experiments.set_learning_cycles(actor=cast.actor(role), group_id=cast.alpha.pk)
        assert cycles.total == 1
    for role in ("admin", "lead", "sponsor"):
        with pytest.raises(PermissionDenied):
            experiments.set_learning_cycles(actor=cast.actor(role), group_id=cast.alpha.pk)
    for role in ("other_member", "outsider", "stranger"):
        with pytest.raises(Http404):
            experiments.set_learning_cycles(actor=cast.actor(role), group_id=cast.alpha.pk)


def test_the_set_s_page_shows_its_learning_cycles_to_the_set_and_not_to_overseers(cast):
    reported(card_for(cast, "member"), learned="Telling is not asking")
    for role in ("member", "facilitator"):
        body = text(client_for(cast.users[role]).get(url("group-detail", cast.alpha.pk)))
        assert 'id="learning-cycles"' in body and "Learning cycles per member" in body
    for role in ("admin", "lead", "sponsor"):
        response = client_for(cast.users[role]).get(url("group-detail", cast.alpha.pk))
        assert response.status_code == 200  # the set's metadata, but none of its content
        assert "Learning cycles" not in text(response) and "learning-cycles" not in text(response)


def test_my_experiments_shows_my_own_learning_cycles(cast):
    reported(card_for(cast, "member"), learned="Telling is not asking")
    reported(card_for(cast, "ann"), learned="Ann's learning")
    body = text(client_for(cast.users["member"]).get(url("my-experiments")))
    assert 'data-cycles="1"' in body and "Alpha (Leading through change): 1" in body
