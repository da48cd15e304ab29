"""Programme, set and meeting pages of the web UI."""

from django.urls import reverse

from tests.matrix import (
    Entry,
    drafted_round,
    everyone,
    meeting_target,
    set_content,
    set_metadata,
    set_target,
)

# Staff (organisation admins, programme leads) design programmes; the stranger is another
# organisation's admin, so staff too, but of an organisation with nothing of Acme's in it.
STAFF = everyone(403, admin=200, lead=200, stranger=200, anonymous=302)


def programme_wide(ok: int, *, others: int) -> dict[str, int]:
    """Everyone with a part in the programme gets `ok` or `others`; outsiders 404."""
    return everyone(
        others,
        admin=ok,
        lead=ok,
        outsider=404,
        stranger=404,
        anonymous=302,
    )


def set_manage(ok: int) -> dict[str, dict[str, int]]:
    """Changing a set's membership: leads and admins; the set's own people may only look."""
    table = set_metadata(403, anonymous=302)
    for target in table.values():
        target.update(admin=ok, lead=ok)
    return table


def set_schedule(ok: int) -> dict[str, dict[str, int]]:
    """Scheduling and attendance: leads, admins and the set's own facilitator."""
    table = set_manage(ok)
    table["alpha"]["facilitator"] = ok
    return table


def programme_path(name: str):
    return lambda cast, target: reverse(name, args=[cast.programme.pk])


def set_path(name: str):
    return lambda cast, target: reverse(name, args=[set_target(cast, target).pk])


def meeting_path(name: str):
    return lambda cast, target: reverse(name, args=[meeting_target(cast, target).pk])


def first_member(cast, target: str):
    return {"alpha": cast.people["member"], "beta": cast.people["other_member"]}[target]


ENTRIES = [
    Entry(
        name="programme-list",
        method="GET",
        path=lambda cast, target: reverse("programme-list"),
        expect={"none": everyone(200, anonymous=302)},
        targets=("none",),
    ),
    Entry(
        name="programme-create",
        method="GET",
        path=lambda cast, target: reverse("programme-create"),
        expect={"none": STAFF},
        targets=("none",),
    ),
    Entry(
        name="programme-design-check",
        method="GET",
        path=lambda cast, target: reverse("programme-design-check") + "?max_group_size=10",
        expect={"none": STAFF},
        targets=("none",),
    ),
    Entry(
        name="programme-detail",
        method="GET",
        path=programme_path("programme-detail"),
        expect={"none": programme_wide(200, others=200)},
        targets=("none",),
    ),
    Entry(
        name="programme-edit",
        method="GET",
        path=programme_path("programme-edit"),
        expect={"none": programme_wide(200, others=403)},
        targets=("none",),
    ),
    Entry(
        name="programme-role-assign",
        method="POST",
        path=programme_path("programme-role-assign"),
        data=lambda cast, target: {"person": cast.people["outsider"].pk, "role": "sponsor"},
        expect={"none": programme_wide(302, others=403)},
        targets=("none",),
    ),
    Entry(
        name="programme-participants-add",
        method="POST",
        path=programme_path("programme-participants-add"),
        data=lambda cast, target: {"people": cast.people["outsider"].email},
        expect={"none": programme_wide(302, others=403)},
        targets=("none",),
    ),
    Entry(
        name="group-create",
        method="GET",
        path=programme_path("group-create"),
        expect={"none": programme_wide(200, others=403)},
        targets=("none",),
    ),
    Entry(
        name="group-detail",
        method="GET",
        path=set_path("group-detail"),
        expect=set_metadata(200, anonymous=302),
    ),
    Entry(
        name="group-rename",
        method="POST",
        path=set_path("group-rename"),
        data=lambda cast, target: {"name": "Renamed"},
        expect=set_manage(302),
    ),
    Entry(
        name="group-member-add",
        method="POST",
        path=set_path("group-member-add"),
        data=lambda cast, target: {"person": cast.people["outsider"].pk, "role": "member"},
        expect=set_manage(302),
    ),
    Entry(
        name="group-member-remove",
        method="POST",
        path=set_path("group-member-remove"),
        # Confirmed, as the confirmation page sends it (without "confirm" it only asks).
        data=lambda cast, target: {"person": first_member(cast, target).pk, "confirm": "on"},
        expect=set_manage(302),
    ),
    Entry(
        name="meeting-create",
        method="GET",
        path=set_path("meeting-create"),
        expect=set_schedule(200),
    ),
    Entry(
        name="meeting-detail",
        method="GET",
        path=meeting_path("meeting-detail"),
        expect=set_metadata(200, anonymous=302),
    ),
    Entry(
        name="meeting-edit",
        method="GET",
        path=meeting_path("meeting-edit"),
        expect=set_schedule(200),
    ),
    Entry(
        name="meeting-attendance",
        method="POST",
        path=meeting_path("meeting-attendance"),
        data=lambda cast, target: {f"person_{first_member(cast, target).pk}": "present"},
        expect=set_schedule(302),
    ),
    Entry(
        name="meeting-record",
        method="POST",
        path=meeting_path("meeting-record"),
        data=lambda cast, target: {"text": "Our own notes."},
        expect=set_content(302, anonymous=302),
    ),
]


# Forming a round's sets: leads and admins only; everyone else with a part in the programme 403.


def forming_path(name: str):
    def path(cast, target):
        return reverse(name, args=[cast.programme.pk, drafted_round(cast)])

    return path


MANAGE_ONLY = programme_wide(302, others=403)

ENTRIES += [
    Entry(
        name="round-create",
        method="POST",
        path=programme_path("round-create"),
        data=lambda cast, target: {},
        expect={"none": MANAGE_ONLY},
        targets=("none",),
    ),
    Entry(
        name="round-forming",
        method="GET",
        path=forming_path("round-forming"),
        expect={"none": programme_wide(200, others=403)},
        targets=("none",),
    ),
    Entry(
        name="round-draft-move",
        method="POST",
        path=forming_path("round-draft-move"),
        data=lambda cast, target: {
            "person": cast.people["member"].pk,
            "target": f"person:{cast.people['ann'].pk}",
        },
        expect={"none": MANAGE_ONLY},
        targets=("none",),
    ),
    Entry(
        name="round-draft-lock",
        method="POST",
        path=forming_path("round-draft-lock"),
        data=lambda cast, target: {"person": cast.people["member"].pk, "locked": "on"},
        expect={"none": MANAGE_ONLY},
        targets=("none",),
    ),
    Entry(
        name="round-publish",
        method="POST",
        path=forming_path("round-publish"),
        data=lambda cast, target: {},
        expect={"none": MANAGE_ONLY},
        targets=("none",),
    ),
    Entry(
        name="round-participants-add",
        method="POST",
        path=forming_path("round-participants-add"),
        data=lambda cast, target: {"people": cast.people["outsider"].email},
        expect={"none": MANAGE_ONLY},
        targets=("none",),
    ),
]


# Roles over time: the fading plan is the lead's; a set's rota is drawn or adjusted by those who
# schedule its meetings (leads, admins and the set's own facilitator).

ENTRIES += [
    Entry(
        name="programme-fading-plan",
        method="POST",
        path=programme_path("programme-fading-plan"),
        data=lambda cast, target: {"adviser_meetings": 2, "observer_until": 4},
        expect={"none": MANAGE_ONLY},
        targets=("none",),
    ),
    Entry(
        name="group-rota-generate",
        method="POST",
        path=set_path("group-rota-generate"),
        data=lambda cast, target: {},
        expect=set_schedule(302),
    ),
    Entry(
        name="meeting-rota",
        method="POST",
        path=meeting_path("meeting-rota"),
        data=lambda cast, target: {"facilitator": "", "timekeeper": first_member(cast, target).pk},
        expect=set_schedule(302),
    ),
]
