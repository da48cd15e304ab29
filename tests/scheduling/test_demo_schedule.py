"""The demo shows scheduling: an organisation-wide Christmas closure, and the running sets'
series can be proposed again over their held meetings."""

import pytest

from palg.access import Actor
from palg.accounts.models import User
from palg.demo import DEMO_SLUG, demo_accounts, demo_load
from palg.programmes.models import Group, Membership, Programme
from palg.scheduling import services
from palg.scheduling.models import Blackout

pytestmark = pytest.mark.django_db


def test_the_demo_closes_for_christmas_and_its_facilitator_can_propose_a_series():
    assert demo_load() is True
    closure = Blackout.objects.get(organisation__slug=DEMO_SLUG)
    assert closure.programme is None
    assert (closure.starts_on.month, closure.starts_on.day) == (12, 24)
    user = User.objects.get(email=dict(demo_accounts())["Facilitator"])
    group = Group.objects.get(
        memberships__person=user.person, memberships__role=Membership.Role.FACILITATOR,
        round__programme__status=Programme.Status.ACTIVE,
    )  # fmt: skip
    proposal = services.schedule_propose(actor=Actor.from_user(user), group_id=group.pk)
    assert len(proposal.rows) == group.round.programme.meeting_count
    assert proposal.rows[0].action == "held"
