"""No page shows a set's record to anyone outside the set, whatever they may load."""

import pytest
from django.urls import reverse

from tests.web.pages import text

ALPHA_RECORD = "Alpha's confidential record"
BETA_RECORD = "Beta's confidential record"


def every_page(cast) -> list[str]:
    programme, alpha, beta = cast.programme.pk, cast.alpha.pk, cast.beta.pk
    return [
        reverse("home"),
        reverse("programme-list"),
        reverse("programme-create"),
        reverse("programme-detail", args=[programme]),
        reverse("programme-edit", args=[programme]),
        reverse("group-create", args=[programme]),
        *(reverse("group-detail", args=[group]) for group in (alpha, beta)),
        *(reverse("meeting-create", args=[group]) for group in (alpha, beta)),
        *(
            reverse(name, args=[meeting.pk])
            for name in ("meeting-detail", "meeting-edit")
            for meeting in (cast.alpha_meeting, cast.beta_meeting)
        ),
    ]


@pytest.mark.parametrize("role", ["lead", "sponsor", "admin"])
def test_overseers_never_see_a_sets_record_on_any_page(cast, client_as, role):
    client = client_as(role)
    loaded = 0
    for path in every_page(cast):
        response = client.get(path)
        if response.status_code == 200:
            loaded += 1
            body = text(response)
            assert ALPHA_RECORD not in body, path
            assert BETA_RECORD not in body, path
    assert loaded >= 5


@pytest.mark.parametrize("role", ["member", "facilitator"])
def test_members_see_their_own_record_and_never_another_sets(cast, client_as, role):
    client = client_as(role)
    seen_own = False
    for path in every_page(cast):
        response = client.get(path)
        if response.status_code == 200:
            body = text(response)
            assert BETA_RECORD not in body, path
            seen_own = seen_own or ALPHA_RECORD in body
    assert seen_own
