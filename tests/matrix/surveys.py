"""Survey waves and answers. A programme's waves page and API: its leads and admins change
them, its sponsor sees dates and counts, others with a part get 403, outsiders 404. Answers are
their author's alone: the member (Alice) answers and reads hers; every other role gets 404 for
her wave's answer screens and reads only their own (empty) answers and scores."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.matrix import Entry, everyone

NONE = ("none",)
OVERSEERS = {"admin": 200, "lead": 200, "sponsor": 200, "facilitator": 403, "member": 403}
OUTSIDE = {"other_member": 403, "outsider": 404, "stranger": 404}


def open_wave(cast) -> int:
    from palg.surveys.models import Wave

    today = timezone.localdate()
    wave, _ = Wave.objects.get_or_create(
        programme=cast.programme,
        kind="baseline",
        defaults={
            "opens_on": today - timedelta(days=2),
            "closes_on": today + timedelta(days=5),
            "instruments": ["cbi", "psych_safety", "ucla3"],
        },
    )
    return wave.pk


def programme_path(name: str):
    return lambda cast, target: reverse(name, args=[cast.programme.pk])


def wave_path(name: str, *extra):
    return lambda cast, target: reverse(name, args=[open_wave(cast), *extra])


def waves_page(ok: int, sponsor: int) -> dict:
    table = {**OVERSEERS, **OUTSIDE, "anonymous": 302}
    table.update({"admin": ok, "lead": ok, "sponsor": sponsor})
    return {"none": table}


def answering(ok: int, anonymous: int) -> dict:
    # Alice and Bob are set members of the programme: each answers their own.
    return {"none": everyone(404, member=ok, other_member=ok, anonymous=anonymous)}


def api_waves(ok: int, sponsor: int) -> dict:
    table = {**OVERSEERS, **OUTSIDE, "anonymous": 401}
    table.update({"admin": ok, "lead": ok, "sponsor": sponsor})
    return {"none": table}


def plan_data(cast, target) -> dict:
    from palg.surveys.plan import wave_plan_propose

    data = {}
    for wave in wave_plan_propose(programme=cast.programme):
        data[f"{wave.kind}-opens_on"] = wave.opens_on.isoformat()
        data[f"{wave.kind}-closes_on"] = wave.closes_on.isoformat()
        data[f"{wave.kind}-instruments"] = wave.instruments
    return data


ENTRIES = [
    Entry(
        name="my-surveys",
        method="GET",
        path=lambda cast, target: reverse("my-surveys"),
        expect={"none": everyone(200, anonymous=302)},
        targets=NONE,
    ),
    Entry(
        name="my-scores",
        method="GET",
        path=lambda cast, target: reverse("my-scores"),
        expect={"none": everyone(200, anonymous=302)},
        targets=NONE,
    ),
    Entry(
        name="survey-answer",
        method="GET",
        path=wave_path("survey-answer"),
        expect=answering(302, anonymous=302),
        targets=NONE,
    ),
    Entry(
        name="survey-step",
        method="GET",
        path=wave_path("survey-step", 0),
        expect=answering(200, anonymous=302),
        targets=NONE,
    ),
    Entry(
        name="survey-step",
        method="POST",
        path=wave_path("survey-step", 0),
        data=lambda cast, target: {"cbi.p1": "2", "action": "next"},
        expect=answering(302, anonymous=302),
        targets=NONE,
    ),
    Entry(
        name="programme-waves",
        method="GET",
        path=programme_path("programme-waves"),
        expect=waves_page(200, sponsor=200),
        targets=NONE,
    ),
    Entry(
        name="programme-waves",
        method="POST",
        path=programme_path("programme-waves"),
        data=plan_data,
        expect=waves_page(302, sponsor=403),
        targets=NONE,
    ),
    # API
    Entry(
        name="own_waves_list",
        method="GET",
        path=lambda cast, target: "/api/me/waves",
        expect={"none": everyone(200, anonymous=401)},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="own_answers_get",
        method="GET",
        path=lambda cast, target: f"/api/waves/{open_wave(cast)}/answers",
        expect=answering(200, anonymous=401),
        api=True,
        targets=NONE,
    ),
    Entry(
        name="own_answers_put",
        method="PUT",
        path=lambda cast, target: f"/api/waves/{open_wave(cast)}/answers",
        data=lambda cast, target: {"answers": {"cbi.p1": 2}},
        expect=answering(200, anonymous=401),
        api=True,
        targets=NONE,
    ),
    Entry(
        name="programme_waves_list",
        method="GET",
        path=lambda cast, target: f"/api/programmes/{cast.programme.pk}/waves",
        expect=api_waves(200, sponsor=200),
        api=True,
        targets=NONE,
    ),
    Entry(
        name="programme_waves_plan",
        method="POST",
        path=lambda cast, target: f"/api/programmes/{cast.programme.pk}/waves",
        expect=api_waves(201, sponsor=403),
        api=True,
        targets=NONE,
    ),
    Entry(
        name="wave_update",
        method="PATCH",
        path=lambda cast, target: f"/api/waves/{open_wave(cast)}",
        data=lambda cast, target: {
            "closes_on": (timezone.localdate() + timedelta(days=6)).isoformat()
        },
        expect=api_waves(200, sponsor=403),
        api=True,
        targets=NONE,
    ),
]
