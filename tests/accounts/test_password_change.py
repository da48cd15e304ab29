"""A signed-in person changes their password through allauth's page, giving the current one."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-and-long-passphrase-2027"


def change(client, old: str):
    data = {"oldpassword": old, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return client.post(reverse("account_change_password"), data)


def test_it_changes_the_password_and_tells_the_account_s_address(client, cast):
    alice = cast.users["member"]
    client.force_login(alice)
    assert change(client, PASSWORD).status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert client.get(reverse("home")).status_code == 200  # still signed in here


def test_a_wrong_current_password_changes_nothing(client, cast):
    alice = cast.users["member"]
    client.force_login(alice)
    response = change(client, "not-the-password")
    assert response.status_code == 200
    assert response.context["form"].errors["oldpassword"]
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
