"""Between sessions in Chromium: a member who committed to an experiment at one meeting opens
"My experiments", writes a dated observation on the card, and at the next meeting the card comes
back in the report-back with that observation, on the facilitator's screen and on theirs; the
member reports back on their own page and the facilitator's screen follows. Nobody else in the
set gets a form to write on the card.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from palg.access import Actor
from palg.live import bidding, experiments, services
from palg.live.models import CardEntry, ExperimentCard, LiveSession
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
)

pytestmark = pytest.mark.browser

EXPERIMENT = "Hand the Monday stand-up to a different team lead each week"
OBSERVATION = "Dev ran the stand-up; it finished in twelve minutes and two blockers came up early"
DID = "Handed the stand-up to Dev, then to Sam"
HAPPENED = "Shorter meetings, and people raised problems before I asked"
LEARNED = "They wait for me to speak first when I run it"
NEXT = "Keep rotating, and stay silent for the first five minutes"
NOTICED_DAYS_AGO = 6


@dataclass
class Delta:
    first_meeting_id: int
    next_meeting_id: int
    card_id: int
    facilitator: object
    members: dict[str, object]


def _control(actor: Actor, meeting_id: int, action: str) -> LiveSession:
    """The facilitator presses a control, through the service, on the session as it stands."""
    version = LiveSession.objects.get(meeting_id=meeting_id).version
    services.session_control(actor=actor, meeting_id=meeting_id, action=action, version=version)
    return LiveSession.objects.get(meeting_id=meeting_id)


def _step_to(actor: Actor, meeting_id: int, phase: str) -> None:
    """Press "next" until the session is at the phase."""
    session = LiveSession.objects.get(meeting_id=meeting_id)
    while services.steps_of(session)[session.step].phase.key != phase:
        session = _control(actor, meeting_id, "next")


@pytest.fixture
def delta(live_cast) -> Delta:
    """Set Delta: Fran facilitates Priya, Quinn and Rosa. Four weeks ago Priya presented and
    committed to an experiment card; the set meets again in five minutes."""
    lead, group, members = facilitated_set(live_cast, "Delta", 40)
    four_weeks_ago = timezone.now() - timedelta(weeks=4)
    # Run on its own day (a session starts only then), and moved back below.
    first = programmes.meeting_schedule(
        actor=lead, group_id=group.pk, starts_at=timezone.now() - timedelta(minutes=30)
    )
    after = programmes.meeting_schedule(
        actor=lead, group_id=group.pk, starts_at=timezone.now() + timedelta(minutes=5)
    )

    # The first meeting, run through the services: Priya presents and commits to a card.
    fran = Actor.from_user(live_cast.users["facilitator"])
    priya = Actor.from_user(members["Priya"])
    services.session_prepare(actor=fran, meeting_id=first.pk)
    bidding.bid_place(actor=priya, meeting_id=first.pk, text="My team waits for me to decide")
    session = _control(fran, first.pk, "start")
    bidding.presenters_choose(actor=fran, meeting_id=first.pk, person_ids=[priya.person_id],
                              version=session.version)  # fmt: skip
    _step_to(fran, first.pk, "commitment")
    card = experiments.card_record(
        actor=priya, meeting_id=first.pk, action=EXPERIMENT,
        expectation="The team raises problems without waiting for me",
        signal="Blockers raised in the first ten minutes",
        due=timezone.localdate() + timedelta(days=14),
    )  # fmt: skip
    _control(fran, first.pk, "end")
    # As held, and the card made, four weeks ago (an observation may be dated from then on).
    Meeting.objects.filter(pk=first.pk).update(starts_at=four_weeks_ago)
    ExperimentCard.objects.filter(pk=card.pk).update(created_at=four_weeks_ago)
    return Delta(first.pk, after.pk, card.pk, live_cast.users["facilitator"], members)


def observe_between_meetings(priya: Screen, card_url: str) -> str:
    """Priya finds her card through "My experiments" and adds a dated observation; returns the
    date as the card's history shows it."""
    page = priya.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My experiments").click()
    expect(page.get_by_role("heading", name="My experiments", level=1)).to_be_visible()
    row = page.locator("table tbody tr", has_text=EXPERIMENT)
    expect(row).to_contain_text("Planned")
    expect(row).to_contain_text("None yet")
    row.get_by_role("link", name=EXPERIMENT).click()
    page.wait_for_url(card_url)
    expect(page.get_by_role("heading", name=EXPERIMENT)).to_be_visible()
    expect(page.get_by_text("Committed at the session of")).to_be_visible()

    noticed = timezone.localdate() - timedelta(days=NOTICED_DAYS_AGO)
    form = page.locator("form", has=page.get_by_role("button", name="Add to the card"))
    form.get_by_label("Noticed on").fill(noticed.isoformat())
    form.get_by_label("What I noticed").fill(OBSERVATION)
    form.get_by_role("button", name="Add to the card").click()
    page.wait_for_url(card_url)
    expect(page.locator("ul.messages")).to_contain_text("Observation added to the card.")
    shown = f"{noticed.day} {noticed:%b %Y}"
    entry = page.locator("ol.history li.entry-observation")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(shown)
    expect(entry).to_contain_text(OBSERVATION)
    screenshot(page, "between-observation-added")

    # "My experiments" shows it as the card's last observation.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My experiments").click()
    expect(page.locator("table tbody tr", has_text=EXPERIMENT)).to_contain_text(OBSERVATION)
    return shown


def expect_no_writing(screen: Screen, server_url: str, card_id: int) -> None:
    """Another member reads Priya's card but gets no form for it, and the server refuses a
    hand-made observation."""
    page = screen.page
    page.goto(server_url + reverse("card-detail", args=[card_id]))
    expect(page.get_by_role("heading", name=EXPERIMENT)).to_be_visible()
    expect(page.locator("ol.history")).to_contain_text(OBSERVATION)
    expect(page.locator("main form")).to_have_count(0)
    expect(page.get_by_label("What I noticed")).to_have_count(0)
    expect(page.get_by_role("button", name="Add to the card")).to_have_count(0)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        server_url + reverse("card-observe", args=[card_id]),
        form={"observed_on": timezone.localdate().isoformat(), "note": "Not mine to write"},
        headers={"X-CSRFToken": token},
    )
    assert response.status == 403, screen.name


def test_a_member_s_observation_between_meetings_comes_back_at_the_next_report_back(
    live_server, delta, open_screen
):
    card_url = live_server.url + reverse("card-detail", args=[delta.card_id])

    # Between meetings: Priya signs in and writes what she noticed on her card.
    priya = open_screen("Priya", delta.members["Priya"], "/")
    shown = observe_between_meetings(priya, card_url)

    # Quinn, in the same set, reads the card and its history but cannot write on it.
    quinn = open_screen("Quinn", delta.members["Quinn"], "/")
    expect_no_writing(quinn, live_server.url, delta.card_id)

    # The next meeting: Fran, Priya and Quinn open the live session in their own browsers.
    meeting = delta.next_meeting_id
    path = reverse("live-session", args=[meeting])
    fran = open_screen("Fran", delta.facilitator, path)
    priya.page.goto(live_server.url + path)
    quinn.page.goto(live_server.url + path)
    everyone = [fran, priya, quinn]
    expect_everyone_at(everyone, "Not started yet")
    fran.page.get_by_role("button", name="Save the plan").click()
    expect(fran.page.get_by_text("Session prepared:")).to_be_visible()
    press(fran, meeting, "Start the session")
    expect_everyone_at(everyone, "Check-in")
    for phase in ("Our contract", "Report-back"):
        press(fran, meeting, "Next phase")
        expect_everyone_at(everyone, phase)

    # Everyone sees Priya's card in the walk, with her observation in its history.
    for screen in everyone:
        card = live(screen).locator(f"li.experiment[data-card='{delta.card_id}']")
        expect(card, screen.name).to_contain_text(EXPERIMENT, timeout=FOLLOW_MS)
        observation = card.locator("ol.history li.entry-observation")
        expect(observation, screen.name).to_contain_text(OBSERVATION)
        expect(observation, screen.name).to_contain_text(shown)
    report_form = "Report back on “" + EXPERIMENT + "”"
    expect(priya.page.get_by_role("group", name=report_form)).to_be_visible()
    for screen in (fran, quinn):
        expect(screen.page.get_by_role("group", name=report_form), screen.name).to_have_count(0)
        expect(live(screen).get_by_label("What I learned"), screen.name).to_have_count(0)
    screenshot(fran.page, "between-report-back-facilitator")

    # Priya reports back on her page; Fran's screen follows with the new entry.
    form = priya.page.get_by_role("group", name=report_form)
    form.get_by_label("What I did").fill(DID)
    form.get_by_label("What happened").fill(HAPPENED)
    form.get_by_label("What I learned").fill(LEARNED)
    form.get_by_label("What next").fill(NEXT)
    form.get_by_label("Status").select_option("in-progress")
    priya.page.get_by_role("button", name="Add to the card").click()
    for screen in everyone:
        card = live(screen).locator(f"li.experiment[data-card='{delta.card_id}']")
        report = card.locator("ol.history li.entry-report")
        expect(report, screen.name).to_contain_text("a learning cycle", timeout=FOLLOW_MS)
        for text in (DID, HAPPENED, LEARNED, NEXT, "Planned → In progress"):
            expect(report, screen.name).to_contain_text(text)
        expect(card.locator(".badge.status-in-progress").first, screen.name).to_be_visible()
        # The observation stays in the history, before the report.
        expect(card.locator("ol.history li").first, screen.name).to_contain_text(OBSERVATION)
    expect(priya.page.get_by_label("What I did")).to_have_value("")
    screenshot(priya.page, "between-report-back-member")
    screenshot(fran.page, "between-reported-facilitator")

    with SERVER_LOCK:
        entries = list(
            CardEntry.objects.filter(card_id=delta.card_id).values_list("kind", "meeting_id")
        )
    assert entries == [("observation", None), ("report", meeting)]
    assert {screen.name: screen.errors for screen in everyone} == {
        screen.name: [] for screen in everyone
    }
