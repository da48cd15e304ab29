"""The lead opens the programme report from the programme's page: the charts and the tables
beside them are visible, and the page logs no errors (no Content Security Policy violation from
the inline SVG charts)."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from palg.impact.models import ChangeEvent
from palg.live.models import ExperimentCard
from palg.programmes.models import Membership
from tests.browser.conftest import screenshot
from tests.conftest import make_person

pytestmark = pytest.mark.browser


def enough_to_show(cast):
    """Six members of Alpha with an experiment each, and a change event, from 1 January."""
    programme = cast.programme
    programme.start_date = date(2026, 1, 1)
    programme.save(update_fields=["start_date"])
    for number in range(6):
        person = make_person(cast.org, f"R{number}", f"Reporter {number}")
        Membership.objects.create(group=cast.alpha, person=person,
                                  joined_at=datetime(2025, 12, 1, tzinfo=UTC))  # fmt: skip
        ExperimentCard.objects.create(
            owner=person, group=cast.alpha, programme=programme, action="Try", expectation="E",
            signal="S", due=date(2026, 4, 1), status="planned",
        )  # fmt: skip
    ChangeEvent.objects.create(organisation=cast.org, happened_on=date(2026, 1, 20),
                               title="Restructure", size="large")  # fmt: skip


def test_the_lead_reads_the_report_with_its_charts_and_tables(
    live_server, live_cast, page, sign_in, console_errors
):
    enough_to_show(live_cast)
    sign_in(page, "lead")
    page.goto(live_server.url + reverse("programme-detail", args=[live_cast.programme.pk]))
    page.get_by_role("link", name="Programme report").click()
    assert page.get_by_role("heading", name="Programme report").is_visible()
    level3 = page.get_by_role("img", name="Level 3: experiments committed")
    assert level3.is_visible()
    assert level3.bounding_box()["width"] > 200
    assert page.get_by_role("img", name="L ≥ C: learning cycles").is_visible()
    assert page.get_by_role(
        "table", name="Level 3: behaviour: the figures behind the chart"
    ).is_visible()
    assert page.get_by_role("rowheader", name="Experiments committed").is_visible()
    assert page.get_by_text("No survey waves yet.").first.is_visible()
    assert page.get_by_role("heading", name="Methods").is_visible()
    screenshot(page, "programme-report")
    assert console_errors == []
