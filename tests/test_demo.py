"""The demo organisation that `make demo` loads."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from typer.testing import CliRunner

from palg import access
from palg.access import Actor
from palg.accounts.models import User
from palg.cli import app
from palg.demo import DEMO_PASSWORD, DEMO_SLUG, demo_accounts, demo_load
from palg.live import experiments
from palg.people.models import Organisation, Person
from palg.programmes import selectors
from palg.programmes.models import (
    Attendance,
    Group,
    Meeting,
    MeetingRecord,
    Membership,
    Programme,
    ProgrammeRole,
)
from palg.programmes.selectors import programme_warnings

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    assert demo_load() is True
    return Organisation.objects.get(slug=DEMO_SLUG)


def account(label: str) -> User:
    return User.objects.get(email=dict(demo_accounts())[label])


def running_programme(org) -> Programme:
    return org.programmes.get(status=Programme.Status.ACTIVE)


def snapshot() -> dict:
    return {
        "people": sorted(Person.objects.values_list("external_id", "name", "location")),
        "sets": sorted(
            Membership.objects.values_list("group__name", "person__name", "role"),
        ),
        "records": sorted(MeetingRecord.objects.values_list("text", flat=True)),
    }


def test_it_creates_an_organisation_with_a_management_hierarchy(demo):
    people = Person.objects.filter(organisation=demo)
    assert people.count() >= 60
    assert people.filter(manager__isnull=True).count() == 1
    ceo = people.get(manager__isnull=True)
    directors = people.filter(manager=ceo)
    heads = people.filter(manager__in=directors)
    assert directors.count() >= 6
    assert people.filter(manager__in=heads).count() >= 30
    assert len(set(people.values_list("function", flat=True))) >= 4
    assert len(set(people.values_list("location", flat=True))) >= 3


def test_it_fills_in_the_attributes_used_for_grouping(demo):
    people = Person.objects.filter(organisation=demo)
    assert not people.filter(seniority="").exists()
    assert not people.filter(tenure_years__isnull=True).exists()
    assert len(set(people.values_list("gender", flat=True))) >= 2
    assert all(person.availability for person in people)
    assert all("languages" in person.attributes for person in people)


def test_it_creates_a_running_programme_with_sets_and_meetings(demo):
    programme = running_programme(demo)
    assert programme.session_template == "revans-uk"
    assert programme_warnings(programme=programme) == []
    groups = Group.objects.filter(round__programme=programme)
    assert 4 <= groups.count() <= 5
    for group in groups:
        members = group.memberships.filter(role=Membership.Role.MEMBER)
        assert programme.min_group_size <= members.count() <= programme.max_group_size
        assert group.memberships.filter(role=Membership.Role.FACILITATOR).count() == 1
        assert group.meetings.count() == programme.meeting_count


def test_it_marks_past_meetings_held_with_attendance_and_a_record(demo):
    meetings = Meeting.objects.filter(group__round__programme=running_programme(demo))
    held = meetings.filter(status=Meeting.Status.HELD)
    assert held.exists()
    assert meetings.filter(status=Meeting.Status.SCHEDULED).exists()
    for meeting in held:
        assert meeting.attendance.count() == meeting.group.memberships.filter(role="member").count()
        assert MeetingRecord.objects.filter(meeting=meeting).exists()
    assert not Attendance.objects.filter(meeting__status=Meeting.Status.SCHEDULED).exists()


def test_it_never_puts_a_manager_and_their_report_in_one_set(demo):
    for group in Group.objects.filter(round__programme__organisation=demo):
        ids = set(group.memberships.values_list("person_id", flat=True))
        pairs = Person.objects.filter(pk__in=ids, manager_id__in=ids)
        assert not pairs.exists(), f"{group}: {list(pairs)}"


def test_it_mixes_functions_and_sites_in_every_set(demo):
    for group in Group.objects.filter(round__programme__organisation=demo):
        members = group.memberships.filter(role=Membership.Role.MEMBER)
        assert len(set(members.values_list("person__function", flat=True))) >= 4
        assert len(set(members.values_list("person__location", flat=True))) >= 2


def test_it_adds_a_draft_programme_whose_design_draws_warnings(demo):
    draft = demo.programmes.get(status=Programme.Status.DRAFT)
    codes = {warning.code for warning in programme_warnings(programme=draft)}
    assert {"size-high", "few-meetings"} <= codes


def test_every_account_can_sign_in_and_see_the_home_page(demo, client):
    assert len(demo_accounts()) == 6
    for label, email in demo_accounts():
        assert client.login(username=email, password=DEMO_PASSWORD), label
        response = client.get("/")
        assert response.status_code == 200, label
        client.logout()


def test_each_account_has_the_role_it_is_labelled_with(demo):
    programme = running_programme(demo)
    roles = ProgrammeRole.objects.filter(programme=programme)
    assert account("Organisation admin").is_org_admin
    assert roles.filter(role="lead", person=account("Programme lead").person).exists()
    assert roles.filter(role="sponsor", person=account("Sponsor").person).exists()
    facilitated = Membership.objects.get(
        person=account("Facilitator").person, role=Membership.Role.FACILITATOR
    ).group
    first = Membership.objects.get(person=account("Participant").person).group
    second = Membership.objects.get(person=account("Second participant").person).group
    assert first == facilitated
    assert second != first


def test_only_the_participants_set_reads_its_record(demo):
    meeting = Meeting.objects.filter(
        group__memberships__person=account("Participant").person, status=Meeting.Status.HELD
    ).first()
    for label in ("Participant", "Facilitator"):
        actor = access.Actor.from_user(account(label))
        assert access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting.pk)
    for label in ("Programme lead", "Sponsor", "Organisation admin"):
        actor = access.Actor.from_user(account(label))
        with pytest.raises(PermissionDenied):
            access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting.pk)


def test_the_running_sets_were_formed_before_their_first_meeting(demo):
    """Members joined before the meetings they read, as in a real programme, and not merely
    before the rows of those meetings were written."""
    for membership in Membership.objects.filter(group__round__programme__status="active"):
        first = membership.group.meetings.order_by("starts_at").first()
        assert membership.joined_at < first.starts_at
        assert membership.group.created_at <= membership.joined_at


def test_a_second_load_creates_nothing(demo):
    before = (Person.objects.count(), Meeting.objects.count(), User.objects.count())
    assert demo_load() is False
    assert (Person.objects.count(), Meeting.objects.count(), User.objects.count()) == before


def test_it_builds_the_same_organisation_every_time(demo):
    first = snapshot()
    demo.delete()
    assert demo_load() is True
    assert snapshot() == first


def test_the_cli_loads_the_demo_and_prints_every_account(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    result = CliRunner().invoke(app, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "Loaded the demo organisation." in result.output
    assert DEMO_PASSWORD in result.output
    for label, email in demo_accounts():
        assert label in result.output
        assert email in result.output
    again = CliRunner().invoke(app, ["demo", "--no-serve"])
    assert "Demo organisation already loaded." in again.output


def test_the_running_programme_fades_facilitation_and_every_set_has_a_rota(demo):
    programme = running_programme(demo)
    plan = selectors.fading_plan(programme=programme)
    assert (plan.adviser_meetings, plan.observer_until) == (2, 4)
    for group in Group.objects.filter(round__programme=programme):
        rows = selectors.rota_rows(group=group)
        assert len(rows) == programme.meeting_count
        assert all(row.facilitator and row.timekeeper for row in rows)
        assert [row.stage for row in rows[:3]] == ["adviser", "adviser", "observed"]
        adviser = selectors.set_adviser(group=group)
        assert rows[2].facilitator != adviser  # a member facilitates the third meeting


@pytest.mark.parametrize(
    "loaded_on",
    ["2026-12-07", "2026-12-20", "2026-12-28", "2027-01-01", "2027-01-12", "2027-06-15"],
)
def test_no_scheduled_meeting_falls_in_the_demos_own_closure_whatever_day_it_is_loaded(loaded_on):
    import random
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from palg import demo as demo_module
    from palg.scheduling.models import Blackout
    from palg.scheduling.selectors import meetings_in_closures

    now = datetime.fromisoformat(loaded_on).replace(hour=12, tzinfo=UTC)
    demo_module._build(random.Random(demo_module.SEED), now)
    closure = Blackout.objects.get(organisation__slug=DEMO_SLUG)
    assert closure.ends_on >= now.date()
    sets = Group.objects.filter(round__programme__status=Programme.Status.ACTIVE)
    assert sets.count() == 5
    for group in sets:
        assert meetings_in_closures(group=group) == []
        assert group.meetings.filter(starts_at__gt=now).exists()
        days = [
            m.starts_at.astimezone(ZoneInfo("Europe/London")).date() for m in group.meetings.all()
        ]
        assert not any(closure.covers(day) for day in days)


def aire_meetings(org):
    group = Group.objects.get(round__programme=running_programme(org), name="Aire")
    held = list(group.meetings.filter(status=Meeting.Status.HELD).order_by("starts_at"))
    coming = group.meetings.filter(status=Meeting.Status.SCHEDULED).order_by("starts_at").first()
    return group, held, coming


def test_the_aire_sets_held_meetings_ran_a_live_session_with_presenters_and_cards(demo):
    from palg.live.models import ExperimentCard, LiveSession, PulseAnswer

    group, held, _ = aire_meetings(demo)
    assert len(held) == 2
    presented = []
    for meeting in held:
        session = LiveSession.objects.get(meeting=meeting)
        assert session.status == LiveSession.Status.ENDED
        assert len(session.presenters) == 2
        assert session.started_at == meeting.starts_at  # at the meeting, not at load time
        cards = ExperimentCard.objects.filter(meeting=meeting)
        assert sorted(c.owner_id for c in cards) == sorted(session.presenters)
        assert all(c.due > meeting.starts_at.date() for c in cards)
        assert PulseAnswer.objects.filter(session=session).exists()
        presented += session.presenters
    # The second meeting gives the time to those who have not presented yet.
    assert len(set(presented)) == 4


def test_the_aire_set_reported_back_on_its_first_meetings_cards(demo):
    from palg.live.models import CardEntry, LiveSession

    group, held, _ = aire_meetings(demo)
    first_presenters = LiveSession.objects.get(meeting=held[0]).presenters
    reports = CardEntry.objects.filter(meeting=held[1], kind=CardEntry.Kind.REPORT)
    assert reports.exists()
    assert {entry.card.owner_id for entry in reports} <= set(first_presenters)
    assert all(entry.learned for entry in reports)
    participant = Actor.from_user(account("Participant"))
    _, walk = experiments.cards_for_session(actor=participant, meeting_id=held[1].pk)
    assert any(person_walk.cards for person_walk in walk)
    assert experiments.set_learning_cycles(actor=participant, group_id=group.pk).total >= 1


def test_the_aire_members_who_came_accepted_the_contract(demo):
    from palg.live.contract import contract_status

    group, held, _ = aire_meetings(demo)
    came = set(
        Attendance.objects.filter(meeting__in=held, status=Attendance.Status.PRESENT).values_list(
            "person_id", flat=True
        )
    )
    accepted = {person.pk for person in contract_status(group).accepted}
    assert came and accepted == came


def test_the_ledger_at_aires_next_meeting_shows_who_has_presented(demo):
    from palg.live import bidding
    from palg.live.services import session_prepare

    group, held, coming = aire_meetings(demo)
    facilitator = Actor.from_user(account("Facilitator"))
    session = session_prepare(actor=facilitator, meeting_id=coming.pk)
    rows = bidding.ledger(session)
    assert sum(row.presented for row in rows) == 4
    assert {row.last for row in rows if row.presented} == {m.starts_at for m in held}


def test_every_leader_has_an_account_with_the_demo_password(demo, client):
    leaders = Person.objects.filter(organisation=demo).exclude(invitation__isnull=False)
    assert leaders.count() == 81
    assert User.objects.filter(person__in=leaders).count() == 81
    assert list(User.objects.filter(is_org_admin=True)) == [account("Organisation admin")]
    # Any set member signs in: one of Thames, whose email is on the set's page.
    member = Membership.objects.filter(group__name="Thames", role="member").last().person
    response = client.post(reverse("login"), {"login": member.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response.wsgi_request.user.person == member


def test_the_demo_leaves_invitations_in_every_state_for_the_invitations_page(demo, client):
    from django.urls import reverse

    from palg.accounts.models import Invitation
    from palg.demo import demo_invitations

    assert demo_invitations() == {"invited": 1, "accepted": 1, "expired": 1, "revoked": 1}
    accepted = Invitation.objects.get(accepted_at__isnull=False)
    assert accepted.user.person == accepted.person
    client.force_login(account("Programme lead"))
    page = client.get(reverse("invitation-list")).content.decode()
    assert "1 invited, 1 accepted, 1 expired, 1 revoked" in page


def test_the_running_programme_has_its_baseline_and_mid_waves_answered(demo):
    from palg.surveys import selectors as surveys
    from palg.surveys.models import Wave
    from palg_evaluation.stats import paired_change

    programme = running_programme(demo)
    counts = {c.wave.kind: c for c in surveys.wave_response_counts(programme=programme)}
    assert set(counts) == {"baseline", "mid", "end", "follow_up"}
    baseline, mid = counts["baseline"], counts["mid"]
    assert baseline.state == Wave.State.CLOSED and mid.state == Wave.State.OPEN
    assert baseline.finished > mid.finished >= 12  # enough pairs for the report's statistics
    assert mid.started > mid.finished  # some left half way, as people do
    assert counts["end"].started == 0
    # A believable change, not a miracle: CBI personal burnout falls by a few points.
    scores = {}
    for row in surveys.wave_scores_pseudonymous(programme=programme):
        if row.scale == "cbi_personal":
            scores.setdefault(row.respondent, {})[row.wave_kind] = row.score
    pairs = [(s["baseline"], s["mid"]) for s in scores.values() if {"baseline", "mid"} <= set(s)]
    change = paired_change([b for b, _ in pairs], [a for _, a in pairs])
    assert -1.0 < change.d_z < 0 and -15 < change.mean_diff < 0
    # The demo participant has the mid wave still to answer, so they can try it.
    open_waves = surveys.own_open_waves(actor=Actor.from_user(account("Participant")))
    assert [(w.wave.kind, w.answered) for w in open_waves] == [("mid", 0)]


def test_the_draft_programme_has_no_waves_yet(demo):
    from palg.surveys.models import Wave

    draft = Programme.objects.get(organisation=demo, status=Programme.Status.DRAFT)
    assert not Wave.objects.filter(programme=draft).exists()


def test_the_demo_has_a_released_theme_one_below_the_rule_an_answered_ask_and_responses(demo):
    from palg.demo import ASK_QUESTION, ASK_RESPONSE, THEME_BELOW_RULE, THEME_RESPONSE
    from palg.themes import selectors as themes
    from palg.themes.models import Ask, ThemeCluster, ThemeStatement

    programme = running_programme(demo)
    sponsor = Actor.from_user(account("Sponsor"))
    theme_map = themes.programme_theme_map(actor=sponsor, programme_id=programme.pk)
    (theme,) = theme_map.themes
    assert "cross" in theme.label or "decisions" in theme.label
    assert (theme.sets, theme.people) == (5, 25)  # 4 sets, 25 people, rounded
    shown = " ".join(theme.statements)
    for _, text in THEME_BELOW_RULE:
        assert text not in shown
        assert ThemeStatement.objects.get(text=text).state == "released"
    assert ThemeCluster.objects.filter(organisation=demo).count() == 2  # one is below the rule
    assert ThemeStatement.objects.filter(state="draft").count() == 1
    ask = Ask.objects.get(question=ASK_QUESTION)
    (answer,) = themes.ask_themes(ask)
    assert answer.sets == 5 and answer.people == 20  # 3 sets, 19 people, rounded
    loop = themes.set_loop_for_group(Group.objects.get(name="Avon"))
    assert [a.question for a in loop.asks] == [ASK_QUESTION]
    assert {r.text for r in loop.responses} == {THEME_RESPONSE[0], ASK_RESPONSE[0]}
    (theme_round,) = loop.rounds
    # Open, so members can still vote: 12 votes, shown as "10 or more" and no counts yet.
    assert themes.round_results(theme_round) == themes.RoundResults(shown=False, so_far=10)
    theme_round.closed_at = theme_round.opened_at
    results = themes.round_results(theme_round)
    assert (results.shown, results.agree, results.disagree, results.passed) == (True, 8, 3, 1)


def test_the_sponsor_s_theme_map_and_ask_page_show_only_what_passed_the_rule(demo, client):
    from palg.demo import ASK_ANSWERS, THEME_BELOW_RULE
    from palg.themes.models import Ask

    programme = running_programme(demo)
    client.force_login(account("Sponsor"))
    page = client.get(reverse("programme-theme-map", args=[programme.pk])).text
    assert "About 5 sets and 25 people" in page
    for _, text in THEME_BELOW_RULE:
        assert text not in page
    for name in ("Aire", "Irwell", "Thames", "Avon", "Clyde"):
        assert name not in page
    ask_page = client.get(reverse("ask-detail", args=[Ask.objects.get().pk])).text
    assert any(text in ask_page for text in ASK_ANSWERS.values())
