"""The people pages: the directory and the import are for staff (organisation admins and
programme leads); a person's own entry is also theirs to see."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.matrix import Entry, declared_conflict, everyone

# Staff of their own organisation: Acme's admin and programme lead, and Globex's admin (the
# stranger), who sees Globex's (empty) directory. Everyone else is refused.
STAFF_ONLY = {"none": everyone(403, anonymous=302, admin=200, lead=200, stranger=200)}

VALID_CSV = (
    b"id,name,email,manager_id,team,function,department,location,seniority\n"
    b"M1,Mira Matrix,mira.matrix@example.test,,Ops,Operations,Operations,Leeds,Manager\n"
)
INVALID_CSV = b"id,name,email\nM1,,not-an-email\n"


def person_target(cast, target: str):
    """ "alpha" names Alice (the cast's member), "beta" Bob (the other set's member)."""
    return {"alpha": cast.people["member"], "beta": cast.people["other_member"]}[target]


def upload(content: bytes):
    return lambda cast, target: {"file": SimpleUploadedFile("people.csv", content, "text/csv")}


def own_entry(role: str) -> dict[str, int]:
    """Staff see anyone in Acme; a person sees only their own entry; anyone else gets 404."""
    return everyone(404, anonymous=302, admin=200, lead=200, **{role: 200})


ENTRIES = [
    Entry(
        name="person-list",
        method="GET",
        path=lambda cast, target: reverse("person-list"),
        expect=STAFF_ONLY,
        targets=("none",),
    ),
    Entry(
        name="person-detail",
        method="GET",
        path=lambda cast, target: reverse("person-detail", args=[person_target(cast, target).pk]),
        expect={"alpha": own_entry("member"), "beta": own_entry("other_member")},
    ),
    Entry(
        name="person-import",
        method="GET",
        path=lambda cast, target: reverse("person-import"),
        expect=STAFF_ONLY,
        targets=("none",),
    ),
    # A valid file gets the preview page (200); an invalid one the form with its problems (400).
    Entry(
        name="person-import",
        method="POST",
        path=lambda cast, target: reverse("person-import"),
        data=upload(VALID_CSV),
        expect=STAFF_ONLY,
        targets=("none",),
    ),
    Entry(
        name="person-import",
        method="POST",
        path=lambda cast, target: reverse("person-import"),
        data=upload(INVALID_CSV),
        expect={"none": everyone(403, anonymous=302, admin=400, lead=400, stranger=400)},
        targets=("none",),
    ),
    # A token nobody uploaded: staff are told the preview expired (400), nothing is written.
    Entry(
        name="person-import-confirm",
        method="POST",
        path=lambda cast, target: reverse("person-import-confirm"),
        data=lambda cast, target: {"token": "x" * 43},
        expect={"none": everyone(403, anonymous=302, admin=400, lead=400, stranger=400)},
        targets=("none",),
    ),
    Entry(
        name="person-import-example",
        method="GET",
        path=lambda cast, target: reverse("person-import-example"),
        expect=STAFF_ONLY,
        targets=("none",),
    ),
]

# Declared conflicts hint at disputes: staff only. Globex's admin sees Globex's (empty) list and
# cannot reach an Acme conflict.
ENTRIES += [
    Entry(
        name="conflict-list",
        method="GET",
        path=lambda cast, target: reverse("conflict-list"),
        expect=STAFF_ONLY,
        targets=("none",),
    ),
    Entry(
        name="conflict-delete",
        method="POST",
        path=lambda cast, target: reverse("conflict-delete", args=[declared_conflict(cast).pk]),
        expect={"none": everyone(403, anonymous=302, admin=302, lead=302, stranger=404)},
        targets=("none",),
    ),
]
