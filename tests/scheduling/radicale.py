"""A real CalDAV server for the calendar tests: Radicale as a child process on a free port, with
its collections in a temporary folder. Calendars are uploaded as a client would (MKCALENDAR,
then PUT), and read back with a CalDAV time-range query, which Radicale answers by working out
each event's instants from the file's own VTIMEZONE."""

import base64
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

from icalendar import Calendar

from tests.processes import HOST, free_port, kill_group

USER = "palg"
DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"
TIME_RANGE_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""


class Radicale:
    def __init__(self, folder: Path):
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        command = [sys.executable, "-m", "radicale", "--hosts", f"{HOST}:{self.port}",
                   "--auth-type", "none", "--rights-type", "owner_only",
                   "--storage-filesystem-folder", str(folder / "collections"),
                   "--logging-level", "warning"]  # fmt: skip
        self.process = subprocess.Popen(
            command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self._wait_until_up()

    def _wait_until_up(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Radicale stopped: {self.process.stderr.read().decode()}")
            try:
                self.request("PROPFIND", f"/{USER}/", headers={"Depth": "0"})
                return
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.1)
        raise TimeoutError("Radicale did not answer")

    def stop(self) -> None:
        kill_group(self.process)

    def request(self, method: str, path: str, body: bytes = b"", headers=None):
        token = base64.b64encode(f"{USER}:unused".encode()).decode()
        request = urllib.request.Request(
            self.url + path, data=body or None, method=method,
            headers={"Authorization": f"Basic {token}", **(headers or {})},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()

    def new_calendar(self) -> str:
        path = f"/{USER}/{uuid.uuid4().hex}/"
        self.request("MKCALENDAR", path)
        return path

    def upload_calendar(self, body: bytes) -> str:
        """A new calendar collection holding every event of `body` (a whole calendar PUT on the
        collection, as `Import` in a CalDAV client does); its path."""
        path = self.new_calendar()
        self.request("PUT", path, body, {"Content-Type": "text/calendar; charset=utf-8"})
        return path

    def put_event(self, body: bytes) -> str:
        """`body` (one event, an invitation's `.ics`) as an item of a new calendar; its path."""
        path = self.new_calendar()
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        self.request("PUT", f"{path}{uuid.uuid4().hex}.ics", body, headers)
        return path

    def uids_between(self, path: str, start: datetime, end: datetime) -> set[str]:
        """UIDs of the events in the collection at `path` that overlap [start, end)."""

        def stamp(moment: datetime) -> str:
            return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

        query = TIME_RANGE_QUERY.format(start=stamp(start), end=stamp(end)).encode()
        headers = {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
        _, answer = self.request("REPORT", path, query, headers)
        found = ElementTree.fromstring(answer).iter(f"{CALDAV}calendar-data")
        return {str(e["UID"]) for data in found for e in Calendar.from_ical(data.text).events}
