"""Scheduling pages: preview then confirm; bad input re-renders with a message and changes
nothing."""

from datetime import date

from django.urls import reverse

from palg.programmes.models import MSG_TIME_ZONE, Meeting, Programme
from palg.scheduling import services
from palg.scheduling.models import Blackout

SERIES = {"slot": "tue-am", "time": "09:00", "start": "2031-01-06"}


def schedule_url(cast) -> str:
    return reverse("set-schedule", args=[cast.alpha.pk])


def test_the_page_previews_the_default_series_straight_away(client_as, planned):
    response = client_as("facilitator").get(schedule_url(planned))
    assert response.status_code == 200
    proposal = response.context["proposal"]
    assert proposal.slot == "tue-am" and len(proposal.rows) == 6
    assert "Tue 7 Jan 2031, 09:00–12:00" in response.content.decode()
    assert planned.alpha.meetings.count() == 1


def test_without_a_start_date_or_common_slot_it_asks_for_them(client_as, cast):
    response = client_as("lead").get(schedule_url(cast))
    assert response.status_code == 200
    assert response.context["proposal"] is None
    assert "share no weekly slot" in response.content.decode()


def test_a_preview_with_bad_input_re_renders_with_messages(client_as, cast):
    response = client_as("lead").get(schedule_url(cast), {"slot": "tue-am", "time": "25:99"})
    assert response.status_code == 200
    assert response.context["form"].errors["time"]
    assert response.context["proposal"] is None


def test_a_preview_the_service_refuses_re_renders_with_its_message(client_as, cast):
    response = client_as("lead").get(schedule_url(cast), {"slot": "tue-am"})
    assert response.status_code == 200
    assert response.context["form"].errors["start"] == [services.MSG_NO_START]
    assert services.MSG_NO_START in response.content.decode()


def test_confirming_saves_the_series_and_warns_of_clashes(client_as, planned):
    from datetime import datetime

    from tests.scheduling.conftest import LONDON, other_set

    other_set(planned, "Gamma", {"facilitator": "facilitator"},
              meets=datetime(2031, 1, 7, 10, tzinfo=LONDON))  # fmt: skip
    client = client_as("facilitator")
    preview = client.get(schedule_url(planned), SERIES).context["proposal"]
    data = {**SERIES, "location": "Room 4", "fingerprint": preview.fingerprint}
    response = client.post(schedule_url(planned), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("group-detail", args=[planned.alpha.pk])
    texts = [str(m) for m in response.context["messages"]]
    assert texts[0] == "Schedule saved: 5 new, 1 moved, 0 unchanged."
    assert texts[1].startswith("Clash: Meeting 1, Tue 07 Jan 2031, 09:00: Fran also facilitates")
    assert planned.alpha.meetings.filter(location="Room 4").count() == 5


def test_confirming_with_bad_input_re_renders_and_changes_nothing(client_as, planned):
    response = client_as("lead").post(schedule_url(planned), {**SERIES, "slot": "tue-night"})
    assert response.status_code == 200
    assert response.context["form"].errors["slot"]
    assert planned.alpha.meetings.count() == 1


def test_confirming_a_stale_preview_shows_the_new_one_and_changes_nothing(client_as, planned):
    client = client_as("lead")
    preview = client.get(schedule_url(planned), SERIES).context["proposal"]
    Blackout.objects.create(organisation=planned.org, label="Audit",
                            starts_on=date(2031, 2, 4), ends_on=date(2031, 2, 4))  # fmt: skip
    data = {**SERIES, "fingerprint": preview.fingerprint}
    response = client.post(schedule_url(planned), data)
    assert response.status_code == 200
    assert response.context["stale"] and services.MSG_STALE in response.content.decode()
    assert response.context["proposal"].fingerprint != preview.fingerprint
    assert planned.alpha.meetings.count() == 1


def test_the_set_calendar_is_a_calendar_file(client_as, cast):
    response = client_as("sponsor").get(reverse("set-calendar", args=[cast.alpha.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content


def test_a_bad_time_zone_re_renders_with_the_message_and_changes_nothing(client_as, cast):
    url = reverse("programme-time-zone", args=[cast.programme.pk])
    response = client_as("lead").post(url, {"time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 200
    assert response.context["zone_form"].errors["time_zone"] == [
        MSG_TIME_ZONE.format(value="Mars/Olympus_Mons")
    ]
    assert Programme.objects.get(pk=cast.programme.pk).time_zone == "Europe/London"


def test_a_lead_sets_the_time_zone(client_as, cast):
    url = reverse("programme-time-zone", args=[cast.programme.pk])
    response = client_as("lead").post(url, {"time_zone": "America/New_York"})
    assert response.status_code == 302
    assert Programme.objects.get(pk=cast.programme.pk).time_zone == "America/New_York"


def test_a_blackout_ending_before_it_starts_re_renders_and_adds_nothing(client_as, cast):
    url = reverse("blackout-create", args=[cast.programme.pk])
    data = {"label": "Easter", "starts_on": "2031-04-14", "ends_on": "2031-04-11"}
    response = client_as("lead").post(url, data)
    assert response.status_code == 200
    assert response.context["blackout_form"].errors["ends_on"] == [services.MSG_BLACKOUT_ORDER]
    assert not Blackout.objects.exists()


def test_a_blackout_without_a_label_re_renders(client_as, cast):
    url = reverse("blackout-create", args=[cast.programme.pk])
    response = client_as("lead").post(url, {"starts_on": "2031-04-11", "ends_on": "2031-04-14"})
    assert response.status_code == 200 and response.context["blackout_form"].errors["label"]
    assert not Blackout.objects.exists()


def test_a_lead_adds_and_removes_an_organisation_wide_blackout(client_as, cast):
    client = client_as("lead")
    data = {"label": "Easter", "starts_on": "2031-04-11", "ends_on": "2031-04-14",
            "organisation_wide": "on"}  # fmt: skip
    client.post(reverse("blackout-create", args=[cast.programme.pk]), data)
    blackout = Blackout.objects.get()
    assert blackout.programme is None and blackout.organisation == cast.org
    page = client.get(reverse("programme-calendar", args=[cast.programme.pk]))
    assert "The whole organisation" in page.content.decode()
    client.post(reverse("blackout-delete", args=[blackout.pk]), {"programme": cast.programme.pk})
    assert not Blackout.objects.exists()


def test_the_schedule_shows_local_times_in_the_programmes_zone(client_as, planned):
    Programme.objects.filter(pk=planned.programme.pk).update(time_zone="America/New_York")
    response = client_as("lead").get(schedule_url(planned), SERIES)
    assert "Tue 7 Jan 2031, 09:00–12:00" in response.content.decode()
    assert Meeting.objects.filter(group=planned.alpha).count() == 1


def test_the_time_zone_field_suggests_every_zone_name(client_as, cast):
    page = client_as("lead").get(reverse("programme-calendar", args=[cast.programme.pk]))
    html = page.content.decode()
    assert 'list="time-zone-names"' in html and '<option value="America/New_York">' in html
