"""Running a live session: controls, the clock, concurrency and who may drive."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection
from django.http import Http404

from palg.live import services
from palg.live.models import LiveSession


@pytest.fixture
def run(cast):
    """`run("next")` presses a control as the set's facilitator on the current version."""

    def press(action: str, role: str = "facilitator", **kwargs):
        session = LiveSession.objects.filter(meeting=cast.alpha_meeting).first()
        version = kwargs.pop("version", session.version if session else 0)
        return services.session_control(
            actor=cast.actor(role),
            meeting_id=cast.alpha_meeting.pk,
            action=action,
            version=version,
            **kwargs,
        )

    return press


def test_starting_opens_the_programme_s_template_at_its_first_phase(cast, run):
    session = run("start")
    assert session.template == "revans-uk"
    assert session.status == "running"
    assert services.steps_of(session)[session.step].phase.key == "check-in"
    assert 20 * 60 - 2 < services.remaining_seconds(session) <= 20 * 60


def test_next_and_previous_walk_the_plan(cast, run):
    run("start")
    assert run("next").step == 1
    assert run("next").step == 2
    assert run("previous").step == 1


def test_two_presses_on_the_same_version_move_the_session_once(cast, run):
    session = run("start")
    run("next", version=session.version)
    with pytest.raises(ValidationError, match="has moved on.*Our contract"):
        run("next", version=session.version)
    assert LiveSession.objects.get().step == 1


def test_two_facilitators_pressing_next_at_the_same_moment_move_the_session_once(
    transactional_db, cast, run
):
    # Two real database connections race on the same version: the conditional UPDATE lets
    # exactly one through, whichever commits first.
    session = run("start")
    barrier = threading.Barrier(2)
    outcomes = []

    def press():
        try:
            barrier.wait(timeout=10)
            run("next", version=session.version)
            outcomes.append("moved")
        except ValidationError:
            outcomes.append("refused")
        except OperationalError as error:
            # The tests' in-memory SQLite shares one cache between threads and answers a
            # concurrent writer "table is locked" at once; a file database waits instead.
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["moved", "refused"]
    after = LiveSession.objects.get()
    assert (after.step, after.version) == (1, session.version + 1)


def test_a_pause_stops_the_clock_and_resuming_continues_it(cast, run):
    session = run("start")
    # Pretend the step started ten minutes ago and the pause lasted five.
    LiveSession.objects.filter(pk=session.pk).update(
        step_started_at=session.step_started_at - timedelta(minutes=10)
    )
    paused = run("pause")
    # ...and that the pause began five minutes ago (the whole clock moves back five minutes).
    LiveSession.objects.filter(pk=paused.pk).update(
        paused_at=paused.paused_at - timedelta(minutes=5),
        step_started_at=paused.step_started_at - timedelta(minutes=5),
    )
    left = services.remaining_seconds(LiveSession.objects.get())
    assert abs(left - 10 * 60) < 2  # 20 minutes, 10 of them used before the pause
    resumed = run("resume")
    assert resumed.status == "running"
    assert abs(services.remaining_seconds(resumed) - left) < 2


def test_extending_adds_minutes_to_the_current_phase_only(cast, run):
    run("start")
    extended = run("extend", minutes=5)
    assert services.remaining_seconds(extended) > 24 * 60
    assert services.remaining_seconds(run("next")) <= 3 * 60


def test_the_last_phase_cannot_be_passed_and_ending_ends(cast, run):
    session = run("start")
    for _ in range(len(services.steps_of(session)) - 1):
        session = run("next")
    with pytest.raises(ValidationError, match="last phase"):
        run("next")
    ended = run("end")
    assert ended.status == "ended" and ended.ended_at is not None
    assert services.remaining_seconds(ended) is None
    with pytest.raises(ValidationError, match="has ended"):
        run("next")


def test_members_drive_only_once_facilitation_is_handed_to_them(cast, run):
    run("start")
    with pytest.raises(PermissionDenied):
        run("next", role="member")
    run("hand", person_id=cast.people["member"].pk)
    assert run("next", role="member").step == 1
    assert run("next", role="facilitator").step == 2  # the adviser keeps control too


def test_facilitation_goes_only_to_a_member_of_the_set(cast, run):
    run("start")
    with pytest.raises(ValidationError, match="member of this set"):
        run("hand", person_id=cast.people["other_member"].pk)


@pytest.mark.parametrize("role", ["lead", "sponsor", "admin"])
def test_overseers_know_the_meeting_but_cannot_open_its_session(cast, run, role):
    with pytest.raises(PermissionDenied):
        run("start", role=role)


@pytest.mark.parametrize("role", ["other_member", "outsider", "stranger"])
def test_people_outside_the_set_do_not_find_it(cast, run, role):
    with pytest.raises(Http404):
        run("start", role=role)


def test_timeboxes_are_adjusted_before_the_start_only(cast, run):
    session = services.session_prepare(
        actor=cast.actor("facilitator"),
        meeting_id=cast.alpha_meeting.pk,
        minutes={"check-in": 10},
        skip=["resources"],
    )
    assert session.minutes == {"check-in": 10} and session.skip == ["resources"]
    run("start")
    with pytest.raises(ValidationError, match="before the session starts"):
        services.session_prepare(
            actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk, minutes={}
        )


def test_bad_preparation_is_refused_field_by_field(cast):
    with pytest.raises(ValidationError) as refused:
        services.session_prepare(
            actor=cast.actor("facilitator"),
            meeting_id=cast.alpha_meeting.pk,
            minutes={"check-in": 0, "nope": 3},
            skip=["check-in"],
        )
    assert refused.value.message_dict == {
        "minutes": [
            "Timeboxes must be whole minutes from 1 to 240.",
            "The template has no phase 'nope'.",
        ],
    }
    assert not LiveSession.objects.exists()
