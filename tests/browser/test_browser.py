import pytest
from django.urls import reverse

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_a_lead_logs_in_and_opens_a_programme_and_a_set(
    live_server, live_cast, page, sign_in, console_errors
):
    sign_in(page, "lead")
    assert page.get_by_role("heading", name="Programmes you lead").is_visible()
    screenshot(page, "home-lead")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="Leading through change").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Leading through change")
    assert page.get_by_role("link", name="Alpha").is_visible()
    assert page.get_by_role("link", name="Beta").is_visible()
    screenshot(page, "programme-lead")

    page.get_by_role("link", name="Alpha").click()
    assert page.get_by_role("heading", name="Set Alpha").is_visible()
    assert page.get_by_role("rowheader", name="Alice").is_visible()
    assert page.get_by_role("rowheader", name="Ann").is_visible()
    assert page.get_by_text("Alpha's confidential record").count() == 0
    screenshot(page, "set-lead")
    assert console_errors == []


def test_a_participant_of_another_set_gets_a_404_page_for_set_alpha(
    live_server, live_cast, browser, sign_in
):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, "other_member")
    response = page.goto(live_server.url + reverse("group-detail", args=[live_cast.alpha.pk]))
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert page.get_by_text("Alice").count() == 0
    screenshot(page, "404-other-member")
    context.close()


def test_the_programme_page_fits_a_phone_without_sideways_scrolling(
    live_server, live_cast, browser, sign_in
):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    sign_in(page, "lead")
    for name, args in (
        ("programme-detail", [live_cast.programme.pk]),
        ("group-detail", [live_cast.alpha.pk]),
        ("home", []),
    ):
        page.goto(live_server.url + reverse(name, args=args))
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} is {overflow}px wider than a 375px phone"
        screenshot(page, f"phone-{name}")
    context.close()


def test_the_design_form_warns_as_the_lead_types(
    live_server, live_cast, page, sign_in, console_errors
):
    sign_in(page, "lead")
    page.goto(live_server.url + reverse("programme-create"))
    page.get_by_label("Largest set size").fill("10")
    warning = page.locator("#design-warnings [data-code='size-high']")
    warning.wait_for()
    assert "your maximum is 10" in warning.inner_text()
    page.get_by_label("Number of meetings").fill("3")
    page.locator("#design-warnings [data-code='few-meetings']").wait_for()
    screenshot(page, "programme-form-warnings")
    assert console_errors == []


def test_a_member_saves_the_sets_record_in_place(
    live_server, live_cast, page, sign_in, console_errors
):
    sign_in(page, "member")
    url = live_server.url + reverse("meeting-detail", args=[live_cast.alpha_meeting.pk])
    page.goto(url)
    page.get_by_role("textbox", name="Record of this meeting").fill("We agreed two experiments.")
    page.get_by_role("button", name="Save record").click()
    page.get_by_role("status").filter(has_text="Saved.").wait_for()
    assert page.url == url
    live_cast.alpha_meeting.record.refresh_from_db()
    assert live_cast.alpha_meeting.record.text == "We agreed two experiments."
    screenshot(page, "meeting-member")
    assert console_errors == []


@pytest.mark.parametrize("role", ["member", "facilitator", "sponsor", "admin", "outsider"])
def test_each_roles_home_page_loads_cleanly(
    live_server, live_cast, page, sign_in, console_errors, role
):
    sign_in(page, role)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    screenshot(page, f"home-{role}")
    assert console_errors == []
