"""Helpers for the learning-cycle tests: a running session of Alpha with Ann presenting."""

from datetime import timedelta

from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from palg.access import Actor
from palg.accounts.models import User
from palg.live import bidding, services
from palg.live.models import LiveSession
from palg.programmes.models import Meeting
from tests.conftest import make_user

HTMX = {"HX-Request": "true"}


def ann_actor(cast) -> Actor:
    user = User.objects.filter(person=cast.people["ann"]).first()
    return Actor.from_user(user or make_user(cast.people["ann"]))


def press(cast, action: str, meeting=None, **kwargs):
    meeting = meeting or cast.alpha_meeting
    session = LiveSession.objects.get(meeting=meeting)
    return services.session_control(actor=cast.actor("facilitator"), meeting_id=meeting.pk,
                                    action=action, version=session.version, **kwargs)  # fmt: skip


def go_to(cast, phase: str, meeting=None, presenter: int = 0) -> LiveSession:
    """Press "next" until the session stands at the phase (for the given presenter's case)."""
    meeting = meeting or cast.alpha_meeting
    while True:
        session = LiveSession.objects.get(meeting=meeting)
        step = services.steps_of(session)[session.step]
        if step.phase.key == phase and step.presenter in (None, presenter):
            return session
        press(cast, "next", meeting)


def start_with_presenter(cast, meeting=None, presenters=("ann",)) -> LiveSession:
    """Bids, start and the choice of presenters (Ann by default) at the meeting."""
    meeting = meeting or cast.alpha_meeting
    actors = {"ann": ann_actor(cast), "member": cast.actor("member")}
    for role in presenters:
        bidding.bid_place(actor=actors[role], meeting_id=meeting.pk, text=f"{role}'s problem")
    press(cast, "start", meeting)
    bidding.presenters_choose(
        actor=cast.actor("facilitator"),
        meeting_id=meeting.pk,
        person_ids=[cast.people[r].pk for r in presenters],
        version=LiveSession.objects.get(meeting=meeting).version,
    )
    return LiveSession.objects.get(meeting=meeting)


def next_meeting(cast, weeks: int = 4) -> Meeting:
    """The set's next meeting, `weeks` after the cast's; the weeks pass, so it is today."""
    meeting = Meeting.objects.create(
        group=cast.alpha, starts_at=cast.alpha_meeting.starts_at + timedelta(weeks=weeks)
    )
    weeks_pass(cast, weeks)
    meeting.refresh_from_db()
    return meeting


def soon(days: int = 14):
    return timezone.localdate() + timedelta(days=days)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name: str, *args) -> str:
    return reverse(name, args=list(args))


def today(meeting: Meeting, *, minutes: int = 10) -> Meeting:
    """Move the meeting to start in a few minutes: a session starts only on its meeting's day."""
    meeting.starts_at = timezone.now() + timedelta(minutes=minutes)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=meeting.starts_at)
    return meeting


def weeks_pass(cast, weeks: int = 4) -> None:
    """Time moves on: every meeting of the cast's sets is `weeks` earlier than it was (the next
    meeting comes round, and the one just held lies weeks back)."""
    shift = timedelta(weeks=weeks)
    Meeting.objects.filter(group__in=[cast.alpha, cast.beta]).update(
        starts_at=F("starts_at") - shift
    )
    for meeting in (cast.alpha_meeting, cast.beta_meeting):
        meeting.refresh_from_db()
