"""Answering a wave: saved as you go, resumed later, finished, refused before it opens and
frozen after it closes; bad answers refused with their reason and nothing saved. And the
person's own scores, computed with palg_evaluation.score and shown with what each scale means."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from palg.surveys import selectors, services
from palg.surveys.models import Response
from palg_evaluation import instrument, score
from tests.surveys.helpers import FULL, close, make_wave


def save(cast, wave, answers, role="member", **kwargs):
    return services.response_save(
        actor=cast.actor(role), wave_id=wave.pk, answers=answers, **kwargs
    )


def test_answers_are_saved_as_they_go_and_resumed_later(cast):
    wave = make_wave(cast)
    save(cast, wave, {"cbi.p1": 3, "cbi.p2": 1})
    save(cast, wave, {"cbi.p2": 4, "ps.1": 2})
    response = Response.objects.get()
    assert response.answers == {"cbi.p1": 3, "cbi.p2": 4, "ps.1": 2}
    assert response.finished_at is None
    assert response.group == cast.alpha
    save(cast, wave, {}, clear=["ps.1"], finish=True)
    response.refresh_from_db()
    assert response.answers == {"cbi.p1": 3, "cbi.p2": 4}
    assert response.finished_at is not None


def test_a_wave_not_open_yet_takes_no_answers(cast):
    wave = make_wave(cast, opened=-3, closes_in=10)
    with pytest.raises(ValidationError) as error:
        save(cast, wave, {"cbi.p1": 1})
    assert error.value.messages[0].startswith("This survey opens on ")
    assert not Response.objects.exists()


def test_answers_are_frozen_once_the_wave_closes(cast):
    wave = make_wave(cast)
    save(cast, wave, {"cbi.p1": 1})
    close(wave)
    with pytest.raises(ValidationError) as error:
        save(cast, wave, {"cbi.p1": 4})
    assert error.value.messages[0].startswith("This survey closed on ")
    assert error.value.messages[0].endswith("your answers are kept as they were and cannot change.")
    assert Response.objects.get().answers == {"cbi.p1": 1}


def test_an_unknown_question_or_an_answer_outside_its_options_is_refused_and_nothing_is_saved(cast):
    wave = make_wave(cast, instruments=["cbi"])
    with pytest.raises(ValidationError) as error:
        save(cast, wave, {"cbi.p1": 2, "ps.1": 3, "cbi.p2": 9, "cbi.p3": True})
    assert error.value.messages == [
        "“ps.1” is not a question of this survey.",
        "9 is not one of the answers to “cbi.p2”.",
        "True is not one of the answers to “cbi.p3”.",
    ]
    assert not Response.objects.exists()


def test_only_the_programmes_set_members_answer_its_waves(cast):
    wave = make_wave(cast)
    for role in ("facilitator", "lead", "sponsor", "admin", "outsider", "stranger"):
        with pytest.raises(Http404):
            save(cast, wave, {"cbi.p1": 1}, role=role)
    save(cast, wave, {"cbi.p1": 1}, role="other_member")


def test_own_scores_are_the_scoring_packages_and_trend_across_waves(cast):
    baseline = make_wave(cast, "baseline", opened=30, closes_in=-20)
    mid = make_wave(cast, "mid", opened=2, closes_in=10)
    Response.objects.all().delete()
    # The baseline was answered while it was open: write it as it would have been.
    from palg.surveys.models import Respondent

    respondent = Respondent.objects.create(programme=cast.programme, person=cast.people["member"])
    first = Response(wave=baseline, respondent=respondent)
    first.answers = {**FULL, "cbi.w7": 4}
    first.save()
    save(cast, mid, FULL)
    (programme,) = selectors.own_scores(actor=cast.actor("member"))
    trends = {t.scale.id: t for t in programme.trends}
    assert [p.value for p in trends["cbi_work"].points] == [
        score({**FULL, "cbi.w7": 4})["cbi_work"],
        score(FULL)["cbi_work"],
    ]
    # w7 (energy for family and friends) is reversed: 4 ("always") scores 0, 1 scores 75.
    assert trends["cbi_work"].points[0].value == pytest.approx((6 * 25 + 0) / 7)
    assert trends["cbi_work"].points[1].value == pytest.approx((6 * 25 + 75) / 7)
    assert trends["ucla3"].points[-1].value == score(FULL)["ucla3"]


def test_the_scores_page_shows_each_scale_with_its_explanation_and_citation(cast, client):
    wave = make_wave(cast)
    save(cast, wave, FULL, finish=True)
    client.force_login(cast.users["member"])
    page = client.get(reverse("my-scores")).content.decode()
    ps = instrument("psych_safety")
    for ins in ("cbi", "psych_safety", "ucla3"):
        for scale in instrument(ins).scales:
            assert scale.name in page
            assert scale.explanation in page
    assert ps.citation in page
    assert "Adapted for palg" in page
    assert f"{score(FULL)['psych_safety']:.1f}" in page


def test_the_answer_pages_save_each_screen_and_carry_on_where_the_person_left(cast, client):
    wave = make_wave(cast)
    client.force_login(cast.users["member"])
    start = client.get(reverse("survey-answer", args=[wave.pk]))
    assert start.url == reverse("survey-step", args=[wave.pk, 0])
    cbi = {f"cbi.p{i}": "1" for i in range(1, 7)} | {f"cbi.w{i}": "2" for i in range(1, 8)}
    saved = client.post(reverse("survey-step", args=[wave.pk, 0]), {**cbi, "action": "later"})
    assert saved.url == reverse("my-surveys")
    again = client.get(reverse("survey-answer", args=[wave.pk]))
    assert again.url == reverse("survey-step", args=[wave.pk, 1])
    page = client.get(again.url).content.decode()
    assert "your set, <strong>Alpha</strong>" in page
    assert "If you make a mistake in this group" in page


def test_a_closed_waves_page_says_the_answers_are_frozen_and_offers_no_saving(cast, client):
    wave = make_wave(cast)
    save(cast, wave, {"cbi.p1": 3})
    close(wave)
    client.force_login(cast.users["member"])
    page = client.get(reverse("survey-step", args=[wave.pk, 0])).content.decode()
    assert "Your answers are kept as they were and cannot change." in page
    assert 'value="finish"' not in page and 'value="next"' not in page
    assert 'value="3" checked' in page
    refused = client.post(reverse("survey-step", args=[wave.pk, 0]), {"cbi.p1": "0"})
    assert refused.status_code == 422
    assert Response.objects.get().answers == {"cbi.p1": 3}
