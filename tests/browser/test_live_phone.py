"""The live session on a phone: at 390 px wide nothing on the facilitator's page runs off the
side, and the hand-over select keeps a usable width; the end step fits too."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from palg.access import Actor
from palg.live import bidding, contributions, services
from palg.live.models import LiveSession
from palg.programmes import services as programmes
from tests.browser.conftest import SERVER_LOCK, facilitated_set, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def overflow(page) -> dict:
    """How far the document runs past the viewport, and the widest offenders."""
    return page.evaluate(
        """() => {
        const doc = document.documentElement;
        const wide = [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > doc.clientWidth + 1)
          .map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8);
        return {scroll: doc.scrollWidth, client: doc.clientWidth, wide};
    }"""
    )


def fits(page, name: str) -> None:
    found = overflow(page)
    screenshot(page, name)
    assert found["scroll"] <= found["client"], found


def control(fran: Actor, meeting_id: int, action: str) -> None:
    version = LiveSession.objects.get(meeting_id=meeting_id).version
    services.session_control(actor=fran, meeting_id=meeting_id, action=action, version=version)


def step_to(fran: Actor, meeting_id: int, phase: str) -> None:
    with SERVER_LOCK:
        session = LiveSession.objects.get(meeting_id=meeting_id)
        while services.steps_of(session)[session.step].phase.key != phase:
            control(fran, meeting_id, "next")
            session = LiveSession.objects.get(meeting_id=meeting_id)


def test_the_facilitator_s_live_page_fits_a_phone(live_server, live_cast, open_screen, browser):
    lead, group, members = facilitated_set(live_cast, "Epsilon", 60)
    meeting = programmes.meeting_schedule(
        actor=lead, group_id=group.pk, starts_at=timezone.now() + timedelta(minutes=5)
    )
    fran = Actor.from_user(live_cast.users["facilitator"])
    priya, quinn = (Actor.from_user(members[name]) for name in ("Priya", "Quinn"))
    path = reverse("live-session", args=[meeting.pk])
    screen = open_screen("Fran", live_cast.users["facilitator"], path)
    page = screen.page
    page.set_viewport_size(PHONE)
    expect(page.get_by_role("heading", name="Prepare the session")).to_be_visible()
    fits(page, "phone-prepare")

    with SERVER_LOCK:
        long_bid = "Merging two depots without losing the night shift or the drivers' goodwill"
        bidding.bid_place(actor=priya, meeting_id=meeting.pk, text=long_bid, urgency="A")
        bidding.bid_place(actor=quinn, meeting_id=meeting.pk, text="Bad news", urgency="B")
        control(fran, meeting.pk, "start")
    step_to(fran, meeting.pk, "bidding")
    page.reload()
    expect(page.locator("#phase-heading")).to_have_text("Bidding for airtime")
    fits(page, "phone-bidding")
    hand = page.get_by_label("Hand facilitation to")
    assert hand.bounding_box()["width"] >= 150
    with SERVER_LOCK:
        version = LiveSession.objects.get(meeting_id=meeting.pk).version
        bidding.presenters_choose(
            actor=fran, meeting_id=meeting.pk, person_ids=[priya.person_id], version=version
        )
    step_to(fran, meeting.pk, "open-questions")
    with SERVER_LOCK:
        contributions.contribution_submit(actor=quinn, meeting_id=meeting.pk,
                                          text="What would success look like?")  # fmt: skip
    page.reload()
    expect(page.locator(".counts")).to_be_visible()
    fits(page, "phone-questions")
    step_to(fran, meeting.pk, "process-review")
    page.reload()
    fits(page, "phone-review-facilitator")
    # A member's review sheet on the same phone: the three things learned each have room.
    quinn_screen = open_screen("Quinn", members["Quinn"], path)
    quinn_page = quinn_screen.page
    quinn_page.set_viewport_size(PHONE)
    boxes = [
        quinn_page.get_by_label(f"The {nth} thing I learned about my problem").bounding_box()
        for nth in ("first", "second", "third")
    ]
    for upper, lower in zip(boxes, boxes[1:], strict=False):
        assert lower["y"] - (upper["y"] + upper["height"]) >= 8  # a gap, not a stack of boxes
    assert all(box["width"] >= 250 for box in boxes), boxes
    fits(quinn_page, "phone-review-member")
    page.get_by_role("link", name="End the session…").click()
    expect(page.get_by_role("heading", name="End the session?")).to_be_visible()
    fits(page, "phone-end")
