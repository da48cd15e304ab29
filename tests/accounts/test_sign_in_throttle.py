"""The sign-in throttle per client address: keyed on the real client behind a trusted proxy,
and never refusing a correct password for an account that has not itself failed."""

import ipaddress

import pytest
from django.test import RequestFactory
from django.urls import reverse

from palg.accounts.addresses import client_address
from palg.accounts.models import LoginFailure
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
ATTACKER = "198.51.100.9"
ALICE_AT = "203.0.113.5"


@pytest.fixture
def limit(settings) -> int:
    settings.LOGIN_MAX_FAILURES = 5
    return 5


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network(PROXY)]


def sign_in(client, email: str, password: str, **meta):
    return client.post(reverse("login"), {"login": email, "password": password}, **meta)


def via_proxy(client_ip: str) -> dict:
    """What the documented TLS proxy sends: its own address as the peer, the client in XFF."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_ip}


def spray(client, limit: int, **meta) -> None:
    for number in range(limit * 4):
        assert sign_in(client, f"made-up{number}@acme.example", "wrong", **meta).status_code == 200


def test_made_up_emails_from_an_address_do_not_lock_out_a_correct_password(client, cast, limit):
    spray(client, limit)
    response = sign_in(client, cast.users["member"].email, PASSWORD)
    assert response.status_code == 302


def test_an_account_that_failed_is_refused_at_an_address_that_failed_too_often(client, cast, limit):
    alice = cast.users["member"]
    spray(client, limit)
    assert sign_in(client, alice.email, "wrong").status_code == 200
    assert sign_in(client, alice.email, PASSWORD).status_code == 429


def test_behind_the_proxy_one_client_s_failures_do_not_count_against_another(
    client, cast, limit, behind_proxy
):
    alice = cast.users["member"]
    spray(client, limit, **via_proxy(ATTACKER))
    sign_in(client, alice.email, "wrong", **via_proxy(ALICE_AT))  # a typo of her own
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {ATTACKER, ALICE_AT}
    assert sign_in(client, alice.email, PASSWORD, **via_proxy(ALICE_AT)).status_code == 302


def test_behind_the_proxy_the_attacker_s_own_address_is_throttled(
    client, cast, limit, behind_proxy
):
    alice = cast.users["member"]
    spray(client, limit, **via_proxy(ATTACKER))
    sign_in(client, alice.email, "wrong", **via_proxy(ATTACKER))
    assert sign_in(client, alice.email, PASSWORD, **via_proxy(ATTACKER)).status_code == 429


# Which address counts ------------------------------------------------------------------------


def address(settings, trusted: list[str], **meta) -> str:
    settings.TRUSTED_PROXIES = [ipaddress.ip_network(net) for net in trusted]
    return client_address(RequestFactory().get("/", **meta))


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ATTACKER}
    assert address(settings, [], **meta) == PROXY


def test_x_forwarded_for_from_a_peer_that_is_not_a_trusted_proxy_is_ignored(settings):
    meta = {"REMOTE_ADDR": "192.0.2.50", "HTTP_X_FORWARDED_FOR": ATTACKER}
    assert address(settings, [PROXY], **meta) == "192.0.2.50"


def test_the_client_cannot_choose_its_address_by_sending_x_forwarded_for_itself(settings):
    # The client sent "X-Forwarded-For: 192.0.2.1"; the proxy appended the real peer.
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"192.0.2.1, {ATTACKER}"}
    assert address(settings, [PROXY], **meta) == ATTACKER


def test_a_chain_of_trusted_proxies_is_skipped_from_the_right(settings):
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"192.0.2.1, {ATTACKER}, 10.0.0.7"}
    assert address(settings, ["10.0.0.0/8"], **meta) == ATTACKER


def test_a_trusted_proxy_without_the_header_is_itself_the_client(settings):
    assert address(settings, [PROXY], REMOTE_ADDR=PROXY) == PROXY


def test_a_bad_trusted_proxy_entry_stops_palg_naming_the_variable(monkeypatch):
    from palg.env import envnetworks

    monkeypatch.setenv("PALG_TRUSTED_PROXIES", "10.0.0.1, proxy.internal")
    with pytest.raises(RuntimeError, match="PALG_TRUSTED_PROXIES .*'proxy.internal'"):
        envnetworks("PALG_TRUSTED_PROXIES")
    monkeypatch.setenv("PALG_TRUSTED_PROXIES", "10.0.0.1, 172.16.0.0/12, ::1")
    assert [str(n) for n in envnetworks("PALG_TRUSTED_PROXIES")] == [
        "10.0.0.1/32",
        "172.16.0.0/12",
        "::1/128",
    ]
