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
