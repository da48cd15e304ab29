"""The people directory (L&D staff) and its CSV import.

The import is declared before `/people/{person_id}` so that its fixed path matches first."""

import dataclasses
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from palg.accounts import invitations
from palg.api import guard
from palg.api.auth import actor_for
from palg.api.schemas import (
    CREATE,
    READ,
    UNAUTHENTICATED,
    ErrorOut,
    ImportErrorOut,
    Text,
    ValidationErrorOut,
    path_id,
)
from palg.people import importing, selectors

router = Router(tags=["people"])
PersonId = path_id("The person's id.")
MSG_IMPORT_FAILED = "The file was not imported: fix the problems listed and upload it again."
FILTER_MAX = 200
PAGE_MAX = 100_000
PAGE_SIZE_MAX = 200


class PersonOut(Schema):
    id: int
    external_id: str
    name: str
    email: str
    manager_id: int | None
    team: str
    function: str
    department: str
    location: str
    seniority: str
    gender: str
    tenure_years: float | None
    availability: list[str] = Field(description="Weekly slot codes such as 'mon-am'.")
    attributes: dict[str, Any] = Field(description="Further columns of the imported file.")


class PersonPageOut(Schema):
    count: int = Field(description="How many people match, over all pages.")
    page: int
    page_size: int
    items: list[PersonOut]


class PersonFilters(Schema):
    q: Text = Field("", max_length=FILTER_MAX, description="Words to find in name, email, id.")
    function: Text = Field("", max_length=FILTER_MAX)
    department: Text = Field("", max_length=FILTER_MAX)
    location: Text = Field("", max_length=FILTER_MAX)
    seniority: Text = Field("", max_length=FILTER_MAX)
    team: Text = Field("", max_length=FILTER_MAX)
    page: int = Field(1, ge=1, le=PAGE_MAX)
    page_size: int = Field(50, ge=1, le=PAGE_SIZE_MAX)


class RowChangeOut(Schema):
    row: int
    external_id: str
    name: str
    action: str = Field(description="'create', 'update' or 'unchanged'.")
    fields: list[str] = Field(description="The columns an update changes.")
    closes_account: bool = Field(
        description="The row marks the person as having left and their account is deactivated."
    )


class ImportReportOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int
    committed: bool = Field(description="False for a dry run: nothing was written.")
    deactivated: int = Field(
        description="Accounts deactivated (or, in a dry run, to be) because their people left."
    )
    changes: list[RowChangeOut]
    invited: list[str] = Field(
        default_factory=list,
        description="With `invite`: emails of the people in the file sent an invitation.",
    )


@router.get(
    "/people",
    response={200: PersonPageOut, **UNAUTHENTICATED, 403: ErrorOut, 422: ValidationErrorOut},
    operation_id="person_list",
    summary="Search the people directory",
)
def person_list(request: HttpRequest, filters: Query[PersonFilters]):
    """The organisation's people, a page at a time, for L&D staff only."""
    wanted = filters.model_dump(exclude={"q", "page", "page_size"})
    people = selectors.person_list(actor=actor_for(request), q=filters.q, filters=wanted)
    start = (filters.page - 1) * filters.page_size
    return {
        "count": people.count(),
        "page": filters.page,
        "page_size": filters.page_size,
        "items": list(people[start : start + filters.page_size]),
    }


@router.post(
    "/people/import",
    response={200: ImportReportOut, **CREATE, 400: ImportErrorOut},
    operation_id="people_import",
    summary="Import people from a CSV file",
)
@guard.access_first(guard.staff)
def people_import(
    request: HttpRequest, file: File[UploadedFile], dry_run: bool = False, invite: bool = False
):
    """Create and update the organisation's people from a CSV file, all or nothing (staff).
    With `dry_run` the file is checked and the changes reported, but nothing is written. With
    `invite`, the people in the file who have no account are sent an invitation."""
    actor = actor_for(request)
    try:
        report = importing.people_import(actor=actor, data=file.read(), commit=not dry_run)
    except importing.PeopleImportError as error:
        return Status(400, {"detail": MSG_IMPORT_FAILED, "problems": error.problems})
    if not (invite and report.committed):
        return report
    invited = invitations.invitations_for_import(actor=actor, report=report)
    emails = [invitation.person.email for invitation in invited.invited]
    return {**dataclasses.asdict(report), "invited": emails}


@router.get(
    "/people/{person_id}",
    response={200: PersonOut, **READ},
    operation_id="person_get",
    summary="Get a person",
)
def person_get(request: HttpRequest, person_id: PersonId):
    """One directory entry: staff see anyone in the organisation, others only themselves."""
    return selectors.person_detail(actor=actor_for(request), person_id=person_id)
