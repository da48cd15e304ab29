"""Account invitations through the outbox: one email per person and send, however often it is
planned, with the link that makes the account; a closed or re-sent invitation's email is not
sent."""

from palg.accounts import invitations
from palg.accounts.models import Invitation
from palg.notify.models import Notice
from palg.notify.planning import notices_plan
from palg.notify.sending import notices_send_due
from tests.notify.conftest import html_part, text_part


def invite_ann(cast) -> Invitation:
    (invitation,) = invitations.invitations_create(
        actor=cast.actor("lead"), identifiers=["ann@acme.example"]
    ).invited
    return invitation


def account_emails(smtp, address: str):
    # Ann is in set Alpha, so her meeting invitations arrive too.
    return [m for m in smtp.to(address) if m["Subject"].startswith("Your palg account")]


def account_notices():
    return Notice.objects.filter(kind=Notice.Kind.ACCOUNT)


def test_the_outbox_sends_one_invitation_email_per_person_even_if_planned_twice(cast, smtp):
    invitation = invite_ann(cast)
    notices_plan()
    notices_plan()
    assert account_notices().count() == 1
    notices_send_due()
    notices_plan()
    notices_send_due()
    (message,) = account_emails(smtp, "ann@acme.example")
    assert message["Subject"] == "Your palg account at Acme: set your password"
    invitation.refresh_from_db()
    link = "https://palg.example.org" + invitations.invitation_path(invitation)
    assert link in text_part(message) and link in html_part(message)
    assert "Lena invited you" in text_part(message)
    assert account_notices().get().status == Notice.Status.SENT


def test_a_revoked_invitations_email_is_not_sent(cast, smtp):
    invitation = invite_ann(cast)
    invitations.invitation_revoke(actor=cast.actor("admin"), invitation_id=invitation.pk)
    notices_send_due()
    assert account_emails(smtp, "ann@acme.example") == []
    assert account_notices().get().status == Notice.Status.SKIPPED


def test_a_re_sent_invitation_sends_only_the_newest_link(cast, smtp):
    invitation = invite_ann(cast)
    invitations.invitation_resend(actor=cast.actor("admin"), invitation_id=invitation.pk)
    notices_plan()
    notices_send_due()
    (message,) = account_emails(smtp, "ann@acme.example")
    invitation.refresh_from_db()
    assert invitations.invitation_path(invitation) in text_part(message)
    statuses = dict(account_notices().values_list("sequence", "status"))
    assert statuses == {1: Notice.Status.SKIPPED, 2: Notice.Status.SENT}


def test_the_planner_queues_an_open_invitation_that_has_no_notice_yet(cast, smtp):
    invitation = invite_ann(cast)
    account_notices().delete()
    notices_plan()
    notices_plan()
    assert account_notices().filter(account_invitation=invitation).count() == 1


def test_no_invitation_email_goes_to_someone_who_got_an_account_meanwhile(cast, smtp):
    from palg.accounts.models import User

    invite_ann(cast)
    User.objects.create_user(email="ann@acme.example", password="x-long-passphrase-1")
    notices_send_due()
    assert account_emails(smtp, "ann@acme.example") == []
    notice = account_notices().get()
    assert (notice.status, notice.last_error) == (
        Notice.Status.SKIPPED,
        "The person has an account already.",
    )
