"""Live sessions are set content: the set's members and facilitator only. Overseers (admin, lead,
sponsor) know the meeting exists, so they get 403; everyone else 404. Driving the session needs
the set's facilitator, or any member of a set that has none (Beta runs itself)."""

from django.urls import reverse
from django.utils import timezone

from palg.live import protocol
from tests.matrix import Entry, everyone, meeting_target, set_content, set_target


def live_path(name: str):
    return lambda cast, target: reverse(name, args=[meeting_target(cast, target).pk])


def on_the_day(path):
    """The path, with the target's meeting moved to today: a session starts only on its day."""
    from tests.live.cycle import today

    def moved(cast, target):
        today(meeting_target(cast, target))
        return path(cast, target)

    return moved


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
    # The version check takes no sign-in: its credential is the poll ticket that the page (above)
    # issues to the set's own people. Without one, every role gets 404; tickets themselves (bound
    # to a meeting, unforgeable, expiring) are proved in tests/live/test_poll_ticket.py.
    Entry(
        name="live-version",
        method="GET",
        path=live_path("live-version"),
        expect={"alpha": everyone(404), "beta": everyone(404)},
    ),
    Entry(
        name="live-control",
        method="POST",
        path=on_the_day(live_path("live-control")),
        data=lambda cast, target: {"action": "start", "version": 0},
        expect=driving(302),
    ),
    # The end step (confirm, mark the meeting held): for those who drive. The cast's session has
    # not started, so they are sent back to it (302).
    Entry(
        name="live-end",
        method="GET",
        path=live_path("live-end"),
        expect=driving(302),
    ),
    Entry(
        name="live-end",
        method="POST",
        path=live_path("live-end"),
        data=lambda cast, target: {"held": "on"},
        expect=driving(302),
    ),
    # Who is here now, for those who drive; nothing to show (204) before a session exists.
    Entry(
        name="live-presence",
        method="GET",
        path=live_path("live-presence"),
        expect=driving(204),
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
        path=on_the_day(api_path("/control")),
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
    # A private note goes to one's own journal: anyone in the set. Outside a phase whose notes
    # go to the journal it comes back with a message (302 to the page).
    Entry(
        name="live-note",
        method="POST",
        path=live_path("live-note"),
        data=lambda cast, target: {"text": "What strikes me"},
        expect=set_content(302, anonymous=302),
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


# The learning cycle: experiment cards, report-back, review sheet and pulse -------------------


def a_card(cast, target: str):
    """An experiment card of the target set, owned by its member (Alice in Alpha, Bob in Beta)."""
    from palg.live.models import ExperimentCard

    owner = cast.people["member" if target == "alpha" else "other_member"]
    group = set_target(cast, target)
    return ExperimentCard.objects.create(
        owner=owner, group=group, programme=cast.programme, action="Delegate the rota",
        expectation="Fewer late changes", signal="Changes per week", due="2031-01-31",
    )  # fmt: skip


def card_path(name: str):
    def path(cast, target):
        return reverse(name, args=[meeting_target(cast, target).pk, a_card(cast, target).pk])

    return path


def set_only(ok: int, *, anonymous: int) -> dict[str, dict[str, int]]:
    """Set content reached by its own id: anyone outside the set gets 404, overseers too."""
    table = set_content(ok, anonymous=anonymous)
    for codes in table.values():
        codes.update(admin=404, lead=404, sponsor=404)
    return table


def members_only(ok: int, *, anonymous: int) -> dict[str, dict[str, int]]:
    """Members write (or get `ok`); the facilitator holds the space (403)."""
    table = set_content(ok, anonymous=anonymous)
    table["alpha"]["facilitator"] = 403
    return table


def card_data(cast, target) -> dict:
    return {"action": "Ask the team to run Monday's stand-up", "expectation": "More ideas",
            "signal": "Ideas raised per week", "due": "2031-01-31"}  # fmt: skip


# Outside the right phase a member's post comes back with a message (302 to the page, 422 in
# the API): the matrix checks who may reach the service at all.
ENTRIES += [
    Entry(
        name="live-card-add",
        method="POST",
        path=live_path("live-card-add"),
        data=card_data,
        expect=members_only(302, anonymous=302),
    ),
    Entry(
        name="live-card-report",
        method="POST",
        path=card_path("live-card-report"),
        data=lambda cast, target: {"learned": "Asking works better than telling."},
        expect=members_only(302, anonymous=302),
    ),
    Entry(
        name="live-review",
        method="POST",
        path=live_path("live-review"),
        data=lambda cast, target: {"learned_1": "It is not about the rota."},
        expect=members_only(302, anonymous=302),
    ),
    Entry(
        name="live-pulse",
        method="POST",
        path=live_path("live-pulse"),
        data=lambda cast, target: {"trust": 4, "airtime": 3, "questions": 5, "contract": 4},
        expect=members_only(302, anonymous=302),
    ),
    Entry(
        name="card-detail",
        method="GET",
        path=lambda cast, target: reverse("card-detail", args=[a_card(cast, target).pk]),
        expect=set_only(200, anonymous=302),
    ),
    Entry(
        name="pulse-trend",
        method="GET",
        path=set_path("pulse-trend"),
        expect=set_content(200, anonymous=302),
    ),
    Entry(
        name="live_cards_list",
        method="GET",
        path=api_path("/cards"),
        expect=set_content(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="live_card_create",
        method="POST",
        path=api_path("/cards"),
        data=card_data,
        expect=members_only(422, anonymous=401),
        api=True,
    ),
    Entry(
        name="live_card_report",
        method="POST",
        path=lambda cast, target: api_path(f"/cards/{a_card(cast, target).pk}/reports")(
            cast, target
        ),
        data=lambda cast, target: {"learned": "Asking works better than telling."},
        expect=members_only(422, anonymous=401),
        api=True,
    ),
    Entry(
        name="card_get",
        method="GET",
        path=lambda cast, target: f"/api/cards/{a_card(cast, target).pk}",
        expect=set_only(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="live_review_get",
        method="GET",
        path=api_path("/review"),
        expect=members_only(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="live_review_save",
        method="PUT",
        path=api_path("/review"),
        data=lambda cast, target: {"learned": ["It is not about the rota."]},
        expect=members_only(422, anonymous=401),
        api=True,
    ),
    Entry(
        name="live_pulse_answer",
        method="PUT",
        path=api_path("/pulse"),
        data=lambda cast, target: {"trust": 4, "airtime": 3, "questions": 5, "contract": 4},
        expect=members_only(422, anonymous=401),
        api=True,
    ),
    Entry(
        name="set_pulse_trend",
        method="GET",
        path=lambda cast, target: f"/api/sets/{set_target(cast, target).pk}/pulse",
        expect=set_content(200, anonymous=401),
        api=True,
    ),
]


# Between meetings: a person's own experiments, a card written outside a session, and the
# owner's status changes and observations --------------------------------------------------


def owner_writes(ok: int) -> dict[str, dict[str, int]]:
    """Only the card's owner writes on it; the rest of its set may read it (403 here); anyone
    else does not learn that it exists (404), overseers included."""
    table = set_only(ok, anonymous=302)
    table["alpha"]["facilitator"] = 403
    return table


def own_set_card(cast, target) -> dict:
    from tests.live.cycle import soon

    return {"group": set_target(cast, target).pk, **card_data(cast, target),
            "due": soon().isoformat()}  # fmt: skip


def card_write_path(name: str):
    return lambda cast, target: reverse(name, args=[a_card(cast, target).pk])


ENTRIES += [
    # Everyone signed in has the page; it lists only their own cards.
    Entry(
        name="my-experiments",
        method="GET",
        path=lambda cast, target: reverse("my-experiments"),
        expect={"none": everyone(200, anonymous=302)},
        targets=("none",),
    ),
    Entry(
        name="card-new",
        method="GET",
        path=lambda cast, target: reverse("card-new"),
        expect={"none": everyone(200, anonymous=302)},
        targets=("none",),
    ),
    # Writing a card for a set: its members (302 to the new card); its facilitator and the
    # overseers see the set but write no cards in it (403); anyone else 404.
    Entry(
        name="card-new",
        method="POST",
        path=lambda cast, target: reverse("card-new"),
        data=own_set_card,
        expect=members_only(302, anonymous=302),
    ),
    Entry(
        name="card-status",
        method="POST",
        path=card_write_path("card-status"),
        data=lambda cast, target: {"status": "in-progress"},
        expect=owner_writes(302),
    ),
    Entry(
        name="card-observe",
        method="POST",
        path=card_write_path("card-observe"),
        data=lambda cast, target: {
            "observed_on": str(timezone.localdate()),
            "note": "Two of five depots answered.",
        },  # fmt: skip
        expect=owner_writes(302),
    ),
]
