"""A programme lead forms a round's sets in Chromium: defaults, a refused move with its reason,
a lock kept through forming again, and publishing."""

import pytest
from django.urls import reverse

from palg.programmes.models import GroupingDraft, Membership
from tests.browser.conftest import screenshot
from tests.programmes.forming_helpers import add_cohort, programme_sizes

pytestmark = pytest.mark.browser


def placements() -> dict[int, dict]:
    return {row["person"]: row for row in GroupingDraft.objects.get().placements}


def test_a_lead_forms_adjusts_locks_and_publishes_a_round(
    live_server, live_cast, page, sign_in, console_errors
):
    people = add_cohort(live_cast)
    programme_sizes(live_cast)
    sign_in(page, "lead")
    page.goto(live_server.url + reverse("programme-detail", args=[live_cast.programme.pk]))
    page.get_by_role("button", name="Form a new round of sets").click()
    page.get_by_role("heading", name="Form the sets of round 2").wait_for()
    assert page.get_by_label("Smallest set").input_value() == "4"
    page.get_by_role("button", name="Form the sets").click()
    page.get_by_text("Sets formed: 5 sets for 24 people, every rule kept.").wait_for()
    assert page.get_by_role("heading", name="Proposed sets").is_visible()
    assert page.locator("article.set").count() == 5
    screenshot(page, "forming-proposed")

    # A report moved into their manager's set is refused, with the reason, in place.
    report = people[1]  # managed by people[0]
    manager_set = placements()[people[0].pk]["group"] + 1
    url = page.url
    page.locator(f"#move-{report.pk}").select_option(f"set:{manager_set}")
    page.locator(f"li[data-person='{report.pk}']").get_by_role("button", name="Move").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "line manager" in alert.inner_text() and report.name in alert.inner_text()
    assert page.url == url
    assert placements()[report.pk]["group"] + 1 != manager_set
    screenshot(page, "forming-refused")

    # Lock someone, form again: they stay where they were.
    locked = people[5]
    before = placements()[locked.pk]["group"]
    page.get_by_role("button", name=f"Lock {locked.name} in Set {before + 1}").click()
    page.get_by_role("button", name=f"Unlock {locked.name}").wait_for()
    page.get_by_role("button", name="Form again around the locks").click()
    page.get_by_text("Sets formed").wait_for()
    assert placements()[locked.pk] == {"person": locked.pk, "group": before, "locked": True}
    badge = page.locator(f"li[data-person='{locked.pk}']").get_by_text("Locked")
    assert badge.is_visible()

    page.get_by_role("button", name="Publish these sets").click()
    page.get_by_text("Round 2 is published: 5 sets.").wait_for()
    assert Membership.objects.filter(group__round__number=2).count() == 24
    assert page.get_by_role("link", name="Set 1").is_visible()
    screenshot(page, "forming-published")
    assert console_errors == []


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_the_result_of_a_move_or_lock_shows_next_to_the_person_in_view(
    live_server, live_cast, page, sign_in, console_errors
):
    add_cohort(live_cast)
    programme_sizes(live_cast)
    page.set_viewport_size({"width": 1280, "height": 700})
    sign_in(page, "lead")
    page.goto(live_server.url + reverse("programme-detail", args=[live_cast.programme.pk]))
    page.get_by_role("button", name="Form a new round of sets").click()
    page.get_by_role("button", name="Form the sets").click()
    page.get_by_text("Sets formed").wait_for()

    # Move someone from the first set to the last, far below: the page brings them into view
    # in their new set, with the result beside them.
    first = page.locator("article.set").first.locator("li[data-person]").first
    person = int(first.get_attribute("data-person"))
    first.scroll_into_view_if_needed()
    page.locator(f"#move-{person}").select_option("set:5")
    first.get_by_role("button", name="Move").click()
    row = page.locator(f"li[data-person='{person}']")
    result = row.locator(".forming-result")
    result.wait_for()
    assert in_view(page, row) and in_view(page, result)
    moved = placements()[person]["group"] == 4
    assert ("moved to Set 5" in result.inner_text()) if moved else result.get_attribute("role")
    screenshot(page, "forming-moved-in-view")

    # Lock someone in the last set: the page stays where it is, the result is in their row.
    last = page.locator("article.set").last.locator("li[data-person]").last
    last.scroll_into_view_if_needed()
    y = page.evaluate("window.scrollY")
    other = int(last.get_attribute("data-person"))
    last.get_by_role("button", name="Lock").click()
    locked = page.locator(f"li[data-person='{other}'] .forming-result")
    locked.wait_for()
    assert "is locked in" in locked.inner_text()
    assert in_view(page, locked)
    assert abs(page.evaluate("window.scrollY") - y) < 200
    assert page.locator("#draft-board").get_by_role("status").count() == 1
    assert console_errors == []
