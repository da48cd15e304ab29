"""A live session survives a restart of the server: `palg serve` is killed mid-session (SIGKILL,
as a crash or a redeploy would) and started again, and every screen rejoins at the same phase,
version and end time; the poll tickets and sign-ins issued before still work, and the
facilitator carries on from where they were.

This runs the real thing: `palg serve` (gunicorn) as a child process over HTTP, on the database
the suite runs on (a throwaway SQLite file, or a throwaway PostgreSQL database on the
PostgreSQL pass), seeded with the shared cast by a child Python process."""

import html
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.processes import (
    HOST,
    SEED_CAST,
    free_port,
    kill_group,
    run_python,
    throwaway_database,
)

# The cast's sign-ins and meeting, for the test to use.
SEED = (
    SEED_CAST
    + """
import json
from tests.conftest import PASSWORD
from tests.live.cycle import today
today(cast.alpha_meeting)  # a session starts on its meeting's day
print(json.dumps({"meeting": cast.alpha_meeting.pk, "password": PASSWORD,
                  "facilitator": cast.users["facilitator"].email,
                  "member": cast.users["member"].email}))
"""
)


class Browser:
    """One person's browser: cookies and the CSRF token, a connection per request."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, headers=None):
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, data

    def sign_in(self, email: str, password: str) -> None:
        status, page = self.request("GET", "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _ = self.request(
            "POST",
            "/login/",
            {
                "csrfmiddlewaretoken": token,
                "login": email,
                "password": password,
            },  # fmt: skip
        )
        assert status == 302, f"sign-in of {email} answered {status}"


def screen(browser: Browser, meeting: int) -> dict:
    """What the live page shows: phase, version, the clock's end and the poll check URL."""
    status, page = browser.request("GET", f"/sessions/{meeting}/")
    assert status == 200
    return {
        "phase": re.search(r'data-phase="([^"]+)"', page).group(1),
        "version": int(re.search(r'data-version="(\d+)"', page).group(1)),
        "ends_at": int(re.search(r'data-ends-at="(\d+)"', page).group(1)),
        "check": html.unescape(re.search(r'hx-get="([^"]*/version/[^"]*)"', page).group(1)),
    }


@pytest.fixture
def served_env(tmp_path):
    """The environment of a throwaway database, on the backend this pass of the suite uses."""
    env = {**os.environ, "PALG_DATA_DIR": str(tmp_path), "PALG_WEB_WORKERS": "2"}
    with throwaway_database(env, tmp_path, "palg_restart") as env:
        yield env


def serve(env: dict, port: int, log) -> subprocess.Popen:
    palg = Path(sys.executable).with_name("palg")
    server = subprocess.Popen(
        [str(palg), "serve", "--host", HOST, "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert server.poll() is None, f"palg serve exited with {server.returncode}"
        try:
            if Browser(port).request("GET", "/login/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    raise AssertionError("palg serve did not answer within 90 s")


def kill(server: subprocess.Popen) -> None:
    """SIGKILL the whole process group: gunicorn's master and workers get no say."""
    kill_group(server, signal.SIGKILL)


def test_a_session_survives_a_restart_of_the_server(served_env, tmp_path):
    seeded = run_python(SEED, served_env)
    cast = json.loads(seeded.stdout.strip().splitlines()[-1])
    meeting, port = cast["meeting"], free_port()
    control = f"/sessions/{meeting}/control/"
    with open(tmp_path / "serve.log", "wb") as log:
        server = serve(served_env, port, log)
        try:
            facilitator, member = Browser(port), Browser(port)
            facilitator.sign_in(cast["facilitator"], cast["password"])
            member.sign_in(cast["member"], cast["password"])
            facilitator.request("POST", control, {"action": "start", "version": 0})
            started = screen(facilitator, meeting)
            facilitator.request("POST", control, {"action": "next", "version": started["version"]})
            before = screen(member, meeting)
            assert before["version"] == started["version"] + 1
            assert member.request("GET", before["check"])[0] == 204

            kill(server)
            with pytest.raises(OSError):
                member.request("GET", before["check"])
            server = serve(served_env, port, log)

            after = screen(member, meeting)
            assert (after["phase"], after["version"]) == (before["phase"], before["version"])
            assert after["ends_at"] == before["ends_at"]  # the clock runs on, not from the start
            assert member.request("GET", before["check"])[0] == 204  # the old ticket still works
            facilitator.request("POST", control, {"action": "next", "version": after["version"]})
            assert member.request("GET", before["check"])[0] == 200  # and sees the next press
            moved = screen(member, meeting)
            assert moved["version"] == after["version"] + 1 and moved["phase"] != after["phase"]
        finally:
            kill(server)
