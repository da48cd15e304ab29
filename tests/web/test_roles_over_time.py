"""Roles over time on the programme, set and meeting pages: the fading plan and the rota."""

from datetime import timedelta

from django.urls import reverse

from palg.programmes import services
from palg.programmes.models import FadingPlan, Meeting, RotaEntry
from tests.web.pages import text


def programme_url(cast, name="programme-detail") -> str:
    return reverse(name, args=[cast.programme.pk])


def test_the_programme_page_explains_the_fading_plan_to_everyone_in_it(cast, client_as):
    for role in ("lead", "sponsor", "member"):
        body = text(client_as(role).get(programme_url(cast)))
        assert "Roles over time" in body
        assert "The set adviser facilitates meetings 1-2; from meeting 3 members facilitate" in body
        assert "Meeting 6</span> Member facilitates" in body
    assert programme_url(cast, "programme-fading-plan") not in body  # the member's page


def test_the_lead_changes_the_fading_plan(cast, client_as):
    client = client_as("lead")
    assert programme_url(cast, "programme-fading-plan") in text(client.get(programme_url(cast)))
    response = client.post(
        programme_url(cast, "programme-fading-plan"), {"adviser_meetings": 1, "observer_until": 3}
    )
    assert response.status_code == 302
    plan = FadingPlan.objects.get(programme=cast.programme)
    assert (plan.adviser_meetings, plan.observer_until) == (1, 3)
    body = text(client.get(response.url))
    assert "Fading plan saved." in body
    assert "The set adviser facilitates the first meeting; from meeting 2" in body


def test_a_fading_plan_that_does_not_fit_re_renders_with_the_message(cast, client_as):
    response = client_as("lead").post(
        programme_url(cast, "programme-fading-plan"), {"adviser_meetings": 3, "observer_until": 2}
    )
    assert response.status_code == 200
    body = text(response)
    assert "The adviser observes once members facilitate, so choose meeting 3 or later" in body
    assert '<details class="disclosure" open>' in body
    assert not FadingPlan.objects.exists()


def test_a_programme_that_does_not_fade_says_how_to_make_it_fade(cast, client_as):
    services.programme_update(
        actor=cast.actor("lead"), programme_id=cast.programme.pk, facilitation_model="external"
    )
    body = text(client_as("lead").get(programme_url(cast)))
    assert "The set adviser facilitates every meeting; members take turns keeping time." in body
    assert programme_url(cast, "programme-fading-plan") not in body
    assert "choose “Adviser first, then members facilitate”" in body


def test_the_set_page_shows_the_rota_and_its_facilitator_draws_it(cast, client_as):
    Meeting.objects.create(group=cast.alpha, starts_at=cast.alpha_meeting.starts_at + timedelta(7))
    client = client_as("facilitator")
    group_url = reverse("group-detail", args=[cast.alpha.pk])
    body = text(client.get(group_url))
    assert "Not drawn yet" in body
    response = client.post(reverse("group-rota-generate", args=[cast.alpha.pk]))
    assert response.status_code == 302
    body = text(client.get(group_url))
    assert "Rota drawn from the fading plan for 2 meetings still to come." in body
    assert "Not drawn yet" not in body
    assert body.count("Facilitates") == 2  # the adviser's two meetings
    assert RotaEntry.objects.filter(meeting__group=cast.alpha).count() == 2


def test_members_see_the_rota_but_no_button_to_draw_it(cast, client_as):
    body = text(client_as("member").get(reverse("group-detail", args=[cast.alpha.pk])))
    assert "Rota" in body
    assert reverse("group-rota-generate", args=[cast.alpha.pk]) not in body


def test_drawing_a_rota_without_meetings_says_what_to_do_first(cast, client_as):
    Meeting.objects.filter(group=cast.alpha).delete()
    response = client_as("lead").post(reverse("group-rota-generate", args=[cast.alpha.pk]))
    assert response.status_code == 200
    assert "Schedule the set's meetings first" in text(response)


def test_the_meeting_page_shows_its_roles_and_the_lead_adjusts_them(cast, client_as):
    client = client_as("lead")
    meeting_url = reverse("meeting-detail", args=[cast.alpha_meeting.pk])
    body = text(client.get(meeting_url))
    assert "Roles at meeting 1" in body and "Nobody named yet" in body
    response = client.post(
        reverse("meeting-rota", args=[cast.alpha_meeting.pk]),
        {"facilitator": cast.people["facilitator"].pk, "timekeeper": cast.people["ann"].pk},
    )
    assert response.status_code == 302
    body = text(client_as("member").get(meeting_url))
    assert "<dt>Timekeeper</dt><dd>Ann</dd>" in body
    assert "<dt>Facilitator</dt><dd>Fran</dd>" in body


def test_a_bad_rota_adjustment_re_renders_the_meeting_page_with_the_message(cast, client_as):
    alice = cast.people["member"].pk
    response = client_as("facilitator").post(
        reverse("meeting-rota", args=[cast.alpha_meeting.pk]),
        {"facilitator": alice, "timekeeper": alice},
    )
    assert response.status_code == 200
    assert "One person cannot both facilitate and keep time" in text(response)
    assert not RotaEntry.objects.exists()
