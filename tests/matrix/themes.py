"""Themes for the organisation. A set's themes page and its statements are set content: its
members draft, consent, link and withdraw; its facilitator reads (403 on writes); overseers know
the set exists, so its page answers them 403, but a statement answers 404 to everyone outside
the set, overseers included (that it exists is set content). Other sets' people, outsiders and
strangers get 404. The theme maps: a programme's for its leads, sponsors and admins (its sets'
people 403); the organisation's for its admins and anyone leading or sponsoring a programme."""

from django.urls import reverse

from tests.matrix import Entry, everyone, meeting_target, set_content, set_target
from tests.matrix.programmes import programme_wide

NONE = ("none",)
DRAFT = {"text": "Decisions about cross-site work get re-opened at every level."}
AUTHOR = {"alpha": "ann", "beta": "bea"}


def draft_statement(cast, target: str):
    """A draft of the target set, written by its other member (not the cast's `member`)."""
    from palg.themes.models import ThemeStatement

    return ThemeStatement.objects.create(
        group=set_target(cast, target), author=cast.people[AUTHOR[target]], text=DRAFT["text"]
    )


def statement_path(name: str):
    return lambda cast, target: reverse(name, args=[draft_statement(cast, target).pk])


def api_statement_path(suffix: str = ""):
    return lambda cast, target: f"/api/themes/statements/{draft_statement(cast, target).pk}{suffix}"


def set_write(ok: int, *, anonymous: int) -> dict[str, dict[str, int]]:
    """Drafting on a set's page: its members; its facilitator and overseers 403."""
    table = set_content(ok, anonymous=anonymous)
    table["alpha"]["facilitator"] = 403
    return table


def statement_table(ok: int, *, anonymous: int, facilitator: int = 403):
    """A statement: its set's members `ok`, its facilitator `facilitator`, all others 404."""
    table = {}
    for target, mine in (("alpha", "member"), ("beta", "other_member")):
        row = everyone(404, anonymous=anonymous)
        row[mine] = ok
        if target == "alpha":
            row["facilitator"] = facilitator
        table[target] = row
    return table


PROGRAMME_MAP = {**programme_wide(200, others=403), "sponsor": 200}
ORGANISATION_MAP = everyone(403, admin=200, lead=200, sponsor=200, stranger=200)

ENTRIES = [
    Entry(
        name="set-themes",
        method="GET",
        path=lambda cast, target: reverse("set-themes", args=[set_target(cast, target).pk]),
        expect=set_content(200, anonymous=302),
    ),
    Entry(
        name="set-themes",
        method="POST",
        path=lambda cast, target: reverse("set-themes", args=[set_target(cast, target).pk]),
        data=lambda cast, target: DRAFT,
        expect=set_write(302, anonymous=302),
    ),
    Entry(
        name="meeting-themes",
        method="GET",
        path=lambda cast, target: reverse("meeting-themes", args=[meeting_target(cast, target).pk]),
        expect=set_content(200, anonymous=302),
    ),
    Entry(
        name="meeting-themes",
        method="POST",
        path=lambda cast, target: reverse("meeting-themes", args=[meeting_target(cast, target).pk]),
        data=lambda cast, target: DRAFT,
        expect=set_write(302, anonymous=302),
    ),
    Entry(
        name="theme-edit",
        method="POST",
        path=statement_path("theme-edit"),
        data=lambda cast, target: {"text": "Cross-site decisions are re-opened at every level."},
        expect=statement_table(302, anonymous=302),
    ),
    Entry(
        name="theme-consent",
        method="POST",
        path=statement_path("theme-consent"),
        data=lambda cast, target: {},
        expect=statement_table(302, anonymous=302),
    ),
    Entry(
        name="theme-withdraw",
        method="POST",
        path=statement_path("theme-withdraw"),
        data=lambda cast, target: {},
        expect=statement_table(302, anonymous=302),
    ),
    Entry(
        name="theme-link",
        method="POST",
        path=statement_path("theme-link"),
        data=lambda cast, target: {"theme": "new"},
        expect=statement_table(302, anonymous=302),
    ),
    Entry(
        name="programme-theme-map",
        method="GET",
        path=lambda cast, target: reverse("programme-theme-map", args=[cast.programme.pk]),
        expect={"none": PROGRAMME_MAP},
        targets=NONE,
    ),
    Entry(
        name="theme-map",
        method="GET",
        path=lambda cast, target: reverse("theme-map"),
        expect={"none": {**ORGANISATION_MAP, "anonymous": 302}},
        targets=NONE,
    ),
    # The API ---------------------------------------------------------------------------------
    Entry(
        name="set_theme_list",
        method="GET",
        path=lambda cast, target: f"/api/sets/{set_target(cast, target).pk}/themes",
        expect=set_content(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="theme_statement_create",
        method="POST",
        path=lambda cast, target: f"/api/sets/{set_target(cast, target).pk}/themes",
        data=lambda cast, target: DRAFT,
        expect=set_write(201, anonymous=401),
        api=True,
    ),
    Entry(
        name="theme_statement_update",
        method="PATCH",
        path=api_statement_path(),
        data=lambda cast, target: {"text": "Cross-site decisions are re-opened at every level."},
        expect=statement_table(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="theme_statement_consent",
        method="POST",
        path=api_statement_path("/consent"),
        expect=statement_table(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="theme_statement_withdraw",
        method="POST",
        path=api_statement_path("/withdraw"),
        expect=statement_table(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="theme_statement_link",
        method="POST",
        path=api_statement_path("/same"),
        data=lambda cast, target: {"theme_id": None},
        expect=statement_table(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="programme_theme_map",
        method="GET",
        path=lambda cast, target: f"/api/programmes/{cast.programme.pk}/themes",
        expect={"none": {**PROGRAMME_MAP, "anonymous": 401}},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="theme_map",
        method="GET",
        path=lambda cast, target: "/api/themes",
        expect={"none": {**ORGANISATION_MAP, "anonymous": 401}},
        api=True,
        targets=NONE,
    ),
]
