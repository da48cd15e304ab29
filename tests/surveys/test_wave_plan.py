"""The proposed plan of four waves from the programme's schedule, and the norms a lead's
changes must keep, each refused with its own message and nothing saved."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from palg.programmes.models import Meeting
from palg.surveys import plan, services
from palg.surveys.models import Wave
from palg.surveys.plan import wave_plan_propose
from tests.surveys.helpers import close, make_wave, today


def local_day(meeting: Meeting) -> date:
    from zoneinfo import ZoneInfo

    return meeting.starts_at.astimezone(ZoneInfo(meeting.group.round.programme.time_zone)).date()


def test_the_proposal_closes_the_baseline_before_the_first_meeting_follow_up_3_months_on(
    cast,
):
    first = local_day(cast.alpha_meeting)
    last = local_day(cast.beta_meeting)
    waves = wave_plan_propose(programme=cast.programme)
    assert [w.kind for w in waves] == ["baseline", "mid", "end", "follow_up"]
    baseline, mid, end, follow_up = waves
    assert baseline.closes_on == first - timedelta(days=1)
    assert (baseline.closes_on - baseline.opens_on).days + 1 == 14
    assert follow_up.opens_on == last + timedelta(weeks=13)
    assert all(w.instruments == ["cbi", "psych_safety", "ucla3"] for w in waves)
    assert plan.wave_plan_problems(programme=cast.programme, waves=waves) == []


def test_without_meetings_the_proposal_follows_the_designed_start_and_cadence(cast):
    Meeting.objects.all().delete()
    cast.programme.start_date = date(2031, 3, 3)
    cast.programme.cadence_weeks, cast.programme.meeting_count = 4, 6
    cast.programme.save()
    baseline, mid, end, follow_up = wave_plan_propose(programme=cast.programme)
    assert baseline.closes_on == date(2031, 3, 2)
    assert mid.opens_on == date(2031, 3, 3) + timedelta(weeks=12)  # the fourth of six meetings
    assert end.opens_on == date(2031, 3, 3) + timedelta(weeks=20)
    assert follow_up.opens_on == date(2031, 3, 3) + timedelta(weeks=33)


def test_a_programme_with_neither_meetings_nor_a_start_date_gets_no_proposal_and_says_why(cast):
    Meeting.objects.all().delete()
    with pytest.raises(ValidationError) as error:
        wave_plan_propose(programme=cast.programme)
    assert error.value.messages == [plan.MSG_NO_SCHEDULE]


def test_the_lead_saves_the_proposed_plan_once(cast):
    waves = services.wave_plan_apply(actor=cast.actor("lead"), programme_id=cast.programme.pk)
    assert [w.kind for w in waves] == ["baseline", "mid", "end", "follow_up"]
    with pytest.raises(ValidationError) as error:
        services.wave_plan_apply(actor=cast.actor("lead"), programme_id=cast.programme.pk)
    assert error.value.messages == [services.MSG_PLANNED]
    assert Wave.objects.count() == 4


def test_only_leads_and_admins_plan_waves(cast):
    with pytest.raises(PermissionDenied):
        services.wave_plan_apply(actor=cast.actor("sponsor"), programme_id=cast.programme.pk)
    with pytest.raises(PermissionDenied):
        services.wave_plan_apply(actor=cast.actor("member"), programme_id=cast.programme.pk)
    with pytest.raises(Http404):
        services.wave_plan_apply(actor=cast.actor("outsider"), programme_id=cast.programme.pk)
    services.wave_plan_apply(actor=cast.actor("admin"), programme_id=cast.programme.pk)


def changed(cast, kind: str, **fields) -> list[str]:
    """The problems of the proposal with one wave changed."""
    waves = wave_plan_propose(programme=cast.programme)
    for wave in waves:
        if wave.kind == kind:
            for name, value in fields.items():
                setattr(wave, name, value)
    return plan.wave_plan_problems(programme=cast.programme, waves=waves)


def test_a_wave_open_fewer_than_7_or_more_than_21_days_is_refused(cast):
    (mid,) = [w for w in wave_plan_propose(programme=cast.programme) if w.kind == "mid"]
    short = changed(cast, "mid", closes_on=mid.opens_on + timedelta(days=5))
    assert short == [
        "The mid-programme wave is open for 6 days; a wave must be open for 7 to 21 days."
    ]
    long = changed(cast, "mid", closes_on=mid.opens_on + timedelta(days=21))
    assert (
        long[0]
        == "The mid-programme wave is open for 22 days; a wave must be open for 7 to 21 days."
    )


def test_overlapping_waves_are_refused_naming_both(cast):
    waves = wave_plan_propose(programme=cast.programme)
    mid, end = waves[1], waves[2]
    problems = changed(
        cast, "end", opens_on=mid.closes_on, closes_on=mid.closes_on + timedelta(days=13)
    )
    closes = plan._day(mid.closes_on)
    assert problems == [
        f"The end of programme wave opens before the mid-programme wave has closed ({closes}); "
        "waves must not overlap."
    ]
    assert end.opens_on > mid.closes_on


def test_a_baseline_that_closes_on_or_after_the_first_meeting_is_refused(cast):
    first = local_day(cast.alpha_meeting)
    problems = changed(cast, "baseline", opens_on=first - timedelta(days=10), closes_on=first)
    assert problems == [
        f"The baseline must close before the first meeting on {plan._day(first)}: close it on "
        f"{plan._day(first - timedelta(days=1))} at the latest."
    ]


def test_a_follow_up_sooner_than_8_weeks_after_the_end_is_refused(cast):
    last = local_day(cast.beta_meeting)
    soon = last + timedelta(weeks=7)
    problems = changed(cast, "follow_up", opens_on=soon, closes_on=soon + timedelta(days=13))
    assert problems == [
        f"The follow-up must open at least 8 weeks after the programme ends on {plan._day(last)}: "
        f"open it on {plan._day(last + timedelta(weeks=8))} or later."
    ]


def test_a_wave_without_instruments_or_with_an_unknown_one_is_refused(cast):
    assert changed(cast, "mid", instruments=[]) == [
        "The mid-programme wave asks no questions: choose at least one instrument."
    ]
    assert changed(cast, "mid", instruments=["mbi"]) == [
        "“mbi” is not an instrument palg asks in waves."
    ]


def test_the_lead_changes_a_waves_dates_and_instruments_within_the_norms(cast):
    services.wave_plan_apply(actor=cast.actor("lead"), programme_id=cast.programme.pk)
    mid = Wave.objects.get(kind="mid")
    wave = services.wave_update(
        actor=cast.actor("lead"),
        wave_id=mid.pk,
        closes_on=mid.opens_on + timedelta(days=9),
        instruments=["cbi"],
    )
    assert (wave.days_open, wave.instruments) == (10, ["cbi"])


def test_a_change_that_breaks_a_norm_changes_nothing(cast):
    services.wave_plan_apply(actor=cast.actor("lead"), programme_id=cast.programme.pk)
    mid = Wave.objects.get(kind="mid")
    with pytest.raises(ValidationError) as error:
        services.wave_update(actor=cast.actor("lead"), wave_id=mid.pk, closes_on=mid.opens_on)
    assert "a wave must be open for 7 to 21 days" in error.value.messages[0]
    assert Wave.objects.get(kind="mid").closes_on == mid.closes_on


def test_a_closed_wave_stays_as_it_was_and_an_open_one_keeps_its_instruments(cast):
    Meeting.objects.all().delete()  # so that the baseline's place is free
    baseline = close(make_wave(cast, "baseline"))
    mid = make_wave(cast, "mid", opened=1, closes_in=8)
    lead = cast.actor("lead")
    with pytest.raises(ValidationError) as error:
        services.wave_update(actor=lead, wave_id=baseline.pk, instruments=["cbi"])
    assert error.value.messages == [
        "The baseline wave has closed: its dates and instruments stay as they were."
    ]
    with pytest.raises(ValidationError) as error:
        services.wave_update(actor=lead, wave_id=mid.pk, instruments=["cbi"], opens_on=today())
    assert error.value.messages == [
        "The mid-programme wave is open: its instruments cannot change while people are answering.",
        "The mid-programme wave has opened already: its opening day cannot move.",
    ]
    extended = services.wave_update(
        actor=lead, wave_id=mid.pk, closes_on=today() + timedelta(days=12)
    )
    assert extended.days_open == 14


def test_a_wave_is_open_from_its_first_day_to_the_end_of_its_last_in_the_programmes_zone(
    cast,
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    cast.programme.time_zone = "America/New_York"
    cast.programme.save()
    wave = Wave(
        programme=cast.programme, kind="mid", opens_on=date(2031, 5, 1), closes_on=date(2031, 5, 14)
    )
    zone = ZoneInfo("America/New_York")
    assert wave.state(datetime(2031, 4, 30, 23, 59, tzinfo=zone)) == "planned"
    assert wave.state(datetime(2031, 5, 1, 0, 0, tzinfo=zone)) == "open"
    assert wave.state(datetime(2031, 5, 14, 23, 59, tzinfo=zone)) == "open"
    assert wave.state(datetime(2031, 5, 15, 0, 0, tzinfo=zone)) == "closed"
    # 02:00 in London is still 14 May in New York: the programme's zone decides.
    assert wave.state(datetime(2031, 5, 15, 2, 0, tzinfo=ZoneInfo("Europe/London"))) == "open"


def test_a_sponsor_sees_the_programmes_waves_but_a_member_does_not(cast):
    from palg import access

    make_wave(cast)
    assert access.waves_for_actor(cast.actor("sponsor"), cast.programme).count() == 1
    with pytest.raises(PermissionDenied):
        access.waves_for_actor(cast.actor("member"), cast.programme)
    with pytest.raises(PermissionDenied):
        access.waves_for_actor(cast.actor("facilitator"), cast.programme)


def test_a_day_outside_palgs_date_window_is_refused_before_anything_is_computed(cast):
    assert changed(cast, "end", closes_on=date(9999, 12, 31)) == [
        "Choose a date between 2000-01-01 and 2999-12-31."
    ]


def test_the_waves_page_refuses_a_bad_plan_with_its_messages_and_saves_nothing(cast, client):
    from django.urls import reverse

    client.force_login(cast.users["lead"])
    page = client.get(reverse("programme-waves", args=[cast.programme.pk]))
    assert "Proposed plan" in page.content.decode()
    data = {}
    for wave in wave_plan_propose(programme=cast.programme):
        data[f"{wave.kind}-opens_on"] = wave.opens_on.isoformat()
        data[f"{wave.kind}-closes_on"] = wave.closes_on.isoformat()
        data[f"{wave.kind}-instruments"] = wave.instruments
    data["mid-instruments"] = []
    refused = client.post(reverse("programme-waves", args=[cast.programme.pk]), data)
    assert refused.status_code == 422
    assert "The mid-programme wave asks no questions" in refused.content.decode()
    assert not Wave.objects.exists()
    data["mid-instruments"] = ["cbi"]
    data["end-closes_on"] = "9999-12-31"
    assert (
        client.post(reverse("programme-waves", args=[cast.programme.pk]), data).status_code == 200
    )
    assert not Wave.objects.exists()
    data["end-closes_on"] = data["end-opens_on"]
    del data["end-opens_on"]
    del data["end-closes_on"]
    saved = client.post(
        reverse("programme-waves", args=[cast.programme.pk]), {**data, "end-opens_on": "x"}
    )
    assert saved.status_code == 200 and not Wave.objects.exists()


def test_the_sponsor_sees_dates_and_response_rates_but_no_plan_form(cast, client):
    from django.urls import reverse

    services.wave_plan_apply(actor=cast.actor("lead"), programme_id=cast.programme.pk)
    client.force_login(cast.users["sponsor"])
    page = client.get(reverse("programme-waves", args=[cast.programme.pk])).content.decode()
    assert "Dates and responses" in page and "0 of 4" in page
    assert '<form method="post" class="form wave-plan"' not in page
