"""The loop back of themes: asks, responses and agree / disagree rounds.

Asks and responses to a programme's themes: its leads, sponsors and admins; its sets' people
know an ask exists (it is on their set's page), so they get 403; anyone else 404. A response to
the organisation's map: whoever reads that map; another organisation's admin finds no such
theme (404). Rounds: leads and admins open and close them (sponsors and sets' people 403);
the programme's overseers and set members read them (its facilitators 403); set members vote
(everyone else with a part 403)."""

from django.urls import reverse

from tests.matrix import Entry, everyone, set_content, set_target
from tests.matrix.programmes import programme_wide

NONE = ("none",)
RESPONSE = {"text": "We are moving cross-site sign-off to one meeting.", "owner": "COO office"}
ASK = {"question": "What gets in the way of cross-site working?"}

OVERSEERS = {**programme_wide(302, others=403), "sponsor": 302}
LEADS = programme_wide(302, others=403)
READERS = {**programme_wide(200, others=403), "sponsor": 200, "member": 200, "other_member": 200}
VOTERS = {**programme_wide(403, others=403), "member": 302, "other_member": 302}


def web(table: dict[str, int], ok: int) -> dict[str, int]:
    """A web table's successes as `ok` (a page 200, a write 302)."""
    return {role: (ok if code in (200, 302) and role != "anonymous" else code)
            for role, code in table.items()}  # fmt: skip


def api(table: dict[str, int], ok: int) -> dict[str, int]:
    return {**web(table, ok), "anonymous": 401}


def an_ask(cast):
    from palg.themes.models import Ask

    return Ask.objects.create(programme=cast.programme, author=cast.people["sponsor"], **ASK)


def a_round(cast):
    from palg.themes.models import ThemeRound

    return ThemeRound.objects.create(
        programme=cast.programme,
        theme_label="cross · site · reopened",
        theme_statement="Decisions about cross-site work get reopened at every level",
        opened_by=cast.people["lead"],
    )


def released_theme(cast) -> str:
    """Three new sets of four in the cast's programme release one theme: over the rule."""
    from palg.themes.models import ThemeCluster
    from tests.themes.builders import CROSS_SITE, add_set, recluster, release

    for number in range(3):
        release(add_set(cast, f"Loop {number}", 4), CROSS_SITE[number])
    recluster(cast)
    return ThemeCluster.objects.get(organisation=cast.org).key


def with_theme(body: dict):
    return lambda cast, target: {**body, "theme": released_theme(cast)}


def with_theme_id(body: dict):
    return lambda cast, target: {**body, "theme_id": released_theme(cast)}


ENTRIES = [
    Entry(
        name="ask-create",
        method="POST",
        path=lambda cast, target: reverse("ask-create", args=[cast.programme.pk]),
        data=lambda cast, target: ASK,
        expect={"none": OVERSEERS},
        targets=NONE,
    ),
    Entry(
        name="ask-detail",
        method="GET",
        path=lambda cast, target: reverse("ask-detail", args=[an_ask(cast).pk]),
        expect={"none": web(OVERSEERS, 200)},
        targets=NONE,
    ),
    Entry(
        name="ask-close",
        method="POST",
        path=lambda cast, target: reverse("ask-close", args=[an_ask(cast).pk]),
        data=lambda cast, target: {},
        expect={"none": OVERSEERS},
        targets=NONE,
    ),
    Entry(
        name="ask-respond",
        method="POST",
        path=lambda cast, target: reverse("ask-respond", args=[an_ask(cast).pk]),
        data=lambda cast, target: RESPONSE,
        expect={"none": OVERSEERS},
        targets=NONE,
    ),
    Entry(
        name="programme-theme-respond",
        method="POST",
        path=lambda cast, target: reverse("programme-theme-respond", args=[cast.programme.pk]),
        data=with_theme(RESPONSE),
        expect={"none": OVERSEERS},
        targets=NONE,
    ),
    Entry(
        name="theme-respond",
        method="POST",
        path=lambda cast, target: reverse("theme-respond"),
        data=with_theme(RESPONSE),
        expect={
            "none": everyone(403, admin=302, lead=302, sponsor=302, stranger=404, anonymous=302)
        },  # fmt: skip
        targets=NONE,
    ),
    Entry(
        name="round-open",
        method="POST",
        path=lambda cast, target: reverse("round-open", args=[cast.programme.pk]),
        data=with_theme({}),
        expect={"none": LEADS},
        targets=NONE,
    ),
    Entry(
        name="round-detail",
        method="GET",
        path=lambda cast, target: reverse("round-detail", args=[a_round(cast).pk]),
        expect={"none": READERS},
        targets=NONE,
    ),
    Entry(
        name="round-vote",
        method="POST",
        path=lambda cast, target: reverse("round-vote", args=[a_round(cast).pk]),
        data=lambda cast, target: {"choice": "agree"},
        expect={"none": VOTERS},
        targets=NONE,
    ),
    Entry(
        name="round-close",
        method="POST",
        path=lambda cast, target: reverse("round-close", args=[a_round(cast).pk]),
        data=lambda cast, target: {},
        expect={"none": LEADS},
        targets=NONE,
    ),
    # The API ---------------------------------------------------------------------------------
    Entry(
        name="set_theme_loop",
        method="GET",
        path=lambda cast, target: f"/api/sets/{set_target(cast, target).pk}/themes/loop",
        expect=set_content(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="programme_ask_list",
        method="GET",
        path=lambda cast, target: f"/api/programmes/{cast.programme.pk}/asks",
        expect={"none": api(OVERSEERS, 200)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="ask_create",
        method="POST",
        path=lambda cast, target: f"/api/programmes/{cast.programme.pk}/asks",
        data=lambda cast, target: ASK,
        expect={"none": api(OVERSEERS, 201)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="ask_detail",
        method="GET",
        path=lambda cast, target: f"/api/themes/asks/{an_ask(cast).pk}",
        expect={"none": api(OVERSEERS, 200)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="ask_close",
        method="POST",
        path=lambda cast, target: f"/api/themes/asks/{an_ask(cast).pk}/close",
        expect={"none": api(OVERSEERS, 200)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="ask_respond",
        method="POST",
        path=lambda cast, target: f"/api/themes/asks/{an_ask(cast).pk}/responses",
        data=lambda cast, target: RESPONSE,
        expect={"none": api(OVERSEERS, 201)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="programme_theme_respond",
        method="POST",
        path=lambda cast, target: f"/api/programmes/{cast.programme.pk}/themes/responses",
        data=with_theme_id(RESPONSE),
        expect={"none": api(OVERSEERS, 201)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="theme_respond",
        method="POST",
        path=lambda cast, target: f"/api/themes/{released_theme(cast)}/responses",
        data=lambda cast, target: RESPONSE,
        expect={
            "none": everyone(403, admin=201, lead=201, sponsor=201, stranger=404, anonymous=401)
        },  # fmt: skip
        api=True,
        targets=NONE,
    ),
    Entry(
        name="round_open",
        method="POST",
        path=lambda cast, target: f"/api/programmes/{cast.programme.pk}/themes/rounds",
        data=with_theme_id({}),
        expect={"none": api(LEADS, 201)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="round_detail",
        method="GET",
        path=lambda cast, target: f"/api/themes/rounds/{a_round(cast).pk}",
        expect={"none": api(READERS, 200)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="round_vote",
        method="PUT",
        path=lambda cast, target: f"/api/themes/rounds/{a_round(cast).pk}/vote",
        data=lambda cast, target: {"choice": "agree"},
        expect={"none": api(VOTERS, 200)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="round_close",
        method="POST",
        path=lambda cast, target: f"/api/themes/rounds/{a_round(cast).pk}/close",
        expect={"none": api(LEADS, 200)},
        api=True,
        targets=NONE,
    ),
]
