"""No browser or proxy keeps what palg serves: every page and API answer in the permission
matrix (set content above all: meetings, live sessions, cards, the pulse) is sent
`Cache-Control: private, no-store` to the people allowed to read it (palg.web.middleware)."""

import json

import pytest
from django.conf import settings

from tests.test_permission_matrix import all_entries

# Roles tried in this order: the first one the matrix lets through reads the endpoint.
READERS = ("member", "facilitator", "other_member", "lead", "admin", "sponsor", "outsider")
# Calendar files decide their own caching (scheduling.views): meeting dates and no content, kept
# by the client but checked again on every fetch (ETag, Last-Modified), never by a shared cache.
OWN_CACHING = {"calendar-feed": {"private", "no-cache"}, "set-calendar": {"private", "no-cache"}}
NOT_STORED = {"private", "no-store"}


def reads():
    for entry in all_entries():
        target = entry.targets[0]
        role = next((r for r in READERS if entry.expect[target].get(r, 999) < 400), None)
        if role is not None:
            yield pytest.param(entry, target, role, id=f"{entry.method}-{entry.name}-{role}")


def request(client, cast, entry, target):
    path = entry.path(cast, target)
    data = entry.data(cast, target) if entry.data else None
    if entry.api and not entry.extra.get("multipart"):
        body = (
            {} if data is None else {"data": json.dumps(data), "content_type": entry.content_type}
        )
        return client.generic(entry.method, path, **body)
    return getattr(client, entry.method.lower())(path, **({} if data is None else {"data": data}))


def test_the_walk_covers_the_set_content_endpoints():
    names = {param.values[0].name for param in reads()}
    for name in ("meeting-detail", "meeting_record_get", "live-session", "live-state",
                 "live_session_get", "card-detail", "card_get", "pulse-trend", "set_pulse_trend",
                 "contract", "live_review_get", "journal-entry"):  # fmt: skip
        assert name in names


@pytest.mark.parametrize("entry,target,role", list(reads()))
def test_every_answer_to_its_readers_is_private_and_not_stored(entry, target, role, cast, client):
    client.force_login(cast.users[role])
    response = request(client, cast, entry, target)
    assert response.status_code == entry.expect[target][role]
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert OWN_CACHING.get(entry.name, NOT_STORED) <= cache_control, (
        f"{entry.method} {entry.name} as {role}: Cache-Control {response.get('Cache-Control')!r}"
    )


def test_static_files_keep_their_own_caching():
    assert settings.MIDDLEWARE.index("palg.web.middleware.no_store_by_default") > (
        settings.MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware")
    )
