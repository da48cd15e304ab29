"""Change events: leads, sponsors and organisation admins log, change and delete them;
bad input is refused with a message by field and nothing changes."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from palg.impact import services
from palg.impact.models import ChangeEvent

TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()


def test_a_sponsor_logs_a_change_event(client, cast):
    client.force_login(cast.users["sponsor"])
    data = {"happened_on": "2026-02-02", "title": " Finance go-live ", "size": "medium",
            "programme": cast.programme.pk}  # fmt: skip
    response = client.post(reverse("change-event-list"), data)
    assert response.status_code == 302
    event = ChangeEvent.objects.get()
    assert (event.title, event.size, event.weight, event.programme, event.logged_by) == (
        "Finance go-live", "medium", 2, cast.programme, cast.people["sponsor"]
    )  # fmt: skip


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("title", "", services.MSG_TITLE_REQUIRED),
        ("title", "x" * 201, services.MSG_TITLE_TOO_LONG),
        ("size", "huge", services.MSG_SIZE),
        ("size", "", services.MSG_SIZE),
        ("happened_on", "", services.MSG_DAY_REQUIRED),
        ("happened_on", TOMORROW, services.MSG_DAY_FUTURE),
        ("happened_on", "1899-12-31", None),
    ],
)
def test_the_form_re_renders_with_the_message(client, cast, field, value, message):
    client.force_login(cast.users["lead"])
    data = {"happened_on": "2026-02-02", "title": "Restructure", "size": "large", field: value}
    response = client.post(reverse("change-event-list"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    if message:
        assert message in errors
        assert message in response.content.decode().replace("&#x27;", "'")
    assert not ChangeEvent.objects.exists()


def test_a_lead_edits_and_deletes_an_event(client, cast):
    event = services.change_event_create(actor=cast.actor("lead"), happened_on=date(2026, 1, 5),
                                         title="Restructure", size="large")  # fmt: skip
    client.force_login(cast.users["lead"])
    url = reverse("change-event-edit", args=[event.pk])
    bad = client.post(url, {"happened_on": TOMORROW, "title": "Restructure", "size": "large"})
    assert services.MSG_DAY_FUTURE in bad.context["form"].errors["happened_on"]
    client.post(url, {"happened_on": "2026-01-06", "title": "Re-org", "size": "small"})
    event.refresh_from_db()
    assert (event.happened_on, event.title, event.size) == (date(2026, 1, 6), "Re-org", "small")
    client.post(reverse("change-event-delete", args=[event.pk]))
    assert not ChangeEvent.objects.exists()


def test_a_programme_the_logger_has_no_part_in_is_refused(cast):
    from palg.programmes.models import Programme

    other = Programme.objects.create(organisation=cast.org, name="Not Sam's")
    with pytest.raises(Exception) as refused:
        services.change_event_create(actor=cast.actor("sponsor"), happened_on=date(2026, 1, 5),
                                     title="X", size="small", programme_id=other.pk)  # fmt: skip
    assert refused.value.message_dict == {"programme": [services.MSG_PROGRAMME]}


def test_the_api_refuses_bad_input_with_422_json(client, cast):
    client.force_login(cast.users["lead"])
    for body, field in [
        ({"happened_on": TOMORROW, "title": "Go-live", "size": "small"}, "happened_on"),
        ({"happened_on": "2026-01-05", "title": "Go-live", "size": "huge"}, "size"),
        ({"happened_on": "2026-01-05", "title": "   ", "size": "small"}, "title"),
        ({"happened_on": "5 Jan", "title": "Go-live", "size": "small"}, "happened_on"),
    ]:
        response = client.post("/api/change-events", body, content_type="application/json")
        assert response.status_code == 422, body
        assert field in response.json()["errors"]
    assert not ChangeEvent.objects.exists()


def test_the_api_logs_changes_and_lists_them(client, cast):
    client.force_login(cast.users["admin"])
    body = {"happened_on": "2026-01-05", "title": "Go-live", "size": "large",
            "programme_id": cast.programme.pk}  # fmt: skip
    made = client.post("/api/change-events", body, content_type="application/json").json()
    assert (made["weight"], made["programme_id"]) == (3, cast.programme.pk)
    patched = client.patch(f"/api/change-events/{made['id']}", {"programme_id": None},
                           content_type="application/json").json()  # fmt: skip
    assert patched["programme_id"] is None
    assert [e["id"] for e in client.get("/api/change-events").json()] == [made["id"]]
