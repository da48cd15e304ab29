"""Two-factor authentication: enrolling an authenticator app with a real code, the second step
at sign-in (app code or recovery code), the security events, and the organisation's policy
that makes admins or leads enrol before they reach anything else."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from palg.accounts import two_factor
from palg.accounts.models import SecurityEvent, TwoFactorPolicy
from tests.conftest import PASSWORD
from tests.totp import fresh_totp_code

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind


def sign_in(client, user):
    return client.post(reverse("login"), {"login": user.email, "password": PASSWORD})


def kinds(user) -> list[str]:
    return list(
        SecurityEvent.objects.filter(user=user).order_by("at", "id").values_list("kind", flat=True)
    )


def confirm(client):
    """Enter the password again, as allauth asks before any change to one's second factors."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


def enrol_app(client, user) -> str:
    """Enrol an authenticator app as a signed-in person does; the secret."""
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    confirm(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()
    response = client.post(reverse("mfa_activate_totp"), {"code": fresh_totp_code(secret)})
    assert response.status_code == 302, response.content.decode()
    return secret


@pytest.fixture
def alice(cast):
    return cast.users["member"]


@pytest.fixture
def enrolled(client, alice):
    assert sign_in(client, alice).status_code == 302
    secret = enrol_app(client, alice)
    client.post(reverse("logout"))
    return secret


def unused_recovery_code(user) -> str:
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return codes.wrap().get_unused_codes()[0]


# allauth.mfa sends its signals once the change commits: these tests commit, as a server does.
@pytest.mark.django_db(transaction=True)
def test_an_account_enrols_an_authenticator_app_with_a_code_computed_from_its_secret(client, alice):
    sign_in(client, alice)
    enrol_app(client, alice)
    types = set(Authenticator.objects.filter(user=alice).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    events = SecurityEvent.objects.filter(user=alice)
    assert events.filter(kind=Kind.MFA_ADDED, detail="Authenticator app").count() == 1
    assert events.filter(kind=Kind.MFA_RECOVERY_CODES).count() == 1
    activity = client.get(reverse("account-activity")).content.decode()
    assert "Two-factor method added" in activity
    assert "Recovery codes generated" in activity


def test_a_wrong_code_does_not_enrol_and_says_why(client, alice):
    sign_in(client, alice)
    confirm(client)
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000x"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not Authenticator.objects.filter(user=alice).exists()


def test_signing_in_after_enrolling_asks_for_the_app_s_code(client, alice, enrolled):
    before = kinds(alice).count(Kind.SIGN_IN)
    response = sign_in(client, alice)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.session.get("_auth_user_id") is None
    assert client.get(reverse("home")).status_code == 302
    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    assert "Second step" in page.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": fresh_totp_code(enrolled)})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session.get("_auth_user_id") == str(alice.pk)
    assert kinds(alice).count(Kind.SIGN_IN) == before + 1


def test_a_wrong_second_factor_is_refused_and_recorded_as_a_failed_sign_in(client, alice, enrolled):
    sign_in(client, alice)
    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.session.get("_auth_user_id") is None
    failed = SecurityEvent.objects.filter(user=alice, kind=Kind.SIGN_IN_FAILED)
    assert failed.filter(detail="Wrong two-factor code or key.").count() == 1


def test_a_recovery_code_signs_in_once(client, alice, enrolled):
    code = unused_recovery_code(alice)
    sign_in(client, alice)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(alice.pk)
    client.post(reverse("logout"))
    sign_in(client, alice)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert client.session.get("_auth_user_id") is None


@pytest.mark.django_db(transaction=True)
def test_new_recovery_codes_and_turning_the_app_off_are_recorded(client, alice, enrolled):
    sign_in(client, alice)
    client.post(reverse("mfa_authenticate"), {"code": unused_recovery_code(alice)})
    confirm(client)
    assert client.post(reverse("mfa_generate_recovery_codes")).status_code == 302
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=alice).exists()
    assert kinds(alice).count(Kind.MFA_RECOVERY_CODES) == 2  # with the app, then new ones
    removed = SecurityEvent.objects.filter(user=alice, kind=Kind.MFA_REMOVED)
    assert set(removed.values_list("detail", flat=True)) == {"Authenticator app", "Recovery codes"}


def test_another_person_s_passkey_does_not_exist_for_them(client, cast, alice):
    key = Authenticator.objects.create(
        user=cast.users["lead"], type=Authenticator.Type.WEBAUTHN, data={"name": "Lead's key"}
    )
    sign_in(client, alice)
    confirm(client)
    assert client.get(reverse("mfa_edit_webauthn", args=[key.pk])).status_code == 404
    assert client.post(reverse("mfa_remove_webauthn", args=[key.pk])).status_code == 404
    assert Authenticator.objects.filter(pk=key.pk).exists()


def test_the_passkey_relying_party_is_the_site_url_s_host(settings):
    settings.SITE_URL = "https://palg.example.org:8443/"
    assert two_factor.relying_party_id() == "palg.example.org"


# The organisation's policy -------------------------------------------------------------------


def require(cast, *, admins=False, leads=False):
    return two_factor.two_factor_policy_update(
        actor=cast.actor("admin"), require_org_admins=admins, require_leads=leads
    )


@pytest.mark.django_db(transaction=True)
def test_a_lead_the_policy_covers_must_enrol_before_reaching_home(client, cast):
    lead = cast.users["lead"]
    require(cast, leads=True)
    assert sign_in(client, lead).status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    assert client.get(reverse("programme-list"))["Location"] == reverse("mfa_index")
    page = client.get(reverse("mfa_index"), follow=True)
    assert "requires two-factor authentication" in page.content.decode()
    api = client.get("/api/me")
    assert api.status_code == 403
    assert api.json()["detail"] == two_factor.MSG_ENROL_API
    enrol_app(client, lead)
    assert client.get(reverse("home")).status_code == 200


def test_a_lead_already_signed_in_is_held_at_the_next_sign_in(client, cast):
    sign_in(client, cast.users["lead"])
    require(cast, leads=True)
    assert client.get(reverse("home")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    sign_in(client, cast.users["lead"])
    assert client.get(reverse("home"))["Location"] == reverse("mfa_index")
    fragment = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert fragment["HX-Redirect"] == reverse("mfa_index")


@pytest.mark.django_db(transaction=True)
def test_removing_the_last_second_factor_holds_a_covered_lead_again(client, cast):
    lead = cast.users["lead"]
    require(cast, leads=True)
    sign_in(client, lead)
    enrol_app(client, lead)
    assert client.get(reverse("home")).status_code == 200
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("mfa_index")


def test_a_participant_is_not_affected_by_the_policy(client, cast):
    require(cast, admins=True, leads=True)
    sign_in(client, cast.users["member"])
    assert client.get(reverse("home")).status_code == 200


def test_requiring_it_of_admins_covers_admins_and_not_leads(client, cast):
    require(cast, admins=True)
    assert two_factor.two_factor_must_enrol(cast.users["admin"])
    assert not two_factor.two_factor_must_enrol(cast.users["lead"])
    assert not two_factor.two_factor_must_enrol(cast.users["stranger"])  # another organisation


def test_an_admin_sets_the_policy_on_the_page(client, cast):
    admin = cast.users["admin"]
    client.force_login(admin)
    response = client.post(reverse("two-factor-policy"), {"require_leads": "on"})
    assert response.status_code == 302
    policy = TwoFactorPolicy.objects.get(organisation=admin.organisation)
    assert (policy.require_org_admins, policy.require_leads, policy.updated_by) == (
        False,
        True,
        admin,
    )
    page = client.get(reverse("two-factor-policy")).content.decode()
    assert "The two-factor policy is saved." in page
    assert "Not enrolled" in page


def test_another_organisation_s_admin_cannot_change_it(client, cast):
    require(cast, leads=True)
    client.force_login(cast.users["stranger"])
    client.post(reverse("two-factor-policy"), {"require_org_admins": "on"})
    acme = TwoFactorPolicy.objects.get(organisation=cast.users["admin"].organisation)
    assert (acme.require_org_admins, acme.require_leads) == (False, True)
    globex = TwoFactorPolicy.objects.get(organisation=cast.users["stranger"].organisation)
    assert (globex.require_org_admins, globex.require_leads) == (True, False)


def test_only_organisation_admins_change_the_policy(cast):
    with pytest.raises(PermissionDenied):
        two_factor.two_factor_policy_update(
            actor=cast.actor("lead"), require_org_admins=False, require_leads=False
        )
    assert not TwoFactorPolicy.objects.exists()
    assert Client().get(reverse("two-factor-policy")).status_code == 302
