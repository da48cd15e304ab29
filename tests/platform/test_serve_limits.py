"""`palg serve` sets gunicorn's limits on a request's head deliberately (palg.cli, README
"Production run"): a request line up to 8190 bytes reaches palg, a longer one gets gunicorn's
414, and so does a header field over 8190 bytes (431). Runs the real `palg serve` over HTTP on
a throwaway database of the backend this pass of the suite uses."""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from palg import cli
from tests.processes import HOST, free_port, kill_group, throwaway_database


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("serve_limits")
    env = {**os.environ, "PALG_DATA_DIR": str(tmp_path), "PALG_WEB_WORKERS": "1"}
    port = free_port()
    palg = Path(sys.executable).with_name("palg")
    with (
        throwaway_database(env, tmp_path, "palg_limits") as env,
        open(tmp_path / "log", "w") as log,
    ):
        process = subprocess.Popen(
            [str(palg), "serve", "--host", HOST, "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            wait_until_serving(process, port)
            yield port
        finally:
            kill_group(process)


def wait_until_serving(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, f"palg serve exited with {process.returncode}"
        try:
            get(port, "/login/")
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("palg serve did not answer within 90 s")


def get(port: int, path: str, headers: dict | None = None) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        return connection.getresponse().status
    finally:
        connection.close()


def path_of_line_length(length: int) -> str:
    """A path whose request line (`GET <path> HTTP/1.1`) is `length` bytes long."""
    padding = length - len("GET /login/?q= HTTP/1.1")
    return "/login/?q=" + "x" * padding


def test_the_limits_are_gunicorns_largest_request_line_and_its_header_defaults():
    assert (cli.REQUEST_LINE_MAX, cli.HEADER_FIELDS_MAX, cli.HEADER_FIELD_MAX) == (8190, 100, 8190)


def test_a_request_line_up_to_the_limit_reaches_palg_and_a_longer_one_gets_414(server):
    assert get(server, path_of_line_length(cli.REQUEST_LINE_MAX)) == 200
    assert get(server, path_of_line_length(cli.REQUEST_LINE_MAX + 1)) == 414


def test_a_header_field_over_the_limit_gets_431(server):
    assert get(server, "/login/", {"X-Long": "y" * 8000}) == 200
    assert get(server, "/login/", {"X-Long": "y" * (cli.HEADER_FIELD_MAX + 10)}) == 431
