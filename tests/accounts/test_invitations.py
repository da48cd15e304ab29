"""Invitations: whom admins and leads may invite, the one-time link, and accepting it.

In the cast, Ann (set Alpha) and Bea (set Beta) are in the directory without an account."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from palg.accounts import invitations
from palg.accounts.invitations import InvitationInvalid, invitation_token
from palg.accounts.models import Invitation, SecurityEvent, User, token_digest
from palg.notify.models import Notice
from tests.conftest import make_person

GOOD_PASSWORD = "a-long-and-unusual-passphrase"


def invite(cast, role: str = "admin", *names: str) -> invitations.InvitationsSent:
    emails = [cast.people[name].email for name in names] or [cast.people["ann"].email]
    return invitations.invitations_create(actor=cast.actor(role), identifiers=emails)


def token_of(invitation: Invitation) -> str:
    invitation.refresh_from_db()
    return invitation_token(invitation)


# Inviting ------------------------------------------------------------------------------------


def test_an_admin_invites_a_person_without_an_account_with_one_outbox_email(cast):
    result = invite(cast, "admin", "ann")
    (invitation,) = result.invited
    assert invitation.person == cast.people["ann"] and invitation.state == "invited"
    notice = Notice.objects.get(kind=Notice.Kind.ACCOUNT)
    assert notice.recipient == cast.people["ann"] and notice.account_invitation == invitation
    assert notice.key == f"account:invitation:{invitation.pk}:send:1"


def test_the_link_expires_after_palg_invite_days(cast, settings):
    settings.INVITE_DAYS = 3
    (invitation,) = invite(cast).invited
    assert invitation.expires_at - invitation.sent_at == timedelta(days=3)


def test_only_a_digest_of_the_link_is_stored(cast):
    (invitation,) = invite(cast).invited
    token = token_of(invitation)
    assert invitation.digest == token_digest(token)
    stored = [str(value) for value in Invitation.objects.values().get(pk=invitation.pk).values()]
    assert token not in stored


def test_people_with_an_account_or_an_open_invitation_are_skipped_with_the_reason(cast):
    invite(cast, "admin", "ann")
    result = invite(cast, "admin", "ann", "member")
    assert result.invited == []
    reasons = {person.name: reason for person, reason in result.skipped}
    assert reasons["Alice"] == invitations.MSG_HAS_ACCOUNT
    assert reasons["Ann"].startswith("already invited")
    assert Notice.objects.filter(kind=Notice.Kind.ACCOUNT).count() == 1


def test_names_that_match_no_one_are_returned_and_all_unknown_changes_nothing(cast):
    result = invite(cast, "admin", "ann")
    result = invitations.invitations_create(
        actor=cast.actor("admin"), identifiers=["E9", "nobody@acme.example"]
    )
    assert [i.person.name for i in result.invited] == ["Bea"]
    assert result.unknown == ["nobody@acme.example"]
    with pytest.raises(ValidationError):
        invitations.invitations_create(actor=cast.actor("admin"), identifiers=["x@y.example"])
    assert Invitation.objects.count() == 2


def test_an_admin_invites_everyone_without_an_account_at_once(cast):
    result = invitations.invitations_create(actor=cast.actor("admin"), all_without_account=True)
    assert sorted(i.person.name for i in result.invited) == ["Ann", "Bea"]


def test_a_lead_invites_only_the_people_of_their_programmes(cast):
    newcomer = make_person(cast.org, "E20", "Nina")
    result = invitations.invitations_create(
        actor=cast.actor("lead"), identifiers=["ann@acme.example", newcomer.email]
    )
    assert [i.person.name for i in result.invited] == ["Ann"]
    assert result.skipped == [(newcomer, invitations.MSG_NOT_YOURS)]


@pytest.mark.parametrize("role", ["sponsor", "facilitator", "member", "outsider"])
def test_people_who_are_not_staff_cannot_invite(cast, role):
    with pytest.raises(PermissionDenied):
        invite(cast, role, "ann")
    assert not Invitation.objects.exists()


def test_a_lead_sees_the_invitations_of_their_programmes_people_only(cast):
    newcomer = make_person(cast.org, "E20", "Nina")
    invitations.invitations_create(
        actor=cast.actor("admin"), identifiers=["ann@acme.example", newcomer.email]
    )
    assert [i.person.name for i in invitations.invitation_list(actor=cast.actor("lead"))] == ["Ann"]
    assert len(invitations.invitation_list(actor=cast.actor("admin"))) == 2
    assert not invitations.invitation_list(actor=cast.actor("stranger")).exists()


# Re-sending and revoking ---------------------------------------------------------------------


def test_re_sending_gives_a_new_link_and_the_old_one_stops_working(cast):
    (invitation,) = invite(cast).invited
    old = token_of(invitation)
    invitations.invitation_resend(actor=cast.actor("lead"), invitation_id=invitation.pk)
    new = token_of(invitation)
    assert new != old
    with pytest.raises(InvitationInvalid):
        invitations.invitation_for_token(old)
    assert invitations.invitation_for_token(new) == invitation
    keys = Notice.objects.filter(kind=Notice.Kind.ACCOUNT).values_list("key", flat=True)
    assert sorted(keys)[-1].endswith(":send:2") and len(keys) == 2


def test_revoking_closes_the_link_and_a_re_send_reopens_it(cast):
    (invitation,) = invite(cast).invited
    token = token_of(invitation)
    assert invitations.invitation_revoke(actor=cast.actor("admin"), invitation_id=invitation.pk)
    assert not invitations.invitation_revoke(actor=cast.actor("admin"), invitation_id=invitation.pk)
    with pytest.raises(InvitationInvalid, match="withdrawn"):
        invitations.invitation_for_token(token)
    invitations.invitation_resend(actor=cast.actor("admin"), invitation_id=invitation.pk)
    assert Invitation.objects.get(pk=invitation.pk).state == "invited"


def test_inviting_revoking_and_accepting_are_security_events_the_admins_see(cast):
    (invitation,) = invite(cast, "lead").invited
    invitations.invitation_revoke(actor=cast.actor("admin"), invitation_id=invitation.pk)
    invitations.invitation_resend(actor=cast.actor("admin"), invitation_id=invitation.pk)
    user = accept(token_of(invitation))
    events = SecurityEvent.objects.filter(email=cast.people["ann"].email).order_by("at", "id")
    assert [(e.kind, e.actor, e.user) for e in events] == [
        ("invited", cast.users["lead"], None),
        ("invitation-revoked", cast.users["admin"], None),
        ("invited", cast.users["admin"], None),
        ("invitation-accepted", None, user),
    ]
    assert {e.organisation_id for e in events} == {cast.org.pk}
    [address] = EmailAddress.objects.filter(user=user)
    assert (address.email, address.verified, address.primary) == (user.email, True, True)


def test_an_invitation_outside_the_leads_programmes_does_not_exist_for_them(cast):
    newcomer = make_person(cast.org, "E20", "Nina")
    (invitation,) = invitations.invitations_create(
        actor=cast.actor("admin"), identifiers=[newcomer.email]
    ).invited
    from django.http import Http404

    with pytest.raises(Http404):
        invitations.invitation_revoke(actor=cast.actor("lead"), invitation_id=invitation.pk)
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


# Accepting -----------------------------------------------------------------------------------


def accept(token: str, password: str = GOOD_PASSWORD) -> User:
    return invitations.invitation_accept(token=token, password=password, password_again=password)


def test_accepting_makes_an_account_linked_to_the_person_and_their_organisation(cast):
    (invitation,) = invite(cast).invited
    user = accept(token_of(invitation))
    ann = cast.people["ann"]
    assert (user.person, user.organisation, user.email) == (ann, cast.org, ann.email)
    assert user.check_password(GOOD_PASSWORD) and not user.is_org_admin
    assert Invitation.objects.get(pk=invitation.pk).state == "accepted"


def test_an_accepted_link_cannot_be_used_again(cast):
    (invitation,) = invite(cast).invited
    token = token_of(invitation)
    accept(token)
    with pytest.raises(InvitationInvalid, match="used already"):
        accept(token, "another-long-passphrase")
    assert User.objects.filter(email="ann@acme.example").count() == 1


def test_an_expired_link_changes_nothing(cast):
    (invitation,) = invite(cast).invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    with pytest.raises(InvitationInvalid, match="expired"):
        accept(token_of(invitation))
    assert not User.objects.filter(email="ann@acme.example").exists()


@pytest.mark.parametrize("token", ["0" * 64, "not-a-token", "x" * 500])
def test_a_forged_link_is_refused_as_not_found(cast, token):
    invite(cast)
    with pytest.raises(InvitationInvalid) as refused:
        accept(token)
    assert refused.value.status == 404


def test_a_weak_password_is_refused_by_djangos_validators_and_changes_nothing(cast):
    (invitation,) = invite(cast).invited
    token = token_of(invitation)
    for weak in ("12345678", "password", "ann"):
        with pytest.raises(ValidationError) as refused:
            accept(token, weak)
        assert "password" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        invitations.invitation_accept(token=token, password=GOOD_PASSWORD, password_again="other")
    assert "password_again" in refused.value.message_dict
    assert not User.objects.filter(email="ann@acme.example").exists()
    assert Invitation.objects.get(pk=invitation.pk).state == "invited"


def test_an_account_made_meanwhile_for_the_same_email_closes_the_link(cast):
    (invitation,) = invite(cast).invited
    User.objects.create_user(email="ANN@acme.example", password=GOOD_PASSWORD)
    with pytest.raises(InvitationInvalid, match="already an account"):
        accept(token_of(invitation))


def test_accepted_invitations_cannot_be_re_sent_or_revoked(cast):
    (invitation,) = invite(cast).invited
    accept(token_of(invitation))
    for change in (invitations.invitation_resend, invitations.invitation_revoke):
        with pytest.raises(ValidationError, match="accepted"):
            change(actor=cast.actor("admin"), invitation_id=invitation.pk)


def test_the_accept_page_url_is_the_link_in_the_email(cast):
    (invitation,) = invite(cast).invited
    token = token_of(invitation)
    assert invitations.invitation_path(invitation) == reverse("invitation-accept", args=[token])
