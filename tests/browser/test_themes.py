"""Three sets release a theme through the pages, each member present consenting in their own
browser; the sponsor's theme map shows nothing after the first and second sets, and shows the
theme, with rounded counts and no set named, only once the third set has released it.

The sets write near-identical statements, so that any engine behind palg.themes.engine pools
them (the "ours is the same" link is offered only for themes already over the rule, so it
cannot tie the second and third sets to the first). The recomputation the worker would run
after each release is run here, between the sets."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from palg.programmes.models import Attendance, Group, Meeting, Membership
from palg.themes.services import themes_recluster
from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD, make_person, make_user

pytestmark = pytest.mark.browser

TEXTS = (
    "Decisions about cross-site work get reopened at every level",
    "Decisions about cross-site work get reopened at every level.",
    "Decisions on cross-site work get reopened at every level",
)
EMPTY = "No themes have reached the map yet."


def a_set_at_its_review(cast, number: int):
    """A set of four in the cast's programme, all present at its last meeting: (meeting, users)."""
    group = Group.objects.create(round=cast.round, name=f"Heron {number}")
    joined = timezone.now() - timedelta(days=30)
    meeting = Meeting.objects.create(
        group=group, starts_at=timezone.now() - timedelta(days=1), status=Meeting.Status.HELD
    )
    users = []
    for n in range(4):
        person = make_person(cast.org, f"H{number}{n}", f"Heron{number}{n}")
        Membership.objects.create(group=group, person=person, role="member", joined_at=joined)
        Attendance.objects.create(meeting=meeting, person=person, status="present")
        users.append(make_user(person))
    return meeting, users


def signed_in(browser, live_server, user):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def release_at_review(browser, live_server, meeting, users, text) -> None:
    """The first member drafts at the process review and consents; the others consent."""
    url = live_server.url + reverse("meeting-themes", args=[meeting.pk])
    for n, user in enumerate(users):
        context, page = signed_in(browser, live_server, user)
        page.goto(url)
        if n == 0:
            page.get_by_label("A theme for the organisation").fill(text)
            page.get_by_role("button", name="Draft theme").click()
            assert page.get_by_text("Theme drafted.").is_visible()
        page.get_by_role("button", name="I consent to release it").click()
        if n == len(users) - 1:
            assert page.get_by_text("the theme is released").is_visible()
        else:
            assert page.get_by_text("You consented.").is_visible()
        context.close()


def test_the_sponsor_sees_a_theme_only_after_the_third_set_releases_it(
    live_server, live_cast, browser
):
    sets = [a_set_at_its_review(live_cast, number) for number in (1, 2, 3)]
    sponsor, sponsor_page = signed_in(browser, live_server, live_cast.users["sponsor"])
    errors = []
    sponsor_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    theme_map = live_server.url + reverse("programme-theme-map", args=[live_cast.programme.pk])
    for number, ((meeting, users), text) in enumerate(zip(sets, TEXTS, strict=True), start=1):
        release_at_review(browser, live_server, meeting, users, text)
        themes_recluster(organisation_id=live_cast.org.pk)  # what the worker runs next
        sponsor_page.goto(theme_map)
        if number < 3:
            assert sponsor_page.get_by_text(EMPTY).is_visible()
            assert sponsor_page.get_by_text(text, exact=True).count() == 0
    assert sponsor_page.get_by_text(EMPTY).count() == 0
    assert sponsor_page.get_by_text("About 5 sets and 10 people").is_visible()
    assert sponsor_page.get_by_text(TEXTS[0]).first.is_visible()
    body = sponsor_page.locator("main").inner_text()
    assert "Heron" not in body
    screenshot(sponsor_page, "theme-map-released")
    sponsor.close()
    assert errors == []
