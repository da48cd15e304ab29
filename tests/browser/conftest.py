"""Browser tests: a real server (pytest-django's live_server) driven by Debian's Chromium.

Never run `playwright install`: no browser download is possible here; Chromium comes from the
system package at /usr/bin/chromium.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, build_cast

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside
# one unless told that this test process knows what it is doing.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path("/tmp/shots")


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
