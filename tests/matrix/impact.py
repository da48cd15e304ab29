"""Impact. A programme's pooled figures and its report (page, PDF, CSV, API): its leads,
admins and sponsors (the set's own people get 403: theirs are on the set's page); a set's own
figures and pulse: set content. Change events: the organisation's admins and its programmes'
leads and sponsors log them; anyone else in the organisation gets 403, another organisation's
admin sees only their own (404)."""

from datetime import date

from django.urls import reverse

from tests.matrix import Entry, everyone, set_content
from tests.matrix.programmes import programme_path, programme_wide, set_path

NONE = ("none",)
EVENT = {"happened_on": "2026-01-12", "title": "New operating model", "size": "large"}
PROGRAMME_FIGURES = {**programme_wide(200, others=403), "sponsor": 200}


def loggers(ok: int, *, anonymous: int, stranger: int) -> dict[str, int]:
    return everyone(403, admin=ok, lead=ok, sponsor=ok, stranger=stranger, anonymous=anonymous)


def acme_event(cast):
    from palg.impact.models import ChangeEvent

    return ChangeEvent.objects.create(
        organisation=cast.org, happened_on=date(2026, 1, 5), title="Restructure", size="medium"
    )


def event_path(name: str):
    return lambda cast, target: reverse(name, args=[acme_event(cast).pk])


def api_event_path(cast, target) -> str:
    return f"/api/change-events/{acme_event(cast).pk}"


ENTRIES = [
    Entry(
        name="programme-impact",
        method="GET",
        path=programme_path("programme-impact"),
        expect={"none": PROGRAMME_FIGURES},
        targets=NONE,
    ),
    *[
        Entry(
            name=name,
            method="GET",
            path=programme_path(name),
            expect={"none": PROGRAMME_FIGURES},
            targets=NONE,
        )
        for name in ("programme-report", "programme-report-pdf", "programme-report-csv")
    ],
    Entry(
        name="set-impact",
        method="GET",
        path=set_path("set-impact"),
        expect=set_content(200, anonymous=302),
    ),
    Entry(
        name="change-event-list",
        method="GET",
        path=lambda cast, target: reverse("change-event-list"),
        expect={"none": loggers(200, anonymous=302, stranger=200)},
        targets=NONE,
    ),
    Entry(
        name="change-event-list",
        method="POST",
        path=lambda cast, target: reverse("change-event-list"),
        data=lambda cast, target: EVENT,
        expect={"none": loggers(302, anonymous=302, stranger=302)},
        targets=NONE,
    ),
    Entry(
        name="change-event-edit",
        method="GET",
        path=event_path("change-event-edit"),
        expect={"none": loggers(200, anonymous=302, stranger=404)},
        targets=NONE,
    ),
    Entry(
        name="change-event-edit",
        method="POST",
        path=event_path("change-event-edit"),
        data=lambda cast, target: EVENT,
        expect={"none": loggers(302, anonymous=302, stranger=404)},
        targets=NONE,
    ),
    Entry(
        name="change-event-delete",
        method="POST",
        path=event_path("change-event-delete"),
        data=lambda cast, target: {},
        expect={"none": loggers(302, anonymous=302, stranger=404)},
        targets=NONE,
    ),
    Entry(
        name="programme_impact",
        method="GET",
        path=lambda cast, target: f"/api/programmes/{cast.programme.pk}/impact",
        expect={"none": {**PROGRAMME_FIGURES, "anonymous": 401}},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="programme_report",
        method="GET",
        path=lambda cast, target: f"/api/programmes/{cast.programme.pk}/report",
        expect={"none": {**PROGRAMME_FIGURES, "anonymous": 401}},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="change_event_list",
        method="GET",
        path=lambda cast, target: "/api/change-events",
        expect={"none": loggers(200, anonymous=401, stranger=200)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="change_event_create",
        method="POST",
        path=lambda cast, target: "/api/change-events",
        data=lambda cast, target: EVENT,
        expect={"none": loggers(201, anonymous=401, stranger=201)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="change_event_get",
        method="GET",
        path=api_event_path,
        expect={"none": loggers(200, anonymous=401, stranger=404)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="change_event_update",
        method="PATCH",
        path=api_event_path,
        data=lambda cast, target: {"size": "small"},
        expect={"none": loggers(200, anonymous=401, stranger=404)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="change_event_delete",
        method="DELETE",
        path=api_event_path,
        expect={"none": loggers(204, anonymous=401, stranger=404)},
        api=True,
        targets=NONE,
    ),
]
