"""The planner: which notices fall due, once per key however often it runs, and what each
message says (reminders list open cards only; summaries carry no session content)."""

from datetime import timedelta

from django.utils import timezone

from palg.live.models import CardEntry, Contribution, ExperimentCard, LiveSession, ReviewSheet
from palg.notify.models import Notice
from palg.notify.planning import notices_plan
from palg.notify.sending import notices_send_due
from palg.notify.services import preference_set
from palg.programmes.models import Meeting
from palg.programmes.services import meeting_update
from tests.notify.conftest import html_part, text_part

Kind = Notice.Kind


def keys(kind: str) -> set[str]:
    return set(Notice.objects.filter(kind=kind).values_list("key", flat=True))


def card(cast, *, owner="member", status="planned", days=10, made_days_ago=0, **fields):
    made = ExperimentCard.objects.create(
        owner=cast.people[owner],
        group=cast.alpha,
        programme=cast.programme,
        action=fields.pop("action", "Ask my team what slows them down"),
        expectation="Two or three blockers",
        signal="What they name first",
        due=timezone.localdate() + timedelta(days=days),
        status=status,
        **fields,
    )
    if made_days_ago:
        ExperimentCard.objects.filter(pk=made.pk).update(
            created_at=timezone.now() - timedelta(days=made_days_ago)
        )
    return made


def soon(cast, meeting=None) -> Meeting:
    """Move the alpha meeting to a day from now (inside the reminder window)."""
    meeting = meeting or cast.alpha_meeting
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() + timedelta(days=1))
    return Meeting.objects.get(pk=meeting.pk)


def test_planning_twice_creates_each_notice_once(cast):
    first = notices_plan()
    assert first == Notice.objects.count() == 5
    assert notices_plan() == 0
    assert Notice.objects.count() == 5


def test_each_member_and_facilitator_is_invited_once_per_meeting(cast):
    notices_plan()
    alpha, beta = cast.alpha_meeting.pk, cast.beta_meeting.pk
    alpha_people = [cast.people[r].pk for r in ("facilitator", "member", "ann")]
    beta_people = [cast.people[r].pk for r in ("other_member", "bea")]
    assert keys(Kind.INVITATION) == {
        *(f"invite:meeting:{alpha}:person:{pk}:seq:0" for pk in alpha_people),
        *(f"invite:meeting:{beta}:person:{pk}:seq:0" for pk in beta_people),
    }


def test_a_moved_meeting_is_invited_again_at_its_new_sequence(cast):
    notices_plan()
    meeting_update(actor=cast.actor("lead"), meeting_id=cast.alpha_meeting.pk, location="Room 2")
    assert notices_plan() == 3
    assert len([k for k in keys(Kind.INVITATION) if k.endswith(":seq:1")]) == 3


def test_a_cancelled_meeting_sends_a_cancellation_to_those_invited(cast, smtp):
    notices_plan()
    notices_send_due()
    meeting_update(actor=cast.actor("lead"), meeting_id=cast.alpha_meeting.pk, status="cancelled")
    notices_plan()
    assert len(keys(Kind.CANCELLATION)) == 3
    notices_send_due()
    (cancelled,) = [m for m in smtp.to("alice@acme.example") if "Cancelled" in m["Subject"]]
    (attachment,) = list(cancelled.iter_attachments())
    calendar = attachment.get_content().decode()
    assert "METHOD:CANCEL" in calendar and "STATUS:CANCELLED" in calendar


def test_a_reminder_is_planned_two_days_before_and_not_earlier(cast):
    notices_plan()
    assert keys(Kind.REMINDER) == set()
    meeting = soon(cast)
    notices_plan()
    reminders = Notice.objects.filter(kind=Kind.REMINDER)
    assert reminders.count() == 3
    assert {n.due_at for n in reminders} == {meeting.starts_at - timedelta(days=2)}


def test_the_reminder_lists_the_members_open_cards_only(cast, smtp):
    open_ones = [
        card(cast, action="Planned: ask my team"),
        card(cast, status="in-progress", action="In progress: delegate the rota"),
    ]
    card(cast, status="done", action="Done: weekly one-to-ones")
    card(cast, status="dropped", action="Dropped: the offsite")
    card(cast, owner="ann", action="Ann's own card")
    soon(cast)
    notices_plan()
    notices_send_due()
    reminder = next(m for m in smtp.to("alice@acme.example") if "Reminder" in m["Subject"])
    for body in (text_part(reminder), html_part(reminder)):
        assert "Planned: ask my team" in body and "In progress: delegate the rota" in body
        assert "Done:" not in body and "Dropped:" not in body and "Ann's own" not in body
        assert f"/sessions/cards/{open_ones[0].pk}/" in body


def test_a_nudge_falls_due_halfway_to_the_cards_date(cast, smtp):
    early = card(cast, days=10, made_days_ago=2)  # halfway is three days away
    due = card(cast, days=4, made_days_ago=6, action="Try a silent start & <listen>")
    card(cast, days=1, action="Too short to nudge")
    notices_plan()
    assert keys(Kind.NUDGE) == {f"nudge:card:{due.pk}"}
    notices_send_due()
    (nudge,) = [m for m in smtp.messages if m["Subject"].startswith("Halfway")]
    assert nudge["Subject"] == "Halfway: Try a silent start & <listen>"
    assert "Try a silent start & <listen>" in text_part(nudge)
    assert "Try a silent start &amp; &lt;listen&gt;" in html_part(nudge)
    assert early.pk  # planned later, not now


def test_opted_out_people_get_no_nudges_and_their_notices_are_skipped(cast, smtp):
    preference_set(person=cast.people["member"], nudges=False)
    theirs = card(cast, days=4, made_days_ago=6)
    anns = card(cast, owner="ann", days=4, made_days_ago=6)
    notices_plan()
    notices_send_due()
    assert Notice.objects.get(card=theirs).status == Notice.Status.SKIPPED
    assert Notice.objects.get(card=anns).status == Notice.Status.SENT
    assert not [m for m in smtp.to("alice@acme.example") if "Halfway" in m["Subject"]]


def test_opting_out_after_planning_still_stops_the_nudge(cast, smtp):
    theirs = card(cast, days=4, made_days_ago=6)
    notices_plan()
    preference_set(person=cast.people["member"], nudges=False)
    notices_send_due()
    notice = Notice.objects.get(card=theirs)
    assert (notice.status, notice.last_error) == (Notice.Status.SKIPPED, "Nudges turned off.")


def test_the_facilitators_summary_names_presenters_and_counts_cards_but_has_no_content(cast, smtp):
    meeting = cast.alpha_meeting
    alice, ann = cast.people["member"], cast.people["ann"]
    session = LiveSession.objects.create(
        meeting=meeting, status=LiveSession.Status.ENDED, ended_at=timezone.now(),
        presenters=[alice.pk],
    )  # fmt: skip
    Contribution.objects.create(
        session=session, step=3, phase="questions", presenter=alice, author=ann,
        text="SECRET QUESTION about the merger", verdict="question", status="posted",
    )  # fmt: skip
    ReviewSheet.objects.create(session=session, author=alice, learned_1="SECRET LEARNING")
    made = card(cast, meeting=meeting, action="SECRET ACTION for the merger")
    CardEntry.objects.create(
        card=made, kind="report", learned="SECRET REPORT", status_before="planned",
        status_after="planned",
    )  # fmt: skip
    notices_plan()
    fran = cast.people["facilitator"].pk
    assert keys(Kind.SUMMARY) == {f"summary:session:{session.pk}:person:{fran}"}
    notices_send_due()
    (summary,) = [m for m in smtp.messages if m["Subject"].startswith("Session summary")]
    assert "fran@acme.example" in summary["To"]
    for body in (text_part(summary), html_part(summary)):
        assert "Presented: Alice" in body and "Experiment cards made: 1" in body
        assert "SECRET" not in body and "merger" not in body
    assert "SECRET" not in summary.as_string()
