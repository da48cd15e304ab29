"""The shared space of a case: questions checked by the guardrail (nudge, never block), notes
for the presenter, the facilitator's counts, and the presenter-owned harvest."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from palg.access import Actor
from palg.accounts.models import User
from palg.live import bidding, contributions, services
from palg.live.contributions import Nudge
from palg.live.models import Contribution, LiveSession
from tests.conftest import make_user
from tests.web.pages import text


@pytest.fixture
def ann(cast) -> Actor:
    make_user(cast.people["ann"])
    return Actor.from_user(User.objects.get(person=cast.people["ann"]))


def press(cast, action: str, **kwargs):
    session = LiveSession.objects.get(meeting=cast.alpha_meeting)
    return services.session_control(actor=cast.actor("facilitator"),
                                    meeting_id=cast.alpha_meeting.pk, action=action,
                                    version=session.version, **kwargs)  # fmt: skip


def go_to(cast, phase: str) -> None:
    while True:
        session = LiveSession.objects.get(meeting=cast.alpha_meeting)
        if services.steps_of(session)[session.step].phase.key == phase:
            return
        press(cast, "next")


@pytest.fixture
def case(cast, ann):
    """Ann presents; the session stands at her open questions."""
    bidding.bid_place(actor=ann, meeting_id=cast.alpha_meeting.pk, text="Merging two depots")
    session = LiveSession.objects.get()
    services.session_control(actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk,
                             action="start", version=session.version)  # fmt: skip
    bidding.presenters_choose(actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk,
                              person_ids=[cast.people["ann"].pk],
                              version=LiveSession.objects.get().version)  # fmt: skip
    go_to(cast, "open-questions")
    return ann


def ask(cast, question: str, role: str = "member", **kwargs):
    return contributions.contribution_submit(
        actor=cast.actor(role), meeting_id=cast.alpha_meeting.pk, text=question, **kwargs
    )


def test_an_open_question_is_posted_and_labelled(cast, case):
    posted = ask(cast, "What would success look like for you in a year?")
    assert isinstance(posted, Contribution)
    assert (posted.status, posted.verdict, posted.kind) == ("posted", "question", "open")
    assert posted.presenter == cast.people["ann"]


def test_a_closed_question_is_labelled_closed(cast, case):
    assert ask(cast, "Did you speak to the depot managers first?").kind == "closed"


@pytest.mark.parametrize(
    "advice",
    [
        "Have you thought about just closing the smaller depot?",
        "Why don't you ask HR to run the consultation?",
        "Wouldn't it be better to wait until April?",
    ],
)
def test_advice_dressed_as_a_question_comes_back_to_its_author_alone(cast, case, advice):
    nudge = ask(cast, advice)
    assert isinstance(nudge, Nudge)
    assert nudge.contribution.status == "returned"
    assert nudge.explanation and nudge.suggestion
    mine = contributions.shared(LiveSession.objects.get(), cast.actor("member"), case.person_id)
    theirs = contributions.shared(LiveSession.objects.get(), case, case.person_id)
    assert nudge.contribution in mine and nudge.contribution not in theirs


def test_the_author_may_post_it_anyway_or_rephrase(cast, case):
    nudge = ask(cast, "You should just tell them the decision.")
    posted = contributions.contribution_post_anyway(
        actor=cast.actor("member"),
        meeting_id=cast.alpha_meeting.pk,
        contribution_id=nudge.contribution.pk,
    )
    assert posted.status == "posted" and posted.posted_anyway
    second = ask(cast, "Why don't you just delegate it?")
    rephrased = ask(cast, "What would delegating it change?", replaces=second.contribution.pk)
    assert rephrased.status == "posted"
    assert not Contribution.objects.filter(pk=second.contribution.pk).exists()


def test_nobody_else_can_post_or_replace_someone_s_returned_draft(cast, case):
    from palg.programmes.models import Membership

    Membership.objects.create(group=cast.alpha, person=cast.people["bea"])
    bea = Actor.from_user(make_user(cast.people["bea"]))
    nudge = ask(cast, "You should just tell them the decision.")
    with pytest.raises(ValidationError, match="not one of your returned questions"):
        contributions.contribution_post_anyway(
            actor=bea, meeting_id=cast.alpha_meeting.pk, contribution_id=nudge.contribution.pk
        )
    with pytest.raises(ValidationError, match="not one of your returned questions"):
        contributions.contribution_submit(
            actor=bea,
            meeting_id=cast.alpha_meeting.pk,
            text="What else?",
            replaces=nudge.contribution.pk,
        )


def test_the_presenter_listens_rather_than_asks(cast, case):
    with pytest.raises(ValidationError, match="your own case"):
        contributions.contribution_submit(
            actor=case, meeting_id=cast.alpha_meeting.pk, text="What do I want?"
        )


def test_the_facilitator_sees_counts_never_the_returned_text(cast, case):
    ask(cast, "What would success look like?")
    ask(cast, "Did you speak to them?")
    ask(cast, "Why don't you just close it?")
    rows = {row.person.name: row for row in contributions.counts(LiveSession.objects.get())}
    assert (rows["Alice"].open, rows["Alice"].closed, rows["Alice"].advice) == (1, 1, 1)
    assert rows["Alice"].share == 1.0 and rows["Ann"].share == 0.0
    facilitator = Client()
    facilitator.force_login(cast.users["facilitator"])
    body = text(facilitator.get(reverse("live-session", args=[cast.alpha_meeting.pk])))
    assert "Advice-shaped" in body and "Why don't you just close it?" not in body


def test_notes_in_the_resources_round_are_not_checked(cast, case):
    go_to(cast, "resources")
    note = ask(cast, "You should read 'Leading Change'; I can lend you my copy.")
    assert (note.status, note.verdict) == ("posted", "note")


def test_outside_a_case_there_is_nowhere_to_post(cast, ann):
    with pytest.raises(ValidationError, match="shared space is open"):
        ask(cast, "What is going on?")


def test_the_facilitator_does_not_post_questions(cast, case):
    with pytest.raises(PermissionDenied):
        ask(cast, "What would success look like?", role="facilitator")


def test_after_the_session_the_harvest_is_the_presenter_s_alone(cast, case):
    ask(cast, "What would success look like?")
    ask(cast, "Why don't you just close it?")  # returned, never posted
    press(cast, "end")
    session = LiveSession.objects.get()
    assert [c.text for c in contributions.harvest(session, case)] == [
        "What would success look like?"
    ]
    assert contributions.harvest(session, cast.actor("member")) == []
    assert contributions.shared(session, cast.actor("member"), case.person_id) == []
    assert not Contribution.objects.filter(status="returned").exists()


HTMX = {"HX-Request": "true"}


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(cast, name: str) -> str:
    return reverse(name, args=[cast.alpha_meeting.pk])


def visible(response) -> str:
    """The page's words, without tags, one space apart."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def presenter_client(cast) -> Client:
    return page_client(User.objects.get(person=cast.people["ann"]))


def test_the_page_returns_advice_privately_with_the_cue_and_a_rephrase_offer(cast, case):
    member = page_client(cast.users["member"])
    body = text(member.post(page(cast, "live-contribute"), {"text": "Why don't you just ask HR?"},
                            headers=HTMX))  # fmt: skip
    draft = Contribution.objects.get(status="returned")
    assert "Only you can see this: “Why don't you just ask HR?”" in body
    assert "‘Why don't you…’ often lands as advice." in body
    assert "Try ‘What options do you see?’" in body
    assert f'name="replaces" value="{draft.pk}"' in body and "Ask this instead" in body
    assert "Post it as it is" in body
    assert "ask HR" not in text(presenter_client(cast).get(page(cast, "live-session")))
    facilitator = text(page_client(cast.users["facilitator"]).get(page(cast, "live-session")))
    assert "ask HR" not in facilitator


def test_rephrasing_on_the_page_replaces_the_returned_draft(cast, case):
    member = page_client(cast.users["member"])
    member.post(page(cast, "live-contribute"), {"text": "Why don't you just ask HR?"})
    draft = Contribution.objects.get(status="returned")
    body = visible(member.post(page(cast, "live-contribute"),
                               {"text": "Who could help you with the consultation?",
                                "replaces": draft.pk}, headers=HTMX))  # fmt: skip
    assert "open question Who could help you with the consultation?" in body
    assert "Only you can see this" not in body
    assert not Contribution.objects.filter(pk=draft.pk).exists()


def test_posting_anyway_on_the_page_shows_it_to_the_presenter_as_written(cast, case):
    member = page_client(cast.users["member"])
    member.post(page(cast, "live-contribute"), {"text": "Have you tried a one-to-one?"})
    draft = Contribution.objects.get(status="returned")
    response = member.post(page(cast, "live-post-anyway"), {"contribution": draft.pk})
    assert response.status_code == 302
    presenter = visible(presenter_client(cast).get(page(cast, "live-session")))
    assert "posted as written Have you tried a one-to-one?" in presenter


def test_the_page_labels_each_posted_question_open_or_closed(cast, case):
    ask(cast, "What would success look like for you?")
    ask(cast, "Is the budget fixed?")
    body = visible(presenter_client(cast).get(page(cast, "live-session")))
    assert "open question What would success look like for you?" in body
    assert "closed question Is the budget fixed?" in body


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("live-contribute", {"text": ""}, "This field is required."),
        ("live-contribute", {"text": "   "}, "This field is required."),
        ("live-contribute", {"text": "Why? " * 300}, "at most 1000 characters"),
        ("live-contribute", {"text": "What else?", "replaces": "x"}, "Enter a whole number."),
        ("live-contribute", {"text": "What else?", "replaces": 999}, contributions.MSG_NOT_YOURS),
        ("live-post-anyway", {"contribution": "two"}, "Enter a whole number."),
        ("live-post-anyway", {"contribution": 999}, contributions.MSG_NOT_YOURS),
        ("live-post-anyway", {}, "This field is required."),
    ],
)
def test_bad_input_on_the_page_gets_a_clear_message_not_an_error(cast, case, name, data, message):
    member = page_client(cast.users["member"])
    response = member.post(page(cast, name), data, headers=HTMX)
    assert response.status_code == 200
    assert message in text(response)
    assert not Contribution.objects.exists()


def test_after_the_end_only_the_presenter_s_page_shows_the_harvest(cast, case):
    ask(cast, "What would success look like for you?")
    ask(cast, "Why don't you just close it?")  # returned, never posted
    press(cast, "end")
    presenter = text(presenter_client(cast).get(page(cast, "live-session")))
    assert "Asked and noted for you" in presenter
    assert "What would success look like for you?" in presenter
    assert "close it" not in presenter
    for role in ("member", "facilitator"):
        body = text(page_client(cast.users[role]).get(page(cast, "live-session")))
        assert "Asked and noted for you" not in body
        assert "What would success look like" not in body and "close it" not in body


def test_a_presenter_who_turns_their_back_sees_listening_mode_not_the_notes(cast, ann):
    session = LiveSession.objects.create(
        meeting=cast.alpha_meeting, template="troika", presenters=[cast.people["ann"].pk]
    )
    press(cast, "start")
    go_to(cast, "consult")
    assert session.pk == LiveSession.objects.get().pk
    note = ask(cast, "She might want to pilot it with one depot first.")
    assert (note.status, note.verdict) == ("posted", "note")  # advice is welcome here
    presenter = text(presenter_client(cast).get(page(cast, "live-session")))
    assert "Listening mode" in presenter and "Turn your back" in presenter
    assert "pilot it with one depot" not in presenter
    member = text(page_client(cast.users["member"]).get(page(cast, "live-session")))
    assert "Listening mode" not in member and "pilot it with one depot" in member
    press(cast, "end")
    presenter = text(presenter_client(cast).get(page(cast, "live-session")))
    assert "pilot it with one depot" in presenter
