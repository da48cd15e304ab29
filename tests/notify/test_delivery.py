"""Sending: each due notice reaches the local SMTP server once, with a plain-text and an HTML
part, a Message-ID made from its key, an unsubscribe link and (invitations) the `.ics`."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar

from palg.notify.models import Notice
from palg.notify.planning import notices_plan
from palg.notify.sending import notice_claim, notices_send_due
from palg.programmes.services import meeting_update
from tests.notify.conftest import html_part, text_part


def invitations(cast) -> list[Notice]:
    notices_plan()
    return list(Notice.objects.filter(kind=Notice.Kind.INVITATION))


def test_an_invitation_arrives_with_both_parts_a_stable_message_id_and_the_ics(cast, smtp):
    invitations(cast)
    assert notices_send_due() == {"sent": 5}
    (message,) = smtp.to("alice@acme.example")
    meeting = cast.alpha_meeting
    key = f"invite:meeting:{meeting.pk}:person:{cast.people['member'].pk}:seq:0"
    assert message["Message-ID"] == f"<{key.replace(':', '.')}@palg.example.org>"
    assert message["Subject"].startswith("Invitation: Set Alpha meets ")
    text = text_part(message)
    assert "Your action learning set (Set Alpha, Leading through change) meets" in text
    assert "<strong>Set Alpha</strong>" in html_part(message)
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "invitation.ics"
    assert attachment.get_content_type() == "application/ics"
    calendar = Calendar.from_ical(attachment.get_content())
    (event,) = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "REQUEST" and event["SEQUENCE"] == 0
    assert "alice@acme.example" in str(event["ATTENDEE"])
    assert Notice.objects.get(key=key).status == Notice.Status.SENT


def test_every_message_carries_an_unsubscribe_link_in_its_headers_and_footer(cast, smtp):
    invitations(cast)
    notices_send_due()
    for message in smtp.messages:
        # As written on the wire, not an RFC 2047 encoded word: clients read it as a link.
        assert dict(message.raw_items())["List-Unsubscribe"].startswith("<https://")
        link = message["List-Unsubscribe"].strip("<>")
        assert link.startswith("https://palg.example.org/email/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link in text_part(message) and link in html_part(message)


def test_sending_again_sends_nothing_more(cast, smtp):
    invitations(cast)
    notices_send_due()
    notices_plan()
    assert notices_send_due() == {}
    assert len(smtp.messages) == 5


def test_a_refused_message_waits_and_is_sent_once_later(cast, smtp):
    invitations(cast)
    smtp.refuse = 1
    assert notices_send_due() == {"retried": 1, "sent": 4}
    retried = Notice.objects.get(status=Notice.Status.PENDING)
    assert retried.attempts == 1 and "451" in retried.last_error
    assert notices_send_due() == {}  # not due again yet
    assert notices_send_due(now=timezone.now() + timedelta(minutes=6)) == {"sent": 1}
    assert len(smtp.messages) == len(set(smtp.message_ids())) == 5


def test_an_invitation_for_a_meeting_moved_again_is_skipped_for_the_new_one(cast, smtp):
    invitations(cast)
    meeting_update(
        actor=cast.actor("lead"),
        meeting_id=cast.alpha_meeting.pk,
        starts_at=cast.alpha_meeting.starts_at + timedelta(days=1),
    )
    notices_plan()
    outcome = notices_send_due()
    assert outcome == {"skipped": 3, "sent": 5}
    moved = smtp.to("alice@acme.example")
    assert len(moved) == 1 and moved[0]["Subject"].startswith("Moved: Set Alpha meets ")
    skipped = Notice.objects.filter(status=Notice.Status.SKIPPED)
    assert {notice.sequence for notice in skipped} == {0}
    assert set(skipped.values_list("last_error", flat=True)) == {
        "The meeting changed again; a newer invitation replaces this one."
    }


def test_a_worker_killed_after_claiming_does_not_send_twice(cast, smtp, settings):
    # The worker claims a notice and dies before (or after) the SMTP call: the row says
    # "sending". Other workers leave it alone, and after the timeout it is marked failed for a
    # person to look at, never sent again by itself.
    invitations(cast)
    claimed = notice_claim()
    assert claimed.status == Notice.Status.SENDING and claimed.attempts == 1
    assert notices_send_due() == {"sent": 4}
    assert notices_send_due() == {}
    later = timezone.now() + timedelta(seconds=settings.NOTIFY_SENDING_TIMEOUT + 1)
    assert notices_send_due(now=later) == {"failed": 1}
    assert notices_send_due(now=later) == {}
    claimed.refresh_from_db()
    assert claimed.status == Notice.Status.FAILED and "worker stopped" in claimed.last_error
    assert len(smtp.messages) == 4 and claimed.recipient.email not in str(
        [m["To"] for m in smtp.messages]
    )


def test_a_failed_notice_is_sent_after_someone_queues_it_again(cast, smtp, settings):
    from palg.notify.services import notice_retry

    invitations(cast)
    claimed = notice_claim()
    later = timezone.now() + timedelta(seconds=settings.NOTIFY_SENDING_TIMEOUT + 1)
    notices_send_due(now=later)
    notice_retry(key=claimed.key)
    assert notices_send_due(now=later) == {"sent": 1}
    assert len(smtp.to(claimed.recipient.email)) == 1


def test_an_unreachable_smtp_server_leaves_every_notice_pending_for_later(cast, smtp, settings):
    from tests.notify.conftest import free_port

    invitations(cast)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    assert notices_send_due() == {"retried": 5}
    statuses = set(Notice.objects.values_list("status", "attempts"))
    assert statuses == {(Notice.Status.PENDING, 1)}
    assert all("ConnectionRefusedError" in n.last_error for n in Notice.objects.all())
