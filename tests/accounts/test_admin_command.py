"""`palg accounts admin --organisation SLUG [--create NAME] [--name NAME] EMAIL`: how a new
install gets its first organisation admin, invited like everyone else.

In the cast, Ada is Acme's admin; Lena (lead) has an account; Ann has none."""

from django.urls import reverse
from typer.testing import CliRunner

from palg.accounts import invitations
from palg.accounts.models import Invitation, SecurityEvent, User
from palg.cli import app
from palg.notify.compose import compose
from palg.notify.models import Notice
from palg.people.models import Organisation, Person

runner = CliRunner()
PASSWORD = "a-long-and-unusual-passphrase"


def appoint(*args: str):
    return runner.invoke(app, ["accounts", "admin", *args])


def accept(client, invitation: Invitation) -> User:
    invitation.refresh_from_db()
    url = reverse("invitation-accept", args=[invitations.invitation_token(invitation)])
    response = client.post(url, {"password": PASSWORD, "password_again": PASSWORD})
    assert response.status_code == 302, response.content
    return User.objects.get(email__iexact=invitation.person.email)


def test_a_new_install_gets_its_organisation_and_first_admin_who_accepts_by_email(db, client):
    result = appoint(
        "--organisation", "northwind", "--create", "Northwind Trading",
        "--name", "Grace Adeyemi", "Grace@Northwind.example",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "Created the organisation Northwind Trading (northwind).",
        "Added Grace Adeyemi <Grace@Northwind.example> to the directory.",
    ]
    invited = "Invited Grace Adeyemi <Grace@Northwind.example> as organisation admin; the link"
    assert lines[2].startswith(invited + " works until ")
    organisation = Organisation.objects.get(slug="northwind")
    person = Person.objects.get(organisation=organisation)
    assert person.external_id == "Grace@Northwind.example"
    invitation = Invitation.objects.get(person=person)
    assert invitation.org_admin and invitation.invited_by is None
    email = compose(Notice.objects.get(account_invitation=invitation))
    assert "You will be an organisation admin" in email.body
    account = accept(client, invitation)
    assert account.is_org_admin and account.organisation == organisation
    assert account.person == person
    assert client.get(reverse("account-list")).status_code == 200


def test_someone_with_an_account_in_the_organisation_becomes_admin_at_once(cast):
    result = appoint("--organisation", "acme", "LENA@acme.example")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["lena@acme.example is now an organisation admin of Acme."]
    assert User.objects.get(email="lena@acme.example").is_org_admin
    assert SecurityEvent.objects.filter(
        user__email="lena@acme.example", kind=SecurityEvent.Kind.ADMIN_GRANTED
    ).exists()
    again = appoint("--organisation", "acme", "lena@acme.example")
    assert again.stdout.splitlines() == [
        "lena@acme.example is an organisation admin of Acme already."
    ]
    assert not Invitation.objects.exists()


def test_a_directory_person_without_an_account_is_invited_as_admin(cast, client):
    result = appoint("--organisation", "acme", "ann@acme.example")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Invited Ann <ann@acme.example> as organisation admin")
    invitation = Invitation.objects.get(person=cast.people["ann"])
    assert accept(client, invitation).is_org_admin


def test_a_resent_admin_invitation_still_makes_an_admin(cast, client):
    appoint("--organisation", "acme", "ann@acme.example")
    invitation = Invitation.objects.get(person=cast.people["ann"])
    invitations.invitation_resend(actor=cast.actor("admin"), invitation_id=invitation.pk)
    assert accept(client, invitation).is_org_admin


def test_an_ordinary_invitation_makes_no_admin(cast, client):
    (invitation,) = invitations.invitations_create(
        actor=cast.actor("admin"), identifiers=["ann@acme.example"]
    ).invited
    assert not accept(client, invitation).is_org_admin


def test_bad_input_is_refused_with_the_reason_and_changes_nothing(cast):
    cases = {
        ("--organisation", "nowhere", "x@nowhere.example"): (
            "No organisation has the slug 'nowhere'; give --create NAME to create it."
        ),
        ("--organisation", "new org", "--create", "New", "x@new.example"): (
            "'new org' is not a valid slug"
        ),
        ("--organisation", "acme", "not-an-email"): "'not-an-email' is not a valid email address.",
        ("--organisation", "acme", "zed@acme.example"): (
            "zed@acme.example is not in Acme's directory; give --name to add them."
        ),
        ("--organisation", "globex", "lena@acme.example"): (
            "lena@acme.example has an account in another organisation (Acme)."
        ),
        ("--organisation", "acme", "--name", "Zed", "--id", "E1", "zed@acme.example"): (
            "The directory id 'E1' belongs to Ada <ada@acme.example> already."
        ),
        # A new organisation whose admin cannot be added leaves no organisation behind.
        ("--organisation", "initech", "--create", "Initech", "y@initech.example"): (
            "y@initech.example is not in Initech's directory; give --name to add them."
        ),
    }
    before = (Organisation.objects.count(), Person.objects.count(), User.objects.count())
    for args, message in cases.items():
        result = appoint(*args)
        assert result.exit_code == 1, args
        assert message in result.stderr, (args, result.stderr)
    after = (Organisation.objects.count(), Person.objects.count(), User.objects.count())
    assert after == before
    assert not Invitation.objects.exists() and not Notice.objects.exists()
    assert not User.objects.get(email="lena@acme.example").is_org_admin


def test_a_deactivated_account_is_not_made_admin(cast):
    User.objects.filter(email="lena@acme.example").update(is_active=False)
    result = appoint("--organisation", "acme", "lena@acme.example")
    assert result.exit_code == 1
    assert "lena@acme.example's account is deactivated" in result.stderr
    assert not User.objects.get(email="lena@acme.example").is_org_admin
