"""Answering a survey wave on a phone (390 x 844, Chromium): a participant answers the first
screen, leaves half way, comes back to where they left, finishes and sees their own scores with
what each scale means. Nothing runs off the side, every answer is a tap target of at least
44 px, and the page logs no errors (a CSP violation would be one)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from palg.surveys.models import Response, Wave
from palg_evaluation import instrument
from tests.browser.test_live_phone import PHONE, fits

pytestmark = pytest.mark.browser


def tap_answers(page, option: int) -> int:
    """Tap the option at this position in every question on the screen; how many were tapped."""
    questions = page.locator("fieldset.question")
    for i in range(questions.count()):
        questions.nth(i).locator("label.option").nth(option).click()
    return questions.count()


def test_a_participant_answers_a_wave_on_a_phone_in_two_sittings(
    live_server, live_cast, browser, sign_in, console_errors
):
    today = timezone.localdate()
    wave = Wave.objects.create(
        programme=live_cast.programme,
        kind="baseline",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=5),
        instruments=["cbi", "psych_safety", "ucla3"],
    )
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, "member")

    page.goto(f"{live_server.url}/surveys/")
    fits(page, "survey-list-phone")
    # The three instruments: palg_evaluation.burden's estimate (tests/evaluation/test_burden.py).
    expect(page.locator(".survey-list")).to_contain_text("about 3 minutes")
    page.get_by_role("link", name="Answer now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(instrument("cbi").name)
    heights = page.locator("label.option").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert min(heights) >= 44, heights
    assert tap_answers(page, 2) == 13  # the middle answer
    fits(page, "survey-cbi-phone")
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("status").first).to_contain_text("You can finish until")

    # Away, then back: the survey carries on at the second screen.
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/surveys/")
    expect(page.get_by_text("You have answered 13 questions.")).to_be_visible()
    page.get_by_role("link", name="Carry on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(instrument("psych_safety").name)
    expect(page.get_by_text("your set, Alpha")).to_be_visible()
    assert tap_answers(page, 5) == 7  # agree
    fits(page, "survey-ps-phone")
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(instrument("ucla3").name)
    assert tap_answers(page, 0) == 3  # hardly ever
    page.get_by_role("button", name="Finish", exact=True).click()

    expect(page.get_by_role("heading", name="My scores")).to_be_visible()
    for ins in ("cbi", "psych_safety", "ucla3"):
        for scale in instrument(ins).scales:
            expect(page.get_by_text(scale.explanation)).to_be_visible()
    expect(page.locator(".scale .score").first).to_have_text("50.0")  # CBI personal: the middle
    fits(page, "survey-scores-phone")
    response = Response.objects.get(wave=wave)
    assert len(response.answers) == 23 and response.finished_at is not None
    assert errors == [] and console_errors == []
    context.close()
