"""Compose a notice's email from the current state: a plain-text and an HTML part (templates
under notify/templates/notify/), a Message-ID made from the notice's key (the same however
often it is composed) and an unsubscribe link in the headers and the footer. Invitations and
cancellations carry the meeting's `.ics` (palg.scheduling.ics).

A notice that no longer applies (the meeting moved again, was cancelled or has passed, the
person left the set or turned nudges off, the card was closed) raises NoticeStale with the
reason, and the sender marks it skipped. Summaries name who presented and count cards made;
they never carry anything said in the session.
"""

import email.policy
from email.message import MIMEPart
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from palg.live.models import ExperimentCard
from palg.notify.models import Notice
from palg.notify.services import unsubscribe_token, wants_nudges
from palg.people.models import Person
from palg.programmes.models import Meeting, Membership
from palg.scheduling import ics

WHEN = "%A %d %B %Y, %H:%M"
MSG_MOVED_AGAIN = "The meeting changed again; a newer invitation replaces this one."
MSG_NOT_SCHEDULED = "The meeting is no longer scheduled."
MSG_NOT_CANCELLED = "The meeting is no longer cancelled."
MSG_PASSED = "The meeting has already started."
MSG_LEFT = "The person is no longer in the set."
MSG_NUDGES_OFF = "Nudges turned off."
MSG_CARD_CLOSED = "The card is no longer open."
MSG_INVITATION_CLOSED = "The account invitation was accepted, revoked or has expired."
MSG_INVITATION_RESENT = "The account invitation was sent again; the newer email replaces this."
MSG_HAS_ACCOUNT = "The person has an account already."
MSG_WAVE_NOT_OPEN = "The survey is not open."
MSG_WAVE_LEFT = "The person is no longer a participant of the programme."
MSG_WAVE_ANSWERED = "The person has finished answering the survey."


class NoticeStale(Exception):
    """The notice no longer applies; its message says why."""


class NoticeEmail(EmailMultiAlternatives):
    """Headers fold at RFC 5322's 998 characters rather than 78: folded at 78, the long
    List-Unsubscribe URL (it has no spaces) would become an RFC 2047 encoded word, which mail
    clients do not read as a link.

    An invitation or cancellation (`calendar`: the `.ics` and its METHOD) is shaped as Google
    Calendar sends one, because Outlook and Gmail show a meeting request only when the
    `text/calendar; method=...` part is one of the alternatives of the body:
    multipart/mixed > [multipart/alternative > [text/plain, text/html, text/calendar],
    application/ics attachment]. The attachment lets a person save the file; as
    application/ics it is not read as a second request."""

    calendar: tuple[str, str] | None = None

    def message(self, *, policy=email.policy.default):
        # Whatever the backend asks for (the SMTP backend: email.policy.SMTP), with long lines.
        message = super().message(policy=policy.clone(max_line_length=998))
        if self.calendar is not None:
            content, method = self.calendar
            body = next(iter(message.iter_parts())) if self.attachments else message
            body.add_alternative(content, subtype="calendar", params={"method": method})
        return message


def message_id(notice: Notice) -> str:
    """`<invite.meeting.12.person.5.seq.3@host>`: stable for a key, so a message re-sent by
    hand is recognised as the same one by mail clients that drop duplicates."""
    host = urlsplit(settings.SITE_URL).hostname or "palg.invalid"
    return f"<{notice.key.replace(':', '.')}@{host}>"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def compose(notice: Notice) -> NoticeEmail:
    """The email for `notice`, as of now; raises NoticeStale when it no longer applies."""
    context = {**COMPOSERS[notice.kind](notice), **_common(notice.recipient)}
    name = f"notify/{notice.kind}"
    subject = " ".join(render_to_string(f"{name}_subject.txt", context).split())
    unsubscribe = context["unsubscribe_url"]
    message = NoticeEmail(
        subject=subject,
        body=render_to_string(f"{name}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[f"{notice.recipient.name} <{notice.recipient.email}>"],
        headers={
            "Message-ID": message_id(notice),
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"{name}.html", context), "text/html")
    if notice.kind in (Notice.Kind.INVITATION, Notice.Kind.CANCELLATION):
        method = ics.CANCEL if notice.kind == Notice.Kind.CANCELLATION else ics.REQUEST
        content = ics.invitation(notice.meeting, notice.recipient, method).decode()
        message.calendar = (content, method)
        message.attach(_calendar_attachment(content, method))
    return message


def _common(person: Person) -> dict:
    unsubscribe = reverse("notify-unsubscribe", args=[unsubscribe_token(person)])
    return {
        "person": person,
        "site_url": settings.SITE_URL.rstrip("/"),
        "preferences_url": absolute(reverse("notify-preferences")),
        "unsubscribe_url": absolute(unsubscribe),
    }


def _calendar_attachment(content: str, method: str) -> MIMEPart:
    part = MIMEPart()
    part.set_content(
        content.encode(),
        maintype="application",
        subtype="ics",
        disposition="attachment",
        filename="invitation.ics" if method == ics.REQUEST else "cancellation.ics",
    )
    return part


def _meeting(notice: Notice, *, status: str) -> Meeting:
    meeting = Meeting.objects.select_related("group__round__programme").get(pk=notice.meeting_id)
    if meeting.status != status:
        cancelled = status == Meeting.Status.CANCELLED
        raise NoticeStale(MSG_NOT_CANCELLED if cancelled else MSG_NOT_SCHEDULED)
    if meeting.starts_at <= timezone.now():
        raise NoticeStale(MSG_PASSED)
    if notice.sequence is not None and meeting.sequence != notice.sequence:
        raise NoticeStale(MSG_MOVED_AGAIN)
    return meeting


def _meeting_context(meeting: Meeting, person: Person) -> dict:
    programme = meeting.group.round.programme
    zone = ZoneInfo(programme.time_zone)
    return {
        "meeting": meeting,
        "programme": programme,
        "when": meeting.starts_at.astimezone(zone).strftime(WHEN),
        "time_zone": programme.time_zone,
        "meeting_url": absolute(reverse("meeting-detail", args=[meeting.pk])),
    }


def _in_set(meeting: Meeting, person: Person) -> None:
    if not Membership.objects.filter(group_id=meeting.group_id, person=person).exists():
        raise NoticeStale(MSG_LEFT)


def _invitation(notice: Notice) -> dict:
    meeting = _meeting(notice, status=Meeting.Status.SCHEDULED)
    _in_set(meeting, notice.recipient)
    return {**_meeting_context(meeting, notice.recipient), "moved": meeting.sequence > 0}


def _cancellation(notice: Notice) -> dict:
    meeting = _meeting(notice, status=Meeting.Status.CANCELLED)
    return _meeting_context(meeting, notice.recipient)


def _reminder(notice: Notice) -> dict:
    meeting = _meeting(notice, status=Meeting.Status.SCHEDULED)
    _in_set(meeting, notice.recipient)
    cards = ExperimentCard.objects.filter(
        owner=notice.recipient, group_id=meeting.group_id, status__in=ExperimentCard.OPEN
    ).order_by("due", "id")
    return {
        **_meeting_context(meeting, notice.recipient),
        "cards": [(card, absolute(reverse("card-detail", args=[card.pk]))) for card in cards],
        "cards_url": absolute(reverse("my-experiments")),
    }


def _nudge(notice: Notice) -> dict:
    if not wants_nudges(notice.recipient):
        raise NoticeStale(MSG_NUDGES_OFF)
    card = ExperimentCard.objects.select_related("group").get(pk=notice.card_id)
    if not card.is_open or card.due < timezone.localdate():
        raise NoticeStale(MSG_CARD_CLOSED)
    return {"card": card, "card_url": absolute(reverse("card-detail", args=[card.pk]))}


def _summary(notice: Notice) -> dict:
    """Who presented and how many cards were made: metadata of the session, no content."""
    session = notice.session
    meeting = Meeting.objects.select_related("group__round__programme").get(pk=session.meeting_id)
    names = dict(Person.objects.filter(pk__in=session.presenters).values_list("pk", "name"))
    return {
        **_meeting_context(meeting, notice.recipient),
        "presenters": [names[pk] for pk in session.presenters if pk in names],
        "cards_made": ExperimentCard.objects.filter(meeting_id=meeting.pk).count(),
    }


def _account(notice: Notice) -> dict:
    """An invitation to make an account: its link is derived when the email is composed
    (palg.accounts.invitations), and stale once the invitation is closed or sent again."""
    from palg.accounts.invitations import has_account_q, invitation_path

    invitation = notice.account_invitation
    if invitation.state != invitation.State.INVITED:
        raise NoticeStale(MSG_INVITATION_CLOSED)
    if invitation.sends != notice.sequence:
        raise NoticeStale(MSG_INVITATION_RESENT)
    if Person.objects.filter(pk=invitation.person_id).filter(has_account_q()).exists():
        raise NoticeStale(MSG_HAS_ACCOUNT)
    return {
        "organisation": invitation.organisation,
        "invited_by": invitation.invited_by,
        "org_admin": invitation.org_admin,
        "accept_url": absolute(invitation_path(invitation)),
        "expires": timezone.localtime(invitation.expires_at).strftime(WHEN),
    }


def _wave_context(notice: Notice) -> dict:
    """A survey invitation or reminder; stale once the wave is not open or the person is no
    longer one of its participants."""
    from palg.surveys.selectors import participants_of
    from palg_evaluation import instrument

    wave = notice.wave
    programme = wave.programme
    if not wave.is_open(timezone.now()):
        raise NoticeStale(MSG_WAVE_NOT_OPEN)
    if notice.recipient_id not in participants_of(programme):
        raise NoticeStale(MSG_WAVE_LEFT)
    closes = wave.closes_on
    return {
        "wave": wave,
        "programme": programme,
        "closes": f"{closes:%A} {closes.day} {closes:%B %Y}",
        "instruments": [instrument(i).name for i in wave.instruments],
        "answer_url": absolute(reverse("survey-answer", args=[wave.pk])),
        "scores_url": absolute(reverse("my-scores")),
    }


def _wave_reminder(notice: Notice) -> dict:
    from palg.surveys.models import Response

    context = _wave_context(notice)
    if Response.objects.filter(
        wave=notice.wave, respondent__person=notice.recipient, finished_at__isnull=False
    ).exists():
        raise NoticeStale(MSG_WAVE_ANSWERED)
    return context


COMPOSERS = {
    Notice.Kind.INVITATION: _invitation,
    Notice.Kind.CANCELLATION: _cancellation,
    Notice.Kind.REMINDER: _reminder,
    Notice.Kind.NUDGE: _nudge,
    Notice.Kind.SUMMARY: _summary,
    Notice.Kind.ACCOUNT: _account,
    Notice.Kind.WAVE_INVITATION: _wave_context,
    Notice.Kind.WAVE_REMINDER: _wave_reminder,
}
