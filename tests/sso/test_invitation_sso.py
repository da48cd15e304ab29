"""An invited person may accept by signing in through their organisation's provider."""

from palg.accounts import admins, invitations
from palg.accounts.models import Invitation, User
from tests.sso.conftest import TEST_CLIENT
from tests.sso.oidc import path_and_query, provider_url


def test_the_invitation_page_offers_its_organisations_single_sign_on(client, cast, acme_sso):
    result = invitations.invitations_create(actor=cast.actor("admin"), identifiers=["E8"])
    [invitation] = result.invited
    page = client.get(invitations.invitation_path(invitation)).content.decode()
    assert "Sign in with Acme SSO" in page


def test_signing_in_through_the_provider_uses_the_invitation_up(client, cast, acme_sso, provider):
    result = invitations.invitations_create(actor=cast.actor("admin"), identifiers=["E8"])
    [invitation] = result.invited
    start = provider_url(client.post("/sso/acme/login/"))
    back = provider.sign_in(start, "ann@acme.example", back_to=TEST_CLIENT)
    assert client.get(path_and_query(back)).status_code == 302
    invitation = Invitation.objects.get(pk=invitation.pk)
    assert invitation.state == Invitation.State.ACCEPTED
    assert invitation.user.person == cast.people["ann"]


def test_an_admin_invitation_taken_up_through_the_provider_makes_an_admin(
    client, cast, acme_sso, provider
):
    appointed = admins.organisation_admin_appoint(slug="acme", email="ann@acme.example")
    start = provider_url(client.post("/sso/acme/login/"))
    back = provider.sign_in(start, "ann@acme.example", back_to=TEST_CLIENT)
    assert client.get(path_and_query(back)).status_code == 302
    account = Invitation.objects.get(pk=appointed.invitation.pk).user
    assert account.is_org_admin


def test_a_revoked_admin_invitation_gives_no_admin_role_through_the_provider(
    client, cast, acme_sso, provider
):
    appointed = admins.organisation_admin_appoint(slug="acme", email="ann@acme.example")
    invitations.invitation_revoke(actor=cast.actor("admin"), invitation_id=appointed.invitation.pk)
    start = provider_url(client.post("/sso/acme/login/"))
    back = provider.sign_in(start, "ann@acme.example", back_to=TEST_CLIENT)
    assert client.get(path_and_query(back)).status_code == 302
    account = User.objects.get(person=cast.people["ann"])
    assert not account.is_org_admin
    assert Invitation.objects.get(pk=appointed.invitation.pk).state == Invitation.State.REVOKED
