"""Private journals are their owner's alone: the owner (the cast's member, Alice) gets the page;
every other role gets 404, organisation admins and the facilitator of her set included; anonymous
visitors go to the login page. The journal itself and its exports are everyone's own: each
signed-in role gets theirs."""

from django.urls import reverse

from tests.matrix import Entry, everyone

NONE = ("none",)


def own_entry(cast) -> int:
    """A free entry in the member's journal (built per request: each test has its own rows)."""
    from palg.journal.services import journal_entry_create

    entry = journal_entry_create(
        actor=cast.actor("member"), title="Alice's private thought", body="Only mine."
    )
    return entry.pk


def entry_path(name: str):
    return lambda cast, target: reverse(name, args=[own_entry(cast)])


def owner_only(ok: int) -> dict[str, dict[str, int]]:
    return {"none": everyone(404, member=ok, anonymous=302)}


def own_journal(ok: int) -> dict[str, dict[str, int]]:
    return {"none": everyone(ok, anonymous=302)}


def entry_data(cast, target) -> dict:
    return {"title": "Changed", "body": "Changed text."}


ENTRIES = [
    Entry(
        name="journal",
        method="GET",
        path=lambda cast, target: reverse("journal"),
        expect=own_journal(200),
        targets=NONE,
    ),
    Entry(
        name="journal",
        method="POST",
        path=lambda cast, target: reverse("journal"),
        data=entry_data,
        expect=own_journal(302),
        targets=NONE,
    ),
    Entry(
        name="journal-entry",
        method="GET",
        path=entry_path("journal-entry"),
        expect=owner_only(200),
        targets=NONE,
    ),
    Entry(
        name="journal-entry-edit",
        method="GET",
        path=entry_path("journal-entry-edit"),
        expect=owner_only(200),
        targets=NONE,
    ),
    Entry(
        name="journal-entry-edit",
        method="POST",
        path=entry_path("journal-entry-edit"),
        data=entry_data,
        expect=owner_only(302),
        targets=NONE,
    ),
    Entry(
        name="journal-entry-delete",
        method="GET",
        path=entry_path("journal-entry-delete"),
        expect=owner_only(200),
        targets=NONE,
    ),
    Entry(
        name="journal-entry-delete",
        method="POST",
        path=entry_path("journal-entry-delete"),
        data=lambda cast, target: {},
        expect=owner_only(302),
        targets=NONE,
    ),
    Entry(
        name="journal-export",
        method="GET",
        path=lambda cast, target: reverse("journal-export", args=["markdown"]),
        expect=own_journal(200),
        targets=NONE,
    ),
    Entry(
        name="journal-export",
        method="GET",
        path=lambda cast, target: reverse("journal-export", args=["json"]),
        expect=own_journal(200),
        targets=NONE,
    ),
]
