"""The Invitations page (admins and leads) and the accept page an invited person opens."""

import pytest
from django.urls import reverse
from django.utils import timezone

from palg.accounts import invitations
from palg.accounts.invitations import invitation_token
from palg.accounts.models import Invitation, User
from tests.conftest import make_person

GOOD_PASSWORD = "a-long-and-unusual-passphrase"


def invite(cast, *emails: str) -> list[Invitation]:
    return invitations.invitations_create(
        actor=cast.actor("admin"), identifiers=list(emails) or ["ann@acme.example"]
    ).invited


def accept_url(invitation: Invitation) -> str:
    invitation.refresh_from_db()
    return reverse("invitation-accept", args=[invitation_token(invitation)])


def test_the_page_lists_each_invitation_with_its_state(cast, client_as):
    ann, bea = invite(cast, "ann@acme.example", "bea@acme.example")
    Invitation.objects.filter(pk=bea.pk).update(expires_at=timezone.now())
    response = client_as("admin").get(reverse("invitation-list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Invited, not accepted yet" in page and "Expired" in page
    assert "1 invited, 0 accepted, 1 expired, 0 revoked" in page


def test_a_lead_inviting_from_the_page_hears_who_was_skipped_and_why(cast, client_as):
    make_person(cast.org, "E20", "Nina", email="nina@acme.example")
    response = client_as("lead").post(
        reverse("invitation-list"),
        {"people": "ann@acme.example, nina@acme.example, alice@acme.example"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Invited 1 person" in page
    assert "Nina (nina@acme.example): not in a programme you lead" in page
    assert "Alice (alice@acme.example): already has an account" in page
    assert [i.person.name for i in Invitation.objects.all()] == ["Ann"]


def test_an_empty_invite_form_is_refused_with_a_message(cast, client_as):
    response = client_as("admin").post(reverse("invitation-list"), {"people": ""})
    assert response.status_code == 400
    assert "Name someone to invite" in response.content.decode()
    response = client_as("admin").post(reverse("invitation-list"), {"people": "who@x.example"})
    assert response.status_code == 400
    assert "No one in the organisation has the email or id “who@x.example”" in (
        response.content.decode()
    )
    assert not Invitation.objects.exists()


def test_re_send_and_revoke_from_the_page(cast, client_as):
    (invitation,) = invite(cast)
    client = client_as("lead")
    response = client.post(reverse("invitation-revoke", args=[invitation.pk]), follow=True)
    assert "The invitation for Ann is revoked" in response.content.decode()
    response = client.post(reverse("invitation-resend", args=[invitation.pk]), follow=True)
    assert "A new link is on its way to Ann" in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).sends == 2


def test_the_accept_page_makes_the_account_and_signs_the_person_in_at_home(cast, client):
    (invitation,) = invite(cast)
    url = accept_url(invitation)
    page = client.get(url)
    assert page.status_code == 200 and "Welcome to palg, Ann" in page.content.decode()
    response = client.post(url, {"password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.wsgi_request.user.person == cast.people["ann"]
    assert "Set Alpha" in home.content.decode()


def test_a_weak_password_re_renders_the_form_and_makes_no_account(cast, client):
    (invitation,) = invite(cast)
    response = client.post(
        accept_url(invitation), {"password": "12345678", "password_again": "12345678"}
    )
    assert response.status_code == 400
    assert "This password is entirely numeric." in response.content.decode()
    assert not User.objects.filter(email="ann@acme.example").exists()


@pytest.mark.parametrize(
    "spoil,status,says",
    [
        ("expire", 410, "This invitation has expired."),
        ("revoke", 410, "This invitation was withdrawn."),
        ("use", 410, "This invitation has been used already."),
        ("forge", 404, "This invitation link is not valid."),
    ],
)
def test_a_link_that_cannot_be_used_gets_a_clear_page_and_changes_nothing(
    cast, client, spoil, status, says
):
    (invitation,) = invite(cast)
    url = accept_url(invitation)
    if spoil == "expire":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    elif spoil == "revoke":
        Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    elif spoil == "use":
        invitations.invitation_accept(
            token=url.strip("/").split("/")[-1],
            password=GOOD_PASSWORD,
            password_again=GOOD_PASSWORD,
        )
    else:
        url = reverse("invitation-accept", args=["f" * 64])
    users = User.objects.count()
    for response in (client.get(url), client.post(url, {"password": "x", "password_again": "x"})):
        assert response.status_code == status
        assert says in response.content.decode()
    assert User.objects.count() == users
