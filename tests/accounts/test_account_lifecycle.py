"""Deactivating and reactivating accounts from the Accounts pages (palg.accounts.lifecycle)."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from palg.accounts import lifecycle
from palg.accounts.models import SecurityEvent
from palg.accounts.services import api_token_authenticate, api_token_create
from palg.journal.models import JournalEntry
from tests.conftest import PASSWORD

Kind = SecurityEvent.Kind


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.email, password=PASSWORD)
    return client


def test_it_lists_every_account_of_the_organisation_with_role_last_sign_in_and_state(
    cast, client_as
):
    signed_in(cast.users["member"])
    response = client_as("admin").get(reverse("account-list"))
    rows = {row.email: row for row in response.context["accounts"]}
    assert set(rows) == {u.email for r, u in cast.users.items() if r != "stranger"}
    assert rows[cast.users["admin"].email].roles == ("org admin",)
    assert rows[cast.users["lead"].email].roles == ("lead",)
    assert rows[cast.users["sponsor"].email].roles == ("sponsor",)
    assert rows[cast.users["facilitator"].email].roles == ("facilitator",)
    assert rows[cast.users["member"].email].roles == ("participant",)
    assert rows[cast.users["outsider"].email].roles == ()
    assert rows[cast.users["member"].email].last_login is not None
    assert rows[cast.users["outsider"].email].last_login is None
    assert {row.state for row in rows.values()} == {"active"}


def test_people_invited_but_without_an_account_are_listed_as_invited(cast, client_as):
    from palg.accounts import invitations

    invited = invitations.invitations_create(
        actor=cast.actor("admin"), identifiers=[cast.people["ann"].email, cast.people["bea"].email]
    ).invited
    invitations.invitation_revoke(actor=cast.actor("admin"), invitation_id=invited[1].pk)
    response = client_as("admin").get(reverse("account-list"))
    rows = {row.email: row for row in response.context["accounts"]}
    ann = rows[cast.people["ann"].email]
    assert (ann.state, ann.id, ann.roles, ann.last_login) == (
        "invited",
        None,
        ("participant",),
        None,
    )
    assert cast.people["bea"].email not in rows  # a revoked invitation is no way in
    assert "Invited</a>" in response.content.decode()


def test_deactivating_ends_sessions_and_tokens_at_once_and_keeps_content(cast, client_as):
    alice = cast.users["member"]
    alices_browser = signed_in(alice)
    others_browser = signed_in(cast.users["lead"])
    _, secret = api_token_create(user=alice, name="sync")
    JournalEntry.objects.create(owner=alice, kind="free", sealed="sealed")

    response = client_as("admin").post(reverse("account-deactivate", args=[alice.pk]))

    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active
    assert alices_browser.get(reverse("home")).status_code == 302  # to the sign-in page
    assert others_browser.get(reverse("home")).status_code == 200
    assert len(Session.objects.all()) == 2  # the admin's and the lead's
    assert api_token_authenticate(secret) is None
    assert alice.api_tokens.get().revoked_at is not None
    assert JournalEntry.objects.filter(owner=alice).exists()
    assert not Client().login(username=alice.email, password=PASSWORD)
    event = alice.security_events.get(kind=Kind.DEACTIVATED)
    assert event.actor == cast.users["admin"]


def test_reactivating_lets_them_sign_in_again_but_keeps_tokens_revoked(cast, client_as):
    alice = cast.users["member"]
    _, secret = api_token_create(user=alice, name="sync")
    client = client_as("admin")
    client.post(reverse("account-deactivate", args=[alice.pk]))

    response = client.post(reverse("account-reactivate", args=[alice.pk]), follow=True)

    assert "Their API tokens stay revoked" in response.content.decode()
    assert Client().login(username=alice.email, password=PASSWORD)
    assert api_token_authenticate(secret) is None
    assert alice.security_events.filter(kind=Kind.REACTIVATED).count() == 1


def test_an_admin_cannot_deactivate_themselves(cast, client_as):
    admin = cast.users["admin"]
    response = client_as("admin").post(reverse("account-deactivate", args=[admin.pk]))
    assert response.status_code == 400
    assert lifecycle.MSG_SELF in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_another_organisations_admin_finds_no_account_and_changes_nothing(cast, client_as):
    alice = cast.users["member"]
    response = client_as("stranger").post(reverse("account-deactivate", args=[alice.pk]))
    assert response.status_code == 404
    alice.refresh_from_db()
    assert alice.is_active
    listed = client_as("stranger").get(reverse("account-list")).context["accounts"]
    assert [row.email for row in listed] == [cast.users["stranger"].email]


@pytest.mark.parametrize("role", ["lead", "sponsor", "member", "outsider"])
def test_it_requires_an_organisation_admin(cast, client_as, role):
    alice = cast.users["member"]
    response = client_as(role).post(reverse("account-deactivate", args=[alice.pk]))
    assert response.status_code == 403
    alice.refresh_from_db()
    assert alice.is_active


def test_deactivating_twice_records_it_once(cast, client_as):
    alice = cast.users["member"]
    client = client_as("admin")
    client.post(reverse("account-deactivate", args=[alice.pk]))
    response = client.post(reverse("account-deactivate", args=[alice.pk]), follow=True)
    assert "was already deactivated" in response.content.decode()
    assert alice.security_events.filter(kind=Kind.DEACTIVATED).count() == 1
