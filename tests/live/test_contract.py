"""The set's contract: written together from a starter list, accepted by every member, shown at
the start of each session, with a quorum that warns the facilitator."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from palg.live import contract, services
from palg.live.models import LiveSession, Presence
from tests.web.pages import text


def test_a_set_starts_from_the_starter_list(cast):
    found = contract.contract_get(actor=cast.actor("member"), group_id=cast.alpha.pk)
    assert found.rules == list(contract.STARTER_RULES)
    assert "confidential" in found.rules[0] or "stays in the set" in found.rules[0]
    assert found.quorum == 2  # Alpha has two members


def test_members_accept_and_a_change_asks_everyone_again(cast):
    member = cast.actor("member")
    contract.contract_accept(actor=member, group_id=cast.alpha.pk)
    status = contract.contract_status(cast.alpha)
    assert [p.name for p in status.accepted] == ["Alice"]
    assert [p.name for p in status.waiting] == ["Ann"]
    contract.contract_update(
        actor=cast.actor("facilitator"),
        group_id=cast.alpha.pk,
        rules=["Phones away.", "What is said here stays here."],
        quorum=2,
    )
    status = contract.contract_status(cast.alpha)
    assert status.contract.version == 2
    assert status.accepted == [] and len(status.waiting) == 2


def test_saving_the_same_rules_keeps_the_acceptances(cast):
    found = contract.contract_get(actor=cast.actor("member"), group_id=cast.alpha.pk)
    contract.contract_accept(actor=cast.actor("member"), group_id=cast.alpha.pk)
    contract.contract_update(
        actor=cast.actor("member"), group_id=cast.alpha.pk, rules=found.rules, quorum=found.quorum
    )
    assert contract.contract_status(cast.alpha).contract.version == 1
    assert len(contract.contract_status(cast.alpha).accepted) == 1


@pytest.mark.parametrize(
    "rules,quorum,field",
    [([], 2, "rules"), (["x" * 501], 2, "rules"), (["ok"], 0, "quorum"), (["ok"], 3, "quorum")],
)
def test_bad_contracts_are_refused_and_nothing_changes(cast, rules, quorum, field):
    with pytest.raises(ValidationError) as refused:
        contract.contract_update(
            actor=cast.actor("member"), group_id=cast.alpha.pk, rules=rules, quorum=quorum
        )
    assert field in refused.value.message_dict
    assert contract.contract_status(cast.alpha).contract.version == 1


@pytest.mark.parametrize("role", ["lead", "sponsor", "admin"])
def test_overseers_never_see_a_set_s_contract(cast, role):
    with pytest.raises(PermissionDenied):
        contract.contract_get(actor=cast.actor(role), group_id=cast.alpha.pk)


def test_the_facilitator_holds_the_contract_but_does_not_accept_it(cast):
    with pytest.raises(PermissionDenied):
        contract.contract_accept(actor=cast.actor("facilitator"), group_id=cast.alpha.pk)


def test_a_session_below_the_quorum_warns_the_facilitator(cast, client_as):
    session = services.session_control(actor=cast.actor("facilitator"),
                                       meeting_id=cast.alpha_meeting.pk, action="start",
                                       version=0)  # fmt: skip
    assert contract.below_quorum(session) == (0, 2)
    Presence.objects.create(session=session, person=cast.people["member"], last_seen=timezone.now())
    Presence.objects.create(
        session=session, person=cast.people["ann"], last_seen=timezone.now() - timedelta(minutes=5)
    )
    assert contract.below_quorum(session) == (1, 2)  # Ann left five minutes ago
    body = text(client_as("facilitator").get(reverse("live-session", args=[cast.alpha_meeting.pk])))
    assert "Below the quorum" in body


def test_opening_the_session_marks_a_member_present(cast, client_as):
    services.session_control(actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk,
                             action="start", version=0)  # fmt: skip
    client_as("member").get(reverse("live-session", args=[cast.alpha_meeting.pk]))
    session = LiveSession.objects.get()
    assert contract.present_members(session) == [cast.people["member"].pk]


def test_the_contract_opens_the_session(cast, client_as):
    services.session_control(actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk,
                             action="start", version=0)  # fmt: skip
    session = LiveSession.objects.get()
    services.session_control(actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk,
                             action="next", version=session.version)  # fmt: skip
    body = text(client_as("member").get(reverse("live-session", args=[cast.alpha_meeting.pk])))
    assert "Our contract" in body and "Limits of confidentiality" in body


def test_the_contract_page_saves_and_accepts(cast, client_as):
    client = client_as("member")
    url = reverse("contract", args=[cast.alpha.pk])
    response = client.post(url, {"rules": "Phones away.\n\nWe start on time.", "quorum": 2})
    assert response.status_code == 302
    assert contract.contract_status(cast.alpha).contract.rules == [
        "Phones away.",
        "We start on time.",
    ]
    client.post(reverse("contract-accept", args=[cast.alpha.pk]))
    assert "You have accepted this version." in text(client.get(url))


def test_an_acceptance_moves_the_session_on_so_the_count_follows_without_a_reload(cast):
    services.session_control(actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk,
                             action="start", version=0)  # fmt: skip
    version = LiveSession.objects.get().version
    services.session_control(actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk,
                             action="next", version=version)  # fmt: skip
    facilitator = Client()
    facilitator.force_login(cast.users["facilitator"])
    state = reverse("live-state", args=[cast.alpha_meeting.pk])
    seen = LiveSession.objects.get().version
    assert "Accepted by 0 of 2" in text(facilitator.get(state))
    contract.contract_accept(actor=cast.actor("member"), group_id=cast.alpha.pk)
    panel = facilitator.get(f"{state}?v={seen}")
    assert panel.status_code == 200 and "Accepted by 1 of 2" in text(panel)
