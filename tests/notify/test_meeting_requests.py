"""Invitations and cancellations as mail clients read them: the `text/calendar; method=...` part
inside multipart/alternative (where Outlook and Gmail look for a meeting request), and the
same `.ics` as an attachment, as Google Calendar sends it. Read as received by the local SMTP
server and as Python's email parser reads the composed message's bytes."""

import email
from email import policy

from icalendar import Calendar

from palg.notify.compose import compose
from palg.notify.models import Notice
from palg.notify.planning import notices_plan
from palg.notify.sending import notices_send_due
from palg.programmes.services import meeting_update
from tests.notify.conftest import html_part, text_part

REQUEST_SHAPE = [
    "multipart/mixed",
    [["multipart/alternative", ["text/plain", "text/html", "text/calendar"]], "application/ics"],
]


def shape(part) -> list | str:
    """The MIME tree as nested content types."""
    if part.is_multipart():
        return [part.get_content_type(), [shape(child) for child in part.iter_parts()]]
    return part.get_content_type()


def calendar_parts(message):
    """The meeting request inside the alternative, and the attachment."""
    alternative = next(message.iter_parts())
    *_, inline = alternative.iter_parts()
    (attachment,) = message.iter_attachments()
    return inline, attachment


def assert_meeting_request(message, method: str, filename: str) -> None:
    assert shape(message) == REQUEST_SHAPE
    inline, attachment = calendar_parts(message)
    assert inline.get_param("method") == method
    assert inline.get_content_charset() == "utf-8"
    assert inline.get_content_disposition() is None  # a body part, not an attachment
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == filename
    calendar = Calendar.from_ical(inline.get_content())
    assert calendar["METHOD"] == method
    assert Calendar.from_ical(attachment.get_content()) == calendar
    # The readable parts are still the body a client shows.
    assert "Alpha" in text_part(message) and "Alpha" in html_part(message)


def test_an_invitation_arrives_as_a_meeting_request_outlook_and_gmail_show(cast, smtp):
    notices_plan()
    notices_send_due()
    (message,) = smtp.to("alice@acme.example")
    assert_meeting_request(message, "REQUEST", "invitation.ics")


def test_a_cancellation_arrives_as_a_meeting_cancellation(cast, smtp):
    notices_plan()
    notices_send_due()
    meeting_update(actor=cast.actor("lead"), meeting_id=cast.alpha_meeting.pk, status="cancelled")
    notices_plan()
    notices_send_due()
    (cancelled,) = [m for m in smtp.to("alice@acme.example") if "Cancelled" in m["Subject"]]
    assert_meeting_request(cancelled, "CANCEL", "cancellation.ics")
    inline, _ = calendar_parts(cancelled)
    assert "STATUS:CANCELLED" in inline.get_content()


def test_the_composed_bytes_parse_to_the_same_shape(cast, settings):
    settings.SITE_URL = "https://palg.example.org"
    notices_plan()
    notice = Notice.objects.filter(kind=Notice.Kind.INVITATION).first()
    raw = compose(notice).message().as_bytes()
    message = email.message_from_bytes(raw, policy=policy.default)
    assert_meeting_request(message, "REQUEST", "invitation.ics")
