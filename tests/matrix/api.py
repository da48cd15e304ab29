"""Every API operation for every role. The API answers anonymous callers 401 and otherwise
exactly as the web does, because both go through palg.access."""

from django.core.files.uploadedfile import SimpleUploadedFile

from palg.accounts.services import api_token_create
from palg.people.importing import REQUIRED_COLUMNS
from tests.matrix import (
    Entry,
    declared_conflict,
    drafted_round,
    everyone,
    meeting_target,
    set_content,
    set_metadata,
    set_target,
)

NONE = ("none",)
# Anyone with a part in the programme sees it; the organisation's outsiders and strangers don't.
IN_PROGRAMME = {"outsider": 404, "stranger": 404, "anonymous": 401}
# Changing the programme needs its lead or an organisation admin; others with a part get 403.
MANAGES_PROGRAMME = {
    **IN_PROGRAMME,
    "admin": 200,
    "lead": 200,
    "sponsor": 403,
    "facilitator": 403,
    "member": 403,
    "other_member": 403,
}
# Warnings name every set, so they are for those who oversee the programme.
OVERSEES_PROGRAMME = {**MANAGES_PROGRAMME, "sponsor": 200}
STAFF_ONLY = everyone(403, admin=200, lead=200, stranger=200, anonymous=401)


def with_code(table: dict[str, int], old: int, new: int) -> dict[str, int]:
    return {role: new if code == old else code for role, code in table.items()}


def set_managed(ok: int) -> dict[str, dict[str, int]]:
    """Set membership changes: the programme's lead and admins; set people and sponsor 403."""
    table = set_metadata(403, anonymous=401)
    return {target: {**codes, "admin": ok, "lead": ok} for target, codes in table.items()}


def set_scheduled(ok: int) -> dict[str, dict[str, int]]:
    """Meetings and attendance: lead and admins, plus the set's own facilitator."""
    table = set_managed(ok)
    table["alpha"]["facilitator"] = ok
    return table


def programme_path(suffix: str = ""):
    return lambda cast, target: f"/api/programmes/{cast.programme.pk}{suffix}"


def set_path(suffix: str = ""):
    return lambda cast, target: f"/api/sets/{set_target(cast, target).pk}{suffix}"


def meeting_path(suffix: str = ""):
    return lambda cast, target: f"/api/meetings/{meeting_target(cast, target).pk}{suffix}"


def member_to_remove(cast, target: str) -> str:
    person = cast.people["ann" if target == "alpha" else "bea"]
    return f"/api/sets/{set_target(cast, target).pk}/members/{person.pk}"


def attendance_path(cast, target: str) -> str:
    person = cast.people["member" if target == "alpha" else "other_member"]
    return f"/api/meetings/{meeting_target(cast, target).pk}/attendance/{person.pk}"


def person_path(cast, target: str) -> str:
    person = cast.people["member" if target == "alpha" else "other_member"]
    return f"/api/people/{person.pk}"


def leads_token_path(cast, target: str) -> str:
    token, _ = api_token_create(user=cast.users["lead"], name="matrix")
    return f"/api/tokens/{token.pk}"


def people_file(cast, target: str) -> dict:
    text = ",".join(REQUIRED_COLUMNS) + "\nN1,Nell,nell@example.com,,,,,,\n"
    return {"file": SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv")}


def person_expect(own: str) -> dict[str, int]:
    return everyone(404, admin=200, lead=200, anonymous=401, **{own: 200})


ENTRIES = [
    Entry(
        name="me_get",
        method="GET",
        path=lambda cast, target: "/api/me",
        expect={"none": everyone(200, anonymous=401)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="programme_list",
        method="GET",
        path=lambda cast, target: "/api/programmes",
        expect={"none": everyone(200, anonymous=401)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="programme_create",
        method="POST",
        path=lambda cast, target: "/api/programmes",
        data=lambda cast, target: {"name": "Matrix programme"},
        expect={"none": with_code(STAFF_ONLY, 200, 201)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="programme_get",
        method="GET",
        path=programme_path(),
        expect={"none": everyone(200, **IN_PROGRAMME)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="programme_update",
        method="PATCH",
        path=programme_path(),
        data=lambda cast, target: {"name": "Renamed"},
        expect={"none": MANAGES_PROGRAMME},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="programme_warnings",
        method="GET",
        path=programme_path("/warnings"),
        expect={"none": OVERSEES_PROGRAMME},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="set_list",
        method="GET",
        path=programme_path("/sets"),
        expect={"none": everyone(200, **IN_PROGRAMME)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="set_create",
        method="POST",
        path=programme_path("/sets"),
        data=lambda cast, target: {"name": "Gamma"},
        expect={"none": with_code(MANAGES_PROGRAMME, 200, 201)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="set_get",
        method="GET",
        path=set_path(),
        expect=set_metadata(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="set_rename",
        method="PATCH",
        path=set_path(),
        data=lambda cast, target: {"name": "Renamed"},
        expect=set_managed(200),
        api=True,
    ),
    Entry(
        name="set_member_add",
        method="POST",
        path=set_path("/members"),
        data=lambda cast, target: {"person_id": cast.people["outsider"].pk},
        expect=set_managed(201),
        api=True,
    ),
    Entry(
        name="set_member_remove",
        method="DELETE",
        path=member_to_remove,
        expect=set_managed(204),
        api=True,
    ),
    Entry(
        name="meeting_list",
        method="GET",
        path=set_path("/meetings"),
        expect=set_metadata(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="meeting_schedule",
        method="POST",
        path=set_path("/meetings"),
        data=lambda cast, target: {"starts_at": "2030-01-07T10:00:00+00:00"},
        expect=set_scheduled(201),
        api=True,
    ),
    Entry(
        name="meeting_get",
        method="GET",
        path=meeting_path(),
        expect=set_metadata(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="meeting_update",
        method="PATCH",
        path=meeting_path(),
        data=lambda cast, target: {"location": "Room 2"},
        expect=set_scheduled(200),
        api=True,
    ),
    Entry(
        name="attendance_record",
        method="PUT",
        path=attendance_path,
        data=lambda cast, target: {"status": "apologies"},
        expect=set_scheduled(200),
        api=True,
    ),
    Entry(
        name="meeting_record_get",
        method="GET",
        path=meeting_path("/record"),
        expect=set_content(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="meeting_record_update",
        method="PUT",
        path=meeting_path("/record"),
        data=lambda cast, target: {"text": "Our own words"},
        expect=set_content(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="person_list",
        method="GET",
        path=lambda cast, target: "/api/people",
        expect={"none": STAFF_ONLY},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="person_get",
        method="GET",
        path=person_path,
        expect={"alpha": person_expect("member"), "beta": person_expect("other_member")},
        api=True,
    ),
    Entry(
        name="people_import",
        method="POST",
        path=lambda cast, target: "/api/people/import?dry_run=true",
        data=people_file,
        expect={"none": STAFF_ONLY},
        api=True,
        targets=NONE,
        extra={"multipart": True},
    ),
    Entry(
        name="token_list",
        method="GET",
        path=lambda cast, target: "/api/tokens",
        expect={"none": everyone(200, anonymous=401)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="token_create",
        method="POST",
        path=lambda cast, target: "/api/tokens",
        data=lambda cast, target: {"name": "Matrix token"},
        expect={"none": everyone(201, anonymous=401)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="token_revoke",
        method="DELETE",
        path=leads_token_path,
        # A user's tokens are theirs alone: everyone else is told there is no such token.
        expect={"none": everyone(404, lead=204, anonymous=401)},
        api=True,
        targets=NONE,
    ),
]


# Forming a round's sets, and declared conflicts ------------------------------------------------


def draft_path(suffix: str = ""):
    def path(cast, target):
        return f"/api/programmes/{cast.programme.pk}/rounds/{drafted_round(cast)}{suffix}"

    return path


def conflict_path(cast, target) -> str:
    return f"/api/conflicts/{declared_conflict(cast).pk}"


ENTRIES += [
    Entry(
        name="round_create",
        method="POST",
        path=programme_path("/rounds"),
        expect={"none": with_code(MANAGES_PROGRAMME, 200, 201)},
        targets=NONE,
        api=True,
    ),
    Entry(
        name="round_draft_get",
        method="GET",
        path=draft_path("/draft"),
        expect={"none": MANAGES_PROGRAMME},
        targets=NONE,
        api=True,
    ),
    Entry(
        name="round_draft_form",
        method="POST",
        path=draft_path("/draft"),
        data=lambda cast, target: {"min_size": 2, "max_size": 3},
        expect={"none": MANAGES_PROGRAMME},
        targets=NONE,
        api=True,
    ),
    Entry(
        name="round_draft_move",
        method="POST",
        path=draft_path("/draft/moves"),
        data=lambda cast, target: {
            "person_id": cast.people["member"].pk,
            "swap_with": cast.people["ann"].pk,
        },
        expect={"none": MANAGES_PROGRAMME},
        targets=NONE,
        api=True,
    ),
    Entry(
        name="round_draft_lock",
        method="POST",
        path=draft_path("/draft/locks"),
        data=lambda cast, target: {"person_id": cast.people["member"].pk},
        expect={"none": MANAGES_PROGRAMME},
        targets=NONE,
        api=True,
    ),
    Entry(
        name="round_publish",
        method="POST",
        path=draft_path("/publish"),
        data=lambda cast, target: {},
        expect={"none": MANAGES_PROGRAMME},
        targets=NONE,
        api=True,
    ),
    Entry(
        name="conflict_list",
        method="GET",
        path=lambda cast, target: "/api/conflicts",
        expect={"none": STAFF_ONLY},
        targets=NONE,
        api=True,
    ),
    Entry(
        name="conflict_create",
        method="POST",
        path=lambda cast, target: "/api/conflicts",
        data=lambda cast, target: {
            "person_id": cast.people["member"].pk,
            "other_id": cast.people["other_member"].pk,
        },
        # Another organisation's admin cannot name Acme's people.
        expect={"none": {**with_code(STAFF_ONLY, 200, 201), "stranger": 422}},
        targets=NONE,
        api=True,
    ),
    Entry(
        name="conflict_delete",
        method="DELETE",
        path=conflict_path,
        expect={"none": {**with_code(STAFF_ONLY, 200, 204), "stranger": 404}},
        targets=NONE,
        api=True,
    ),
]


# Roles over time: the fading plan is programme metadata, a set's rota is set metadata.

ENTRIES += [
    Entry(
        name="fading_plan_get",
        method="GET",
        path=programme_path("/fading-plan"),
        expect={"none": everyone(200, **IN_PROGRAMME)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="fading_plan_update",
        method="PUT",
        path=programme_path("/fading-plan"),
        data=lambda cast, target: {"adviser_meetings": 2, "observer_until": 4},
        expect={"none": MANAGES_PROGRAMME},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="rota_get",
        method="GET",
        path=set_path("/rota"),
        expect=set_metadata(200, anonymous=401),
        api=True,
    ),
    Entry(
        name="rota_generate",
        method="POST",
        path=set_path("/rota"),
        expect=set_scheduled(200),
        api=True,
    ),
    Entry(
        name="rota_entry_update",
        method="PUT",
        path=meeting_path("/rota"),
        data=lambda cast, target: {
            "facilitator_id": None,
            "timekeeper_id": cast.people["member" if target == "alpha" else "other_member"].pk,
        },
        expect=set_scheduled(200),
        api=True,
    ),
]
