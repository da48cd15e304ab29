"""Load on live sessions: every person of many sets polls their live session's page the way the
page does (htmx, once a second) against `palg serve` on PostgreSQL, while each set's facilitator
moves their session on a few times; not one response may fail.

Run with `.venv/bin/python bench/live_load.py [--sets 50] [--members 6] [--seconds 120]
[--presses 5] [--workers 2] [--conn-max-age S] [--markdown]`.

It needs PostgreSQL at DB_HOST:DB_PORT (default 127.0.0.1:5432) as DB_USER (default postgres)
allowed to create databases. It creates the throwaway database `palg_bench_live` (`--database`),
fills it through palg's own services (one organisation and programme; per set its members and
facilitator, one meeting, a started live session with bids and two presenters), starts
`palg serve` on a free port of 127.0.0.1 as a child process (`PALG_WEB_WORKERS` = `--workers`,
`DB_CONN_MAX_AGE` = `--conn-max-age`; every other setting is palg's default), signs everyone in
over HTTP and opens everyone's live page (`GET /sessions/<id>/`, which carries the poll ticket),
then runs one thread per person doing what the page does once a second, the version check
`GET /sessions/<id>/version/?t=TICKET&v=N`, and fetching the panel `GET /sessions/<id>/state/`
when it answers that the session changed; and one thread per facilitator pressing controls
(`POST /sessions/<id>/control/` with the CSRF token), as htmx sends them. It stops the server
and drops the database at the end, also on error.

The table gives latencies per kind of request, and how long after a facilitator's press each
member's page showed the new state ("page follows a press": the issue asks for 2 seconds).
Exits with 1 if any response was not 2xx/3xx, any connection failed, or a press was refused.
"""

import argparse
import http.client
import os
import platform
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"  # the only address this benchmark talks to
PASSWORD = "bench-live-load-password"
PRESS_ACTIONS = ("next", "pause", "resume", "next", "extend", "next", "previous", "next")
REQUEST_TIMEOUT = 30.0  # seconds; gunicorn's own worker timeout is 30 s as well
MAX_SETS = 200
MAX_SECONDS = 900
VERSION = re.compile(r'data-version="(\d+)"')
TICKET = re.compile(r'/version/\?t=([^&"]+)')
REFUSED = 'class="callout error"'


# Recording -----------------------------------------------------------------------------------


@dataclass
class Recorder:
    """Latencies (seconds) per kind of request, status counts and failures, from all threads."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    failure_count: int = 0
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, status: int | None = None) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if status is not None:
                self.statuses[(kind, status)] += 1

    def fail(self, what: str) -> None:
        with self.lock:
            self.failure_count += 1
            if len(self.failures) < 20:
                self.failures.append(what)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


# HTTP ----------------------------------------------------------------------------------------


class Browser:
    """One person's browser: its cookies, and a new connection per request (gunicorn's sync
    workers close every connection after the response)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, headers=None):
        """(status, body, seconds); connection errors propagate."""
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, data.decode("utf-8", "replace"), seconds

    def post(self, path: str, form: dict, headers=None):
        token = {"X-CSRFToken": self.cookies.get("csrftoken", "")}
        return self.request("POST", path, form, {**token, **(headers or {})})


def sign_in(browser: Browser, email: str, recorder: Recorder) -> bool:
    """The login form as a person fills it in: GET for the CSRF cookie, then POST."""
    try:
        status, _, _ = browser.request("GET", "/login/")
        if status != 200 or "csrftoken" not in browser.cookies:
            recorder.fail(f"sign-in page for {email}: HTTP {status}")
            return False
        form = {"login": email, "password": PASSWORD}
        form["csrfmiddlewaretoken"] = browser.cookies["csrftoken"]
        status, _, seconds = browser.post("/login/", form)
    except OSError as error:
        recorder.fail(f"sign-in of {email}: {error!r}")
        return False
    recorder.add("sign-in", seconds, status)
    if status != 302 or "sessionid" not in browser.cookies:
        recorder.fail(f"sign-in of {email}: HTTP {status}")
        return False
    return True


# The people ----------------------------------------------------------------------------------


@dataclass
class Page:
    """One person's open live session page: the state version it shows."""

    browser: Browser
    meeting_id: int
    version: int
    drives: bool = False
    ticket: str = ""  # the poll ticket of the panel on screen (palg.access.poll_ticket_issue)

    def take(self, body: str) -> int | None:
        """Take a panel's version (never an older one) and its ticket; the version if new."""
        found, ticket = VERSION.search(body), TICKET.search(body)
        if ticket:
            self.ticket = ticket.group(1)
        if found and self.show(int(found.group(1))):
            return self.version
        return None

    def show(self, version: int) -> bool:
        """Take a newer version (never an older one); True if it was new."""
        if version > self.version:
            self.version = version
            return True
        return False


@dataclass
class SetRun:
    """One set's session during the run: when each version was pressed (perf_counter)."""

    meeting_id: int
    pressed_at: dict[int, float] = field(default_factory=dict)


def poller(page: Page, run: SetRun, first: float, deadline: float, interval: float, recorder):
    """The page's once-a-second version check (`GET version/?t=TICKET&v=N`): 204 leaves the
    page; 200 (HX-Trigger live-stale) makes it fetch the panel from `GET state/`, which brings
    the new version and ticket."""
    check = f"/sessions/{page.meeting_id}/version/"
    panel = f"/sessions/{page.meeting_id}/state/"
    headers = {"HX-Request": "true", "HX-Current-URL": "/"}
    due = first
    while due < deadline:
        time.sleep(max(0.0, due - time.perf_counter()))
        try:
            status, _, seconds = page.browser.request(
                "GET", f"{check}?t={page.ticket}&v={page.version}", headers=headers
            )
            recorder.add("poll", seconds, status)
            if not 200 <= status < 400:
                recorder.fail(f"poll {check}: HTTP {status}")
            elif status == 200:
                status, body, seconds = page.browser.request(
                    "GET", panel, headers={**headers, "HX-Target": "live"}
                )
                recorder.add("panel", seconds, status)
                if not 200 <= status < 400:
                    recorder.fail(f"panel {panel}: HTTP {status}")
                else:
                    version = page.take(body)
                    if version is not None and not page.drives and version in run.pressed_at:
                        recorder.add("follow", time.perf_counter() - run.pressed_at[version])
        except OSError as error:
            recorder.fail(f"poll {check}: {error!r}")
        due = max(due + interval, time.perf_counter())


def presser(page: Page, run: SetRun, times: list[float], recorder: Recorder):
    """The facilitator presses controls on the version their page shows, as htmx posts them;
    the panel that comes back replaces theirs."""
    path = f"/sessions/{page.meeting_id}/control/"
    for number, at in enumerate(times):
        time.sleep(max(0.0, at - time.perf_counter()))
        action = PRESS_ACTIONS[number % len(PRESS_ACTIONS)]
        form = {"action": action, "version": page.version}
        if action == "extend":
            form["minutes"] = 5
        run.pressed_at[page.version + 1] = time.perf_counter()
        try:
            status, body, seconds = page.browser.post(path, form, {"HX-Request": "true"})
        except OSError as error:
            recorder.fail(f"press {action} on {path}: {error!r}")
            continue
        recorder.add("press", seconds, status)
        if not 200 <= status < 400:
            recorder.fail(f"press {action} on {path}: HTTP {status}")
            continue
        if REFUSED in body:
            with recorder.lock:
                recorder.refused += 1
            recorder.fail(f"press {action} on {path} refused: {_problem(body)}")
        page.take(body)


def _problem(body: str) -> str:
    found = re.search(r"<li>(.*?)</li>", body)
    return found.group(1) if found else "(no message)"


def press_times(start: float, seconds: float, presses: int, rng: random.Random) -> list[float]:
    """Presses spread over the run, each somewhere in its own slice of it."""
    width = seconds / presses
    return [start + width * (k + rng.uniform(0.2, 0.8)) for k in range(presses)]


# The database and the server -----------------------------------------------------------------


def database_settings(name: str) -> dict[str, str]:
    return {
        "DB": "postgres",
        "DB_NAME": name,
        "DB_HOST": os.environ.get("DB_HOST", HOST),
        "DB_PORT": os.environ.get("DB_PORT", "5432"),
        "DB_USER": os.environ.get("DB_USER", "postgres"),
    }


def admin_connection(env: dict[str, str]):
    import psycopg

    return psycopg.connect(
        host=env["DB_HOST"],
        port=env["DB_PORT"],
        user=env["DB_USER"],
        password=os.environ.get("DB_PASSWORD", ""),
        dbname="postgres",
        autocommit=True,
    )


def database_create(env: dict[str, str]) -> str:
    with admin_connection(env) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{env["DB_NAME"]}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{env["DB_NAME"]}"')
        return connection.execute("SHOW server_version").fetchone()[0]


def database_drop(env: dict[str, str]) -> None:
    with admin_connection(env) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{env["DB_NAME"]}" WITH (FORCE)')


def setup_django(env: dict[str, str], data_dir: str) -> None:
    os.environ.update(env)
    os.environ["PALG_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "palg.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--no-input", "--verbosity", "0")


def seed(sets: int, members: int) -> list[tuple[int, list[str]]]:
    """One organisation and programme; per set its members and a facilitator, each with an
    account, one meeting and its live session, started, with bids and two presenters chosen,
    all through palg's services. Returns (meeting id, [facilitator's email, members' emails])."""
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from palg.access import Actor
    from palg.accounts.models import User
    from palg.live import bidding, services
    from palg.live.models import LiveSession
    from palg.people.models import Organisation, Person
    from palg.programmes.models import Group, Meeting, Membership, Programme, ProgrammeRole, Round

    org = Organisation.objects.create(name="Bench", slug="bench")
    programme = Programme.objects.create(organisation=org, name="Live load", status="active")
    round_ = Round.objects.create(programme=programme, number=1)
    password = make_password(PASSWORD)  # hashed once (Argon2): one hash serves every account
    people = Person.objects.bulk_create(
        Person(
            organisation=org,
            external_id=f"B{i:05d}",
            name=f"Person {i:05d}",
            email=f"person.{i:05d}@bench.example",
        )
        for i in range(sets * (members + 1))
    )
    User.objects.bulk_create(
        User(email=p.email, password=password, organisation=org, person=p, display_name=p.name)
        for p in people
    )
    users = {u.person_id: u for u in User.objects.filter(organisation=org)}
    start = timezone.now()
    found = []
    for number in range(sets):
        crew = people[number * (members + 1) : (number + 1) * (members + 1)]
        group = Group.objects.create(round=round_, name=f"Set {number + 1:03d}")
        for index, person in enumerate(crew):
            role = "facilitator" if index == 0 else "member"
            Membership.objects.create(group=group, person=person, role=role)
            ProgrammeRole.objects.get_or_create(
                programme=programme,
                person=person,
                role="facilitator" if index == 0 else "participant",
            )
        meeting = Meeting.objects.create(group=group, starts_at=start + timedelta(minutes=5))
        actors = [Actor.from_user(users[p.pk]) for p in crew]
        services.session_control(actor=actors[0], meeting_id=meeting.pk, action="start", version=0)
        for actor in actors[1:]:
            bidding.bid_place(actor=actor, meeting_id=meeting.pk, text="A problem I own")
        session = LiveSession.objects.get(meeting=meeting)
        chosen = [crew[1].pk, crew[2].pk]
        bidding.presenters_choose(
            actor=actors[0], meeting_id=meeting.pk, person_ids=chosen, version=session.version
        )
        found.append((meeting.pk, [p.email for p in crew]))
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_start(env: dict[str, str], data_dir: str, port: int, workers: int, log):
    palg = Path(sys.executable).with_name("palg")
    child_env = {**os.environ, **env, "PALG_DATA_DIR": data_dir, "PALG_WEB_WORKERS": str(workers)}
    command = [str(palg), "serve", "--host", HOST, "--port", str(port)]
    return subprocess.Popen(
        command, env=child_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def server_wait(server, port: int, limit: float = 90.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"palg serve exited with {server.returncode}")
        try:
            status, _, _ = Browser(port).request("GET", "/login/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"palg serve did not answer within {limit:.0f} s")


def server_stop(server) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # gunicorn stops its workers gracefully
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


# The run -------------------------------------------------------------------------------------


def sign_everyone_in(port, crews, recorder: Recorder, parallel: int = 8) -> dict[str, Browser]:
    from concurrent.futures import ThreadPoolExecutor

    emails = [email for _, crew in crews for email in crew]
    browsers = {email: Browser(port) for email in emails}
    with ThreadPoolExecutor(parallel) as pool:
        done = list(pool.map(lambda e: sign_in(browsers[e], e, recorder), emails))
    if not all(done):
        first = "; ".join(recorder.failures[:3])
        raise RuntimeError(f"{done.count(False)} of {len(emails)} sign-ins failed: {first}")
    return browsers


def open_page(page: Page, recorder: Recorder) -> bool:
    """GET the live session page, as a browser does first: its panel carries the poll ticket."""
    path = f"/sessions/{page.meeting_id}/"
    status, body, seconds = page.browser.request("GET", path)
    recorder.add("open", seconds, status)
    page.take(body)
    if status != 200 or not page.ticket:
        recorder.fail(f"open {path}: HTTP {status}" + ("" if page.ticket else ", no poll ticket"))
        return False
    return True


def open_every_page(crews, browsers, versions, recorder, parallel: int = 8) -> list[list[Page]]:
    from concurrent.futures import ThreadPoolExecutor

    sets = []
    for meeting_id, crew in crews:
        pages = [Page(browsers[e], meeting_id, versions[meeting_id]) for e in crew]
        pages[0].drives = True
        sets.append(pages)
    every = [page for pages in sets for page in pages]
    with ThreadPoolExecutor(parallel) as pool:
        done = list(pool.map(lambda page: open_page(page, recorder), every))
    if not all(done):
        first = "; ".join(recorder.failures[:3])
        raise RuntimeError(f"{done.count(False)} of {len(every)} pages failed to open: {first}")
    return sets


def load(crews, browsers, versions, args, recorder: Recorder) -> tuple[float, list[float]]:
    """Open every page, then run the pollers and pressers; returns (seconds taken, 1-minute
    load averages seen)."""
    threading.stack_size(512 * 1024)
    rng = random.Random(args.seed)
    sets = open_every_page(crews, browsers, versions, recorder)
    start = time.perf_counter() + 2.0  # every thread is waiting before the first poll
    deadline = start + args.seconds
    threads = []
    for pages in sets:
        meeting_id = pages[0].meeting_id
        run = SetRun(meeting_id)
        for page in pages:
            threads.append(
                threading.Thread(
                    target=poller,
                    args=(
                        page,
                        run,
                        start + rng.uniform(0, args.interval),
                        deadline,
                        args.interval,
                        recorder,
                    ),
                    daemon=True,
                )
            )
        times = press_times(start, args.seconds, args.presses, rng)
        threads.append(
            threading.Thread(target=presser, args=(pages[0], run, times, recorder), daemon=True)
        )
    for thread in threads:
        thread.start()
    loads = []
    while time.perf_counter() < deadline:
        time.sleep(min(5.0, max(0.0, deadline - time.perf_counter())))
        loads.append(os.getloadavg()[0])
    for thread in threads:
        thread.join(timeout=REQUEST_TIMEOUT + 5)
    stuck = sum(thread.is_alive() for thread in threads)
    if stuck:
        recorder.fail(f"{stuck} client threads still waiting after the end")
    return time.perf_counter() - start, loads


# The report ----------------------------------------------------------------------------------

ROWS = [
    ("poll", "version check `GET version/?t=..&v=N`", 1000.0, "ms"),
    ("panel", "panel after a change `GET state/`", 1000.0, "ms"),
    ("open", "open the page `GET /sessions/<id>/`", 1000.0, "ms"),
    ("press", "press `POST control/`", 1000.0, "ms"),
    ("sign-in", "sign-in `POST login/`", 1000.0, "ms"),
    ("follow", "page follows a press", 1.0, "s"),
]


def report(recorder: Recorder, seconds: float, markdown: bool) -> None:
    header = ["what", "count", "per s", "p50", "p95", "p99", "max", "unit"]
    lines = [header]
    for kind, label, scale, unit in ROWS:
        values = recorder.latencies.get(kind, [])
        if not values:
            continue
        per_second = f"{len(values) / seconds:.1f}" if kind in ("poll", "panel", "press") else ""
        cells = [percentile(values, q) * scale for q in (0.5, 0.95, 0.99)] + [max(values) * scale]
        digits = 0 if unit == "ms" else 2
        lines.append(
            [label, f"{len(values):,}", per_second, *(f"{c:.{digits}f}" for c in cells), unit]
        )
    if markdown:
        print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
        for line in lines[1:]:
            print("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        for line in lines:
            cells = [line[0].ljust(widths[0])]
            cells += [cell.rjust(width) for cell, width in zip(line[1:], widths[1:], strict=True)]
            print("  ".join(cells))
    statuses = ", ".join(
        f"{kind} {status}: {count:,}" for (kind, status), count in sorted(recorder.statuses.items())
    )
    print(f"\nResponses: {statuses}.")
    print(f"Failures (non-2xx/3xx, connection errors, refused presses): {recorder.failure_count}")
    for failure in recorder.failures:
        print(f"  {failure}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=50, help="live sessions at once")
    parser.add_argument("--members", type=int, default=6, help="members per set (+1 facilitator)")
    parser.add_argument("--seconds", type=float, default=120.0, help="length of the run")
    parser.add_argument("--interval", type=float, default=1.0, help="poll interval (htmx: 1 s)")
    parser.add_argument("--presses", type=int, default=5, help="controls per facilitator")
    parser.add_argument("--workers", type=int, default=2, help="PALG_WEB_WORKERS for palg serve")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        help="DB_CONN_MAX_AGE for palg serve (default: palg's, 0 = a connection per request)",
    )
    parser.add_argument("--database", default="palg_bench_live", help="throwaway database")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    args = parser.parse_args()
    if not (1 <= args.sets <= MAX_SETS and 0 < args.seconds <= MAX_SECONDS):
        parser.error(f"--sets must be 1-{MAX_SETS} and --seconds 1-{MAX_SECONDS}")
    if not (1 <= args.members <= 20 and 1 <= args.presses <= 20 and args.interval >= 0.1):
        parser.error("--members and --presses must be 1-20, --interval at least 0.1")
    if not re.fullmatch(r"palg_bench_\w+", args.database):
        parser.error("--database must start with palg_bench_ (it is dropped at the end)")

    env = database_settings(args.database)
    recorder = Recorder()
    server = None
    django_ready = False
    with tempfile.TemporaryDirectory(prefix="palg-bench-live-") as data_dir:
        log_path = Path(data_dir) / "serve.log"
        try:
            postgres = database_create(env)
            setup_django(env, data_dir)
            django_ready = True
            began = time.perf_counter()
            crews = seed(args.sets, args.members)
            from django.db import connections

            from palg.live.models import LiveSession

            versions = dict(LiveSession.objects.values_list("meeting_id", "version"))
            connections.close_all()
            people = args.sets * (args.members + 1)
            print(
                f"{args.sets} sets of {args.members} members and a facilitator ({people} people) "
                f"seeded in {time.perf_counter() - began:.1f} s"
            )
            port = free_port()
            with open(log_path, "wb") as log:
                served = dict(env)
                if args.conn_max_age is not None:
                    served["DB_CONN_MAX_AGE"] = str(args.conn_max_age)
                server = server_start(served, data_dir, port, args.workers, log)
                server_wait(server, port)
                browsers = sign_everyone_in(port, crews, recorder)
                reuse = served.get("DB_CONN_MAX_AGE", "60 (palg's default)")
                print(
                    f"palg serve on {HOST}:{port}, {args.workers} workers, "
                    f"DB_CONN_MAX_AGE={reuse}; {people} signed in; "
                    f"polling every {args.interval:g} s for {args.seconds:g} s"
                )
                seconds, loads = load(crews, browsers, versions, args, recorder)
        finally:
            if server is not None:
                server_stop(server)
            if django_ready:
                from django.db import connections

                connections.close_all()
            database_drop(env)
            if recorder.failure_count and log_path.exists():
                lines = log_path.read_text(errors="replace").splitlines()
                odd = [line for line in lines if not re.search(r'" (200|204|302) ', line)]
                print("\nLast lines of the server log other than 200, 204 and 302:")
                print("\n".join(odd[-120:]))
    system = f"{platform.system()} {platform.release()} {platform.machine()}"
    python = platform.python_version()
    print(f"\n{os.cpu_count()} cores, {system}, Python {python}, PostgreSQL {postgres}")
    mean = sum(loads) / len(loads) if loads else 0.0
    print(f"Load average (1 min) during the run: mean {mean:.2f}, max {max(loads, default=0):.2f}")
    print()
    report(recorder, seconds, args.markdown)
    return 1 if recorder.failure_count else 0


if __name__ == "__main__":
    sys.exit(main())
