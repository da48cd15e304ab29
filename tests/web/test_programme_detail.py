from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from palg.programmes import norms
from palg.programmes.models import Meeting, Programme
from tests.web.pages import text


def detail(client, cast) -> str:
    response = client.get(reverse("programme-detail", args=[cast.programme.pk]))
    assert response.status_code == 200
    return text(response)


def test_it_shows_the_lead_the_design_people_sets_and_actions(cast, client_as):
    body = detail(client_as("lead"), cast)
    assert "4-8 members" in body
    assert "6, every 4 weeks" in body
    assert "Lena" in body and "Sam" in body and "Fran" in body
    assert reverse("group-detail", args=[cast.alpha.pk]) in body
    assert reverse("group-detail", args=[cast.beta.pk]) in body
    assert reverse("programme-edit", args=[cast.programme.pk]) in body
    assert reverse("group-create", args=[cast.programme.pk]) in body
    assert reverse("programme-role-assign", args=[cast.programme.pk]) in body


def test_it_counts_members_without_the_facilitator_and_names_the_facilitator(cast, client_as):
    body = detail(client_as("lead"), cast)
    alpha_row = body.split(reverse("group-detail", args=[cast.alpha.pk]))[1].split("</tr>")[0]
    assert 'data-label="Members" class="num">2<' in alpha_row
    assert "Fran" in alpha_row


def test_it_shows_each_sets_next_meeting(cast, client_as):
    body = detail(client_as("lead"), cast)
    local = timezone.localtime(cast.alpha_meeting.starts_at)
    assert local.strftime("%a %-d %b %Y, %H:%M") in body
    assert "None scheduled" not in body


def test_it_warns_about_a_design_outside_the_methods_norms(cast, client_as):
    Programme.objects.filter(pk=cast.programme.pk).update(
        max_group_size=10, meeting_count=3, cadence_weeks=10
    )
    body = detail(client_as("lead"), cast)
    assert "callout warning" in body
    assert norms.MSG_SIZE_HIGH.format(norm=8, value=10) in body
    assert norms.MSG_FEW_MEETINGS.format(norm=4, value=3) in body
    assert norms.MSG_LONG_CADENCE.format(norm=8, value=10) in body


def test_it_warns_about_long_gaps_in_a_sets_schedule(cast, client_as):
    Meeting.objects.create(
        group=cast.alpha, starts_at=cast.alpha_meeting.starts_at + timedelta(weeks=10)
    )
    body = detail(client_as("sponsor"), cast)
    assert 'data-code="long-gap"' in body
    assert "Alpha: 10.0 weeks between" in body


def test_it_shows_no_warnings_for_a_design_within_the_norms(cast, client_as):
    assert "callout warning" not in detail(client_as("lead"), cast)


def test_it_shows_members_only_their_own_set_and_no_warnings_naming_others(cast, client_as):
    Meeting.objects.create(
        group=cast.beta, starts_at=cast.beta_meeting.starts_at + timedelta(weeks=10)
    )
    body = detail(client_as("member"), cast)
    assert reverse("group-detail", args=[cast.alpha.pk]) in body
    assert reverse("group-detail", args=[cast.beta.pk]) not in body
    assert "Beta" not in body
    assert "Your set" in body
    body = detail(client_as("other_member"), cast)
    assert reverse("group-detail", args=[cast.beta.pk]) in body
    assert "Alpha" not in body


def test_it_gives_read_only_viewers_no_edit_controls(cast, client_as):
    for role in ("sponsor", "facilitator", "member"):
        body = detail(client_as(role), cast)
        assert reverse("programme-edit", args=[cast.programme.pk]) not in body
        assert reverse("group-create", args=[cast.programme.pk]) not in body
        assert reverse("programme-role-assign", args=[cast.programme.pk]) not in body


def test_it_hides_the_programme_from_people_with_no_part_in_it(cast, client_as):
    url = reverse("programme-detail", args=[cast.programme.pk])
    assert client_as("outsider").get(url).status_code == 404
    assert client_as("stranger").get(url).status_code == 404
