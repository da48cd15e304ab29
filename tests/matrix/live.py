"""Live sessions are set content: the set's members and facilitator only. Overseers (admin, lead,
sponsor) know the meeting exists, so they get 403; everyone else 404. Driving the session needs
the set's facilitator, or any member of a set that has none (Beta runs itself)."""

from django.urls import reverse

from palg.live import protocol
from tests.matrix import Entry, meeting_target, set_content, set_target


def live_path(name: str):
    return lambda cast, target: reverse(name, args=[meeting_target(cast, target).pk])


def driving(ok: int) -> dict[str, dict[str, int]]:
    table = set_content(ok, anonymous=302)
    table["alpha"]["member"] = 403  # Alpha has a facilitator: members follow, they do not drive
    return table


def plan_data(cast, target) -> dict:
    template = protocol.TEMPLATES["revans-uk"]
    return {"template": template.key, **{f"minutes_{p.key}": p.minutes for p in template.phases}}


ENTRIES = [
    Entry(
        name="live-session",
        method="GET",
        path=live_path("live-session"),
        expect=set_content(200, anonymous=302),
    ),
    Entry(
        name="live-state",
        method="GET",
        path=live_path("live-state"),
        expect=set_content(200, anonymous=302),
    ),
    Entry(
        name="live-control",
        method="POST",
        path=live_path("live-control"),
        data=lambda cast, target: {"action": "start", "version": 0},
        expect=driving(302),
    ),
    Entry(
        name="live-prepare",
        method="POST",
        path=live_path("live-prepare"),
        data=plan_data,
        expect=driving(302),
    ),
]


def api_path(suffix: str = ""):
    return lambda cast, target: f"/api/sessions/{meeting_target(cast, target).pk}{suffix}"


ENTRIES += [
    Entry(
        name="live_session_get",
        method="GET",
        path=api_path(),
        expect=set_content(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="live_session_control",
        method="POST",
        path=api_path("/control"),
        data=lambda cast, target: {"action": "start", "version": 0},
        expect={t: {**codes, "anonymous": 401} for t, codes in driving(200).items()},
        api=True,
    ),
    Entry(
        name="live_session_prepare",
        method="POST",
        path=api_path("/prepare"),
        data=lambda cast, target: {"minutes": {"check-in": 15}},
        expect={t: {**codes, "anonymous": 401} for t, codes in driving(200).items()},
        api=True,
    ),
]


def bidding_table(ok: int) -> dict[str, dict[str, int]]:
    """Members bid; a facilitator does not (403)."""
    table = set_content(ok, anonymous=302)
    table["alpha"]["facilitator"] = 403
    return table


ENTRIES += [
    Entry(
        name="live-bid",
        method="POST",
        path=live_path("live-bid"),
        data=lambda cast, target: {"text": "My bid", "urgency": "B", "nature": "problem"},
        expect=bidding_table(302),
    ),
    Entry(
        name="live-bid-withdraw",
        method="POST",
        path=live_path("live-bid-withdraw"),
        data=lambda cast, target: {},
        expect=bidding_table(302),
    ),
    Entry(
        name="live-presenters",
        method="POST",
        path=live_path("live-presenters"),
        data=lambda cast, target: {"version": 0},
        expect=driving(302),
    ),
    # Members type questions into the shared space; a facilitator asks none (403). Outside a
    # case's question phase a member's post comes back with a message (302 to the page).
    Entry(
        name="live-contribute",
        method="POST",
        path=live_path("live-contribute"),
        data=lambda cast, target: {"text": "What would success look like?"},
        expect=bidding_table(302),
    ),
    Entry(
        name="live-post-anyway",
        method="POST",
        path=live_path("live-post-anyway"),
        data=lambda cast, target: {"contribution": 1},
        expect=bidding_table(302),
    ),
]


def set_path(name: str):
    return lambda cast, target: reverse(name, args=[set_target(cast, target).pk])


ENTRIES += [
    Entry(
        name="contract",
        method="GET",
        path=set_path("contract"),
        expect=set_content(200, anonymous=302),
    ),
    Entry(
        name="contract-accept",
        method="POST",
        path=set_path("contract-accept"),
        data=lambda cast, target: {},
        expect=bidding_table(302),  # members accept; the facilitator holds it (403)
    ),
]
