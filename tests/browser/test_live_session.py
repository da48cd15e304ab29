"""A live session in Chromium: a facilitator and three members, each in a browser of their own,
run a whole Revans session (bids, the set's choice of presenter, questions checked by the
guardrail, an experiment card, the process review) and every screen follows the facilitator.

Four browsers polling every second send the live server concurrent requests. Under pytest-django
the server's threads all share the test's one in-memory SQLite connection (Django passes it to
them so that they see the test's data), and that connection is not safe for concurrent
transactions: requests fail with "database table is locked" or see another request's half-done
work. So these tests let the server handle one request at a time, and read the database under
the same lock. Concurrency itself is the load test's subject, on PostgreSQL.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from palg.access import Actor
from palg.live import services
from palg.live.models import LiveSession
from palg.programmes import services as programmes
from palg.programmes.models import Meeting
from tests.browser.conftest import (
    FOLLOW_MS,
    SERVER_LOCK,
    Screen,
    expect_everyone_at,
    facilitated_set,
    live,
    press,
    screenshot,
    up_to_date,
)

pytestmark = pytest.mark.browser

OPEN_QUESTION = "What would a good outcome look like for you?"
ADVICE = "Have you thought about just telling your team the deadline is fixed?"
EXPERIMENT = "Ask each depot lead what a fair rota would be"


@dataclass
class Gamma:
    meeting_id: int
    facilitator: object
    members: dict[str, object]


@pytest.fixture
def gamma(live_cast) -> Gamma:
    """Set Gamma: Fran facilitates Priya, Quinn and Rosa; their meeting is today."""
    lead, group, members = facilitated_set(live_cast, "Gamma", 20)
    meeting = programmes.meeting_schedule(
        actor=lead, group_id=group.pk, starts_at=timezone.now() + timedelta(minutes=5)
    )
    return Gamma(meeting.pk, live_cast.users["facilitator"], members)


def bid(screen: Screen, text: str, urgency: str, nature: str) -> None:
    page = screen.page
    page.get_by_label("Your bid, in one line").fill(text)
    page.get_by_label("How urgent").select_option(urgency)
    page.get_by_label(nature).check()
    page.get_by_role("button", name="Bid", exact=True).click()
    expect(page.locator("ul.bids")).to_contain_text(text)
    # The form now holds the saved bid, to change or withdraw; the next poll keeps it so.
    expect(page.get_by_label("Change your bid")).to_have_value(text)
    expect(page.get_by_label("How urgent")).to_have_value(urgency)
    expect(page.get_by_role("button", name="Change my bid")).to_be_visible()


def ask(screen: Screen, question: str) -> None:
    screen.page.get_by_label("Your question").fill(question)
    screen.page.get_by_role("button", name="Ask", exact=True).click()


def review(screen: Screen, learned: str, scores: dict[str, int]) -> None:
    page = screen.page
    page.get_by_label("The first thing I learned about my problem").fill(learned)
    page.get_by_label("How the set worked").fill("We asked before we told.")
    page.get_by_role("button", name="Save my review sheet").click()
    expect(page.locator(".process-review").get_by_role("status")).to_contain_text("Saved")
    pulse = page.locator("form.pulse")
    for name, score in scores.items():
        pulse.get_by_role("group", name=re.compile(name)).get_by_label(str(score)).check()
    pulse.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("button", name="Change my answers")).to_be_visible()


def test_a_facilitator_and_three_members_run_a_whole_session_in_their_own_browsers(
    live_server, gamma, open_screen
):
    meeting = gamma.meeting_id
    path = reverse("live-session", args=[meeting])
    fran = open_screen("Fran", gamma.facilitator, path)
    priya, quinn, rosa = (open_screen(name, user, path) for name, user in gamma.members.items())
    everyone, members = [fran, priya, quinn, rosa], [priya, quinn, rosa]
    expect_everyone_at(everyone, "Not started yet")

    # Quinn bids before the start, and Fran chooses Quinn early.
    bid(quinn, "My team has stopped telling me bad news", "B", "A problem")
    up_to_date(fran, meeting)
    fran.page.get_by_label("Quinn presents").check()
    press(fran, meeting, "Choose presenters")
    expect(live(fran).locator(".chosen")).to_have_text(re.compile("Today's presenters: Quinn."))

    # Fran keeps the programme's template, shortens the check-in, saves the plan and starts.
    fran.page.get_by_role("spinbutton", name="Check-in").fill("10")
    fran.page.get_by_role("button", name="Save the plan").click()
    expect(
        fran.page.get_by_text("Session prepared: Revans / UK action learning set.")
    ).to_be_visible()
    press(fran, meeting, "Start the session")
    expect_everyone_at(everyone, "Check-in")
    expect(fran.page.get_by_role("heading", name="Prepare the session")).to_have_count(0)
    expect(rosa.page.get_by_role("timer")).to_have_text(re.compile(r"^(10:00|9:5\d) left$"))
    for phase in ("Our contract", "Report-back", "Bidding for airtime"):
        press(fran, meeting, "Next phase")
        expect_everyone_at(everyone, phase)

    # In the bidding phase the bids, the form and the early choice are all there: Priya and
    # Rosa bid on their own pages (a problem, and a puzzle routed to the resources round).
    expect(live(priya).locator(".chosen")).to_contain_text("Quinn")
    expect(quinn.page.get_by_label("Change your bid")).to_have_value(
        "My team has stopped telling me bad news"
    )
    bid(priya, "Merging two depots without losing the night shift", "A", "A problem")
    bid(rosa, "Which forecasting tool does finance trust?", "C", "A puzzle")
    bids = fran.page.locator("li[data-bid]")
    expect(bids).to_have_count(3, timeout=FOLLOW_MS)
    expect(live(fran).locator("ul.bids")).to_contain_text("puzzle: resources round")
    for screen in members:
        expect(screen.page.locator("li[data-bid]")).to_have_count(3, timeout=FOLLOW_MS)
    expect(fran.page.get_by_label("Rosa presents")).to_have_count(0)
    screenshot(fran.page, "live-bids-facilitator")

    # The set chooses Priya instead; Fran records it, and the cases follow the new choice.
    up_to_date(fran, meeting)
    expect(fran.page.get_by_label("Quinn presents")).to_be_checked()
    fran.page.get_by_label("Quinn presents").uncheck()
    fran.page.get_by_label("Priya presents").check()
    press(fran, meeting, "Choose presenters")
    for screen in everyone:
        expect(screen.page.locator(".plan")).to_contain_text(
            "Open questions (Priya)", timeout=FOLLOW_MS
        )
        expect(screen.page.locator(".plan")).not_to_contain_text("(Quinn)")
    press(fran, meeting, "Next phase")
    expect_everyone_at(everyone, "Presentation: Priya")
    for screen in everyone:
        expect(screen.page.locator(".bidding")).to_have_count(0)
    for phase in ("Clarifying questions", "Open questions"):
        press(fran, meeting, "Next phase")
        expect_everyone_at(everyone, f"{phase}: Priya")
    expect(priya.page.get_by_label("Your question")).to_have_count(0)

    # Quinn's advice dressed as a question comes back to Quinn alone, kindly, with the cue.
    ask(quinn, ADVICE)
    returned = quinn.page.locator("li.returned")
    expect(returned).to_contain_text(f"Only you can see this: “{ADVICE}”")
    expect(returned).to_contain_text("‘Have you thought about…’ is often advice dressed as a")
    expect(returned.get_by_role("button", name="Post it as it is")).to_be_visible()
    expect(returned.get_by_label("Rephrase it")).to_have_value(ADVICE)
    screenshot(quinn.page, "live-advice-returned")

    # Rosa's open question reaches the shared space: Priya, Quinn and Fran see it labelled.
    ask(rosa, OPEN_QUESTION)
    for screen in everyone:
        accepted = screen.page.locator("ul.contributions li", has_text=OPEN_QUESTION)
        expect(accepted, screen.name).to_contain_text("open question", timeout=FOLLOW_MS)
    for screen in (fran, priya, rosa):
        expect(screen.page.get_by_text(ADVICE), screen.name).to_have_count(0)
    counts = fran.page.locator(".counts tbody tr", has_text="Quinn")
    expect(counts.locator("td").nth(2)).to_have_text("1")  # advice-shaped, never its text
    screenshot(priya.page, "live-open-questions-presenter")

    for phase in ("Presenter's summary", "Resources round", "Commitment"):
        press(fran, meeting, "Next phase")
        expect_everyone_at(everyone, f"{phase}: Priya")
        if phase != "Resources round":  # where the shared space itself shows them
            expect(priya.page.locator(".for-me")).to_contain_text(OPEN_QUESTION)

    # Priya records her experiment card; the whole set sees it.
    card = priya.page.locator("form", has_text="Your next experiment")
    card.get_by_label("What I will try").fill(EXPERIMENT)
    card.get_by_label("What I expect").fill("Fewer swaps requested at short notice")
    card.get_by_label("The signal I will watch").fill("Swap requests per week")
    card.get_by_label("By when").fill((timezone.localdate() + timedelta(days=21)).isoformat())
    card.get_by_role("button", name="Record this experiment").click()
    for screen in everyone:
        expect(screen.page.locator("li.experiment"), screen.name).to_contain_text(
            EXPERIMENT, timeout=FOLLOW_MS
        )
    for screen in (fran, quinn, rosa):
        expect(screen.page.get_by_label("What I will try")).to_have_count(0)

    press(fran, meeting, "Next phase")
    expect_everyone_at(everyone, "Process review")

    # Each member writes their own review sheet and answers the pulse.
    scores = {"Trust": 4, "Airtime balance": 3, "Question quality": 5, "Keeping the contract": 4}
    for screen, learned in zip(
        members, ("It is a people problem", "Ask first", "Listen more"), strict=True
    ):
        review(screen, learned, scores)
    expect(fran.page.get_by_text("3 members answered the pulse so far.")).to_be_visible(
        timeout=FOLLOW_MS
    )
    expect(fran.page.get_by_text("It is a people problem")).to_have_count(0)
    screenshot(fran.page, "live-review-facilitator")

    # Ending is confirmed on a step of its own, with who came as the session saw it.
    up_to_date(fran, meeting)
    live(fran).get_by_role("link", name="End the session…").click()
    expect(fran.page.get_by_role("heading", name="End the session?")).to_be_visible()
    expect_everyone_at(members, "Process review")  # nothing has ended yet
    for name in ("Fran", "Priya", "Quinn", "Rosa"):
        expect(fran.page.get_by_label(name, exact=True)).to_have_value("present")
    fran.page.get_by_label("Rosa", exact=True).select_option("apologies")  # left early, say
    expect(fran.page.get_by_label("Mark the meeting held")).to_be_checked()
    screenshot(fran.page, "live-end-confirm")
    fran.page.get_by_role("button", name="End the session").click()
    expect(fran.page.get_by_text("the meeting is marked held with who came")).to_be_visible()
    expect_everyone_at(everyone, "The session has ended")
    expect(fran.page.get_by_role("button", name="Next phase")).to_have_count(0)
    harvest = priya.page.locator(".harvest")
    expect(harvest).to_contain_text(OPEN_QUESTION, timeout=FOLLOW_MS)
    for screen in (fran, quinn, rosa):
        expect(screen.page.locator(".harvest")).to_have_count(0)
    for screen in everyone:
        expect(screen.page.get_by_text(ADVICE), screen.name).to_have_count(0)
    screenshot(priya.page, "live-ended-presenter")
    with SERVER_LOCK:
        assert LiveSession.objects.get(meeting_id=meeting).status == LiveSession.Status.ENDED
        held = Meeting.objects.get(pk=meeting)
        came = dict(held.attendance.values_list("person__name", "status"))
    assert held.status == "held"
    assert came == {"Fran": "present", "Priya": "present", "Quinn": "present", "Rosa": "apologies"}
    assert {screen.name: screen.errors for screen in everyone} == {
        screen.name: [] for screen in everyone
    }


def seconds_left(screen: Screen) -> int:
    """The remaining time the screen's clock shows ("21:37 left"), in seconds."""
    timer = screen.page.get_by_role("timer")
    expect(timer).to_have_text(re.compile(r"^\d+:\d\d left$"))
    minutes, seconds = re.fullmatch(r"(\d+):(\d\d) left", timer.inner_text()).groups()
    return int(minutes) * 60 + int(seconds)


def test_a_page_reloaded_mid_session_rejoins_at_the_same_phase_and_time(
    live_server, gamma, open_screen
):
    meeting = gamma.meeting_id
    fran_actor = Actor.from_user(gamma.facilitator)
    services.session_prepare(actor=fran_actor, meeting_id=meeting)
    for action, minutes in (("start", None), ("next", None), ("next", None), ("extend", 5)):
        version = LiveSession.objects.get(meeting_id=meeting).version
        services.session_control(actor=fran_actor, meeting_id=meeting, action=action,
                                 version=version, minutes=minutes)  # fmt: skip
    # As if the report-back had begun 200 seconds ago: 20 + 5 minutes less 3:20 is 21:40.
    LiveSession.objects.filter(meeting_id=meeting).update(
        step_started_at=F("step_started_at") - timedelta(seconds=200)
    )
    path = reverse("live-session", args=[meeting])
    fran = open_screen("Fran", gamma.facilitator, path)
    quinn = open_screen("Quinn", gamma.members["Quinn"], path)
    expect_everyone_at([fran, quinn], "Report-back")
    assert 21 * 60 + 35 <= seconds_left(quinn) <= 21 * 60 + 40

    quinn.page.reload()
    expect_everyone_at([quinn], "Report-back")
    assert abs(seconds_left(quinn) - seconds_left(fran)) <= 2
    assert 21 * 60 + 30 <= seconds_left(quinn) <= 21 * 60 + 40
    assert quinn.errors == [] and fran.errors == []
