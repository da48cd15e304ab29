"""Organisation admins name and remove other admins of their organisation (the Accounts pages and
the API); nobody removes their own role, so an organisation always keeps an admin."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from palg.accounts import admins
from palg.accounts.models import SecurityEvent, User
from palg.accounts.selectors import account_detail

Kind = SecurityEvent.Kind


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def test_an_admin_makes_a_lead_an_admin_and_takes_the_role_back(cast):
    admin, lead = cast.actor("admin"), cast.users["lead"]
    assert admins.organisation_admin_grant(actor=admin, account_id=lead.pk)
    assert fresh(lead).is_org_admin
    assert account_detail(actor=admin, account_id=lead.pk).roles == ("org admin", "lead")
    assert not admins.organisation_admin_grant(actor=admin, account_id=lead.pk)
    assert admins.organisation_admin_revoke(actor=admin, account_id=lead.pk)
    assert not fresh(lead).is_org_admin
    assert not admins.organisation_admin_revoke(actor=admin, account_id=lead.pk)
    events = SecurityEvent.objects.filter(user=lead).order_by("at", "pk")
    assert [(e.kind, e.actor) for e in events] == [
        (Kind.ADMIN_GRANTED, cast.users["admin"]),
        (Kind.ADMIN_REVOKED, cast.users["admin"]),
    ]


def test_the_new_admin_manages_accounts_at_once_and_stops_when_removed(cast, client_as):
    lead = client_as("lead")
    assert lead.get(reverse("account-list")).status_code == 403
    admins.organisation_admin_grant(actor=cast.actor("admin"), account_id=cast.users["lead"].pk)
    assert lead.get(reverse("account-list")).status_code == 200
    admins.organisation_admin_revoke(actor=cast.actor("admin"), account_id=cast.users["lead"].pk)
    assert lead.get(reverse("account-list")).status_code == 403


def test_nobody_removes_their_own_admin_role_or_promotes_a_deactivated_account(cast):
    admin = cast.actor("admin")
    with pytest.raises(ValidationError, match="cannot remove your own admin role"):
        admins.organisation_admin_revoke(actor=admin, account_id=cast.users["admin"].pk)
    assert fresh(cast.users["admin"]).is_org_admin
    User.objects.filter(pk=cast.users["member"].pk).update(is_active=False)
    with pytest.raises(ValidationError, match="deactivated; reactivate it first"):
        admins.organisation_admin_grant(actor=admin, account_id=cast.users["member"].pk)
    assert not fresh(cast.users["member"]).is_org_admin
    assert not SecurityEvent.objects.filter(kind__startswith="admin-").exists()


def test_the_account_page_offers_the_right_button_and_reports_the_change(cast, client_as):
    client = client_as("admin")
    page = reverse("account-detail", args=[cast.users["lead"].pk])
    assert "Make organisation admin" in client.get(page).content.decode()
    response = client.post(reverse("account-admin-grant", args=[cast.users["lead"].pk]))
    assert response.status_code == 302 and response.url == page
    text = client.get(page).content.decode()
    assert "Lena is now an organisation admin." in text
    assert "Remove organisation admin" in text
    own = client.get(reverse("account-detail", args=[cast.users["admin"].pk])).content.decode()
    assert "Remove organisation admin" not in own


def test_removing_ones_own_role_by_a_forged_post_gets_the_page_back_with_the_reason(
    cast, client_as
):
    response = client_as("admin").post(
        reverse("account-admin-revoke", args=[cast.users["admin"].pk])
    )
    assert response.status_code == 400
    assert "cannot remove your own admin role" in response.content.decode()
    assert fresh(cast.users["admin"]).is_org_admin
