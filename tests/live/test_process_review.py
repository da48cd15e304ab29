"""Process review: each member's review sheet is theirs alone; the set-health pulse reaches the
set only as means per question per ended session, and only where at least three members
answered; nobody outside the set sees anything of it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from palg.access import Actor
from palg.live import review
from palg.live.models import LiveSession, PulseAnswer, ReviewSheet
from palg.programmes.models import Membership
from tests.conftest import make_user
from tests.live.cycle import (
    HTMX,
    ann_actor,
    client_for,
    go_to,
    next_meeting,
    press,
    start_with_presenter,
    url,
)
from tests.web.pages import text

SCORES = {"trust": 4, "airtime": 3, "questions": 5, "contract": 4}


@pytest.fixture
def bea(cast) -> Actor:
    """Bea joins Alpha too, so that it has three members."""
    Membership.objects.create(group=cast.alpha, person=cast.people["bea"])
    return Actor.from_user(make_user(cast.people["bea"]))


def at_review(cast, meeting=None) -> LiveSession:
    meeting = meeting or cast.alpha_meeting
    if meeting != cast.alpha_meeting:
        LiveSession.objects.create(meeting=meeting)
        press(cast, "start", meeting)
    else:
        start_with_presenter(cast)
    return go_to(cast, "process-review", meeting)


def answer(actor, meeting, **scores):
    return review.pulse_answer(actor=actor, meeting_id=meeting.pk, **{**SCORES, **scores})


def sheet(actor, meeting, **fields):
    return review.review_sheet_save(actor=actor, meeting_id=meeting.pk, **fields)


def test_each_member_keeps_a_review_sheet_that_only_they_read(cast, client_as):
    at_review(cast)
    sheet(cast.actor("member"), cast.alpha_meeting, learned_1="It is about trust",
          learned_2="Not the rota", next_steps="Talk to Raj", others="Ann's depots",
          set_working="We listened", about_me="I rush to fix")  # fmt: skip
    mine = review.review_sheet_get(actor=cast.actor("member"), meeting_id=cast.alpha_meeting.pk)
    assert mine.learned == ["It is about trust", "Not the rota"]
    assert review.review_sheet_get(actor=ann_actor(cast), meeting_id=cast.alpha_meeting.pk) is None
    with pytest.raises(PermissionDenied):
        review.review_sheet_get(actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk)
    page = url("live-session", cast.alpha_meeting.pk)
    assert "I rush to fix" in text(client_as("member").get(page))
    assert "I rush to fix" not in text(client_as("facilitator").get(page))
    ann = text(client_for(ann_actor_user(cast)).get(page))
    assert "I rush to fix" not in ann and "Save my review sheet" in ann


def ann_actor_user(cast):
    from palg.accounts.models import User

    ann_actor(cast)
    return User.objects.get(person=cast.people["ann"])


def test_saving_the_sheet_again_updates_it(cast):
    at_review(cast)
    sheet(cast.actor("member"), cast.alpha_meeting, about_me="First thought")
    sheet(cast.actor("member"), cast.alpha_meeting, about_me="Second thought")
    assert list(ReviewSheet.objects.values_list("about_me", flat=True)) == ["Second thought"]


def test_the_sheet_opens_at_the_process_review_and_stays_open_after_the_end(cast):
    start_with_presenter(cast)
    with pytest.raises(ValidationError, match="opens at the session's process review"):
        sheet(cast.actor("member"), cast.alpha_meeting, about_me="Too early")
    go_to(cast, "process-review")
    press(cast, "end")
    assert sheet(cast.actor("member"), cast.alpha_meeting, about_me="Afterwards").pk


def test_an_empty_or_overlong_sheet_is_refused_with_its_reason(cast):
    at_review(cast)
    with pytest.raises(ValidationError) as raised:
        sheet(cast.actor("member"), cast.alpha_meeting, learned_1="  ")
    assert raised.value.message_dict == {"__all__": [review.MSG_EMPTY_SHEET]}
    with pytest.raises(ValidationError) as raised:
        sheet(cast.actor("member"), cast.alpha_meeting, learned_1="x" * 501)
    assert raised.value.message_dict == {"learned_1": ["Keep it under 500 characters."]}


def test_members_answer_the_pulse_during_the_process_review_only(cast):
    start_with_presenter(cast)
    with pytest.raises(ValidationError, match="during the process review"):
        answer(cast.actor("member"), cast.alpha_meeting)
    go_to(cast, "process-review")
    answer(cast.actor("member"), cast.alpha_meeting)
    answer(cast.actor("member"), cast.alpha_meeting, trust=2)  # a second answer replaces
    assert PulseAnswer.objects.get().trust == 2
    with pytest.raises(PermissionDenied):
        answer(cast.actor("facilitator"), cast.alpha_meeting)
    press(cast, "end")
    with pytest.raises(ValidationError, match="before the session ends"):
        answer(cast.actor("member"), cast.alpha_meeting)


def test_a_first_pulse_answer_moves_the_session_on_so_every_screen_shows_the_count(cast):
    before = at_review(cast).version
    answer(cast.actor("member"), cast.alpha_meeting)
    assert LiveSession.objects.get().version == before + 1
    answer(cast.actor("member"), cast.alpha_meeting, trust=2)  # the count stays at one
    assert LiveSession.objects.get().version == before + 1
    body = text(client_for(cast.users["facilitator"]).get(
        url("live-state", cast.alpha_meeting.pk) + f"?v={before}", headers=HTMX))  # fmt: skip
    assert "1 member answered the pulse so far." in body


@pytest.mark.parametrize("bad", [0, 6, None, "4", True])
def test_a_pulse_answer_is_a_whole_number_from_1_to_5(cast, bad):
    at_review(cast)
    with pytest.raises(ValidationError) as raised:
        answer(cast.actor("member"), cast.alpha_meeting, airtime=bad)
    assert raised.value.message_dict == {"airtime": [review.MSG_SCALE]}


def test_the_pulse_trend_shows_means_per_question_per_ended_session(cast, bea):
    at_review(cast)
    for actor, trust in ((cast.actor("member"), 5), (ann_actor(cast), 4), (bea, 2)):
        answer(actor, cast.alpha_meeting, trust=trust)
    assert review.trend(cast.alpha) == []  # still running: nobody watches the means move
    press(cast, "end")
    [row] = review.trend(cast.alpha)
    assert row.answers == 3 and row.meeting_id == cast.alpha_meeting.pk
    assert row.means == {"trust": 3.7, "airtime": 3.0, "questions": 5.0, "contract": 4.0}


def test_the_pulse_trend_hides_sessions_with_fewer_than_three_answers(cast, bea):
    at_review(cast)
    answer(cast.actor("member"), cast.alpha_meeting, trust=1)
    answer(ann_actor(cast), cast.alpha_meeting, trust=5)
    press(cast, "end")
    later = next_meeting(cast)
    at_review(cast, later)
    for actor in (cast.actor("member"), ann_actor(cast), bea):
        answer(actor, later)
    press(cast, "end", later)
    first, second = review.trend(cast.alpha)
    assert (first.answers, first.means, first.hidden) == (2, None, True)
    assert second.means == {"trust": 4.0, "airtime": 3.0, "questions": 5.0, "contract": 4.0}
    body = text(client_for(cast.users["member"]).get(url("pulse-trend", cast.alpha.pk)))
    assert "Hidden: fewer than 3 members answered" in body and "4.0" in body
    assert "1.0" not in body and "5.0" in body


def test_sponsors_leads_admins_and_other_sets_see_nothing_of_the_pulse(cast, bea, client_as):
    at_review(cast)
    for actor in (cast.actor("member"), ann_actor(cast), bea):
        answer(actor, cast.alpha_meeting)
    press(cast, "end")
    for role in ("admin", "lead", "sponsor"):
        with pytest.raises(PermissionDenied):
            review.pulse_trend(actor=cast.actor(role), group_id=cast.alpha.pk)
        assert client_as(role).get(url("pulse-trend", cast.alpha.pk)).status_code == 403
    for role in ("other_member", "outsider", "stranger"):
        with pytest.raises(Http404):
            review.pulse_trend(actor=cast.actor(role), group_id=cast.alpha.pk)
    group, rows = review.pulse_trend(actor=cast.actor("facilitator"), group_id=cast.alpha.pk)
    assert group == cast.alpha and rows[0].answers == 3


def test_the_live_page_shows_the_review_sheet_the_pulse_and_the_trend(cast, bea):
    at_review(cast)
    member = client_for(cast.users["member"])
    page = url("live-session", cast.alpha_meeting.pk)
    body = text(member.get(page))
    assert "My review sheet" in body and "Three things I learned about my problem" in body
    assert "Trust" in body and "Keeping the contract" in body and "Send my answers" in body
    body = text(member.post(url("live-pulse", cast.alpha_meeting.pk), SCORES, headers=HTMX))
    assert "Change my answers" in body and "1 member answered the pulse so far" in body
    facilitator = text(client_for(cast.users["facilitator"]).get(page))
    assert "My review sheet" not in facilitator and "Send my answers" not in facilitator
    assert "1 member answered the pulse so far" in facilitator


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("live-pulse", {**SCORES, "trust": 9}, "Select a valid choice. 9 is not one of"),
        (
            "live-pulse",
            {"trust": 3},
            "Airtime balance (Time was shared fairly between us.): This field is required.",
        ),
        ("live-review", {}, review.MSG_EMPTY_SHEET),
        ("live-review", {"about_me": "m" * 2001}, "One thing I learned about myself: Ensure"),
    ],
)
def test_bad_review_input_on_the_page_gets_a_clear_message_not_an_error(cast, name, data, message):
    at_review(cast)
    response = client_for(cast.users["member"]).post(url(name, cast.alpha_meeting.pk), data,
                                                     headers=HTMX)  # fmt: skip
    assert response.status_code == 200 and message in text(response)
    assert not PulseAnswer.objects.exists() and not ReviewSheet.objects.exists()
