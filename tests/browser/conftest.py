"""Browser tests: a real server (pytest-django's live_server) driven by Debian's Chromium.

Never run `playwright install`: no browser download is possible here; Chromium comes from the
system package at /usr/bin/chromium.
"""

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from palg.live.models import LiveSession
from palg.programmes import services as programmes
from tests.conftest import PASSWORD, build_cast, make_person, make_user

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside
# one unless told that this test process knows what it is doing.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path("/tmp/shots")

# The issue asks every page to follow within 2 seconds of a change; the pages poll every second.
# The extra margin absorbs a loaded CI machine, not a slower design.
FOLLOW_MS = 5_000


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def live_cast(transactional_db, live_server):
    """The shared cast, committed so that the live server's thread sees it."""
    return build_cast()


def facilitated_set(live_cast, name: str, first_number: int):
    """A set of the cast's programme in which Fran facilitates Priya, Quinn and Rosa (new people
    numbered E<first_number> on): the lead's actor, the group and the members' users by name."""
    lead = live_cast.actor("lead")
    group = programmes.group_create(actor=lead, programme_id=live_cast.programme.pk, name=name)
    programmes.membership_add(actor=lead, group_id=group.pk,
                              person_id=live_cast.people["facilitator"].pk,
                              role="facilitator")  # fmt: skip
    members = {}
    for number, member in enumerate(("Priya", "Quinn", "Rosa"), start=first_number):
        person = make_person(live_cast.org, f"E{number}", member)
        programmes.membership_add(actor=lead, group_id=group.pk, person_id=person.pk)
        members[member] = make_user(person)
    return lead, group, members


@pytest.fixture
def sign_in(live_server, live_cast):
    """`sign_in(page, "lead")` logs in through the login form, as a person would."""

    def sign_in_as(page, role: str):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Email").fill(live_cast.users[role].email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return sign_in_as


@pytest.fixture
def console_errors(page):
    """Errors the page logs, such as Content Security Policy violations."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    return errors


def screenshot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    # caret="initial": hiding the caret styles the focused input, and htmx copies that style
    # attribute onto the input's successor at its next swap, which the CSP reports as an error.
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True, caret="initial")


# Live sessions in several browsers -----------------------------------------------------------
#
# Browsers polling every second send the live server concurrent requests, and under pytest-django
# the server's threads share the test's one in-memory SQLite connection, which is not safe for
# concurrent transactions (test_live_session.py says more). So a test that opens screens lets
# the server handle one request at a time, and reads the database under the same lock.


@dataclass
class Screen:
    """One person's browser: its page and the errors it logged (CSP violations among them)."""

    name: str
    page: Page
    errors: list[str] = field(default_factory=list)


SERVER_LOCK = threading.Lock()


@pytest.fixture
def one_request_at_a_time(live_server):
    """The live server handles one request at a time for the length of the test."""
    server = live_server.thread.httpd
    app = server.get_app()

    def serially(environ, start_response):
        with SERVER_LOCK:
            return app(environ, start_response)

    server.set_app(serially)
    yield
    server.set_app(app)


@pytest.fixture
def open_screen(browser, live_server, one_request_at_a_time):
    """`open_screen(name, user, path)`: a fresh browser context, signed in, at the path."""
    contexts = []

    def open_as(name: str, user, path: str) -> Screen:
        context = browser.new_context()
        context.set_default_timeout(10_000)
        contexts.append(context)
        screen = Screen(name, context.new_page())
        screen.page.on(
            "console",
            lambda message: (
                screen.errors.append(f"{message.text} ({message.location})")
                if message.type == "error"
                else None
            ),
        )
        page = screen.page
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(live_server.url + path)
        return screen

    yield open_as
    for context in contexts:
        context.close()


def live(screen: Screen):
    return screen.page.locator("#live")


def expect_everyone_at(screens: list[Screen], phase: str) -> None:
    """Every screen shows the phase, by itself (its poll), within FOLLOW_MS."""
    for screen in screens:
        expect(screen.page.locator("#phase-heading"), screen.name).to_have_text(
            phase, timeout=FOLLOW_MS
        )


def up_to_date(screen: Screen, meeting_id: int) -> None:
    """Wait until the screen shows the session's current state, so that a press on it is not
    refused as stale (members' bids and questions move the state on too)."""
    with SERVER_LOCK:
        version = LiveSession.objects.get(meeting_id=meeting_id).version
    expect(live(screen)).to_have_attribute("data-version", str(version), timeout=FOLLOW_MS)


def press(screen: Screen, meeting_id: int, label: str) -> None:
    up_to_date(screen, meeting_id)
    live(screen).get_by_role("button", name=label, exact=True).click()
