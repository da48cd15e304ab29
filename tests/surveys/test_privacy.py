"""A person's answers are theirs alone: no role reads them (admins, leads, facilitators and
sponsors included), the database holds them encrypted, the Django admin does not list them,
and the only way out for other code is pseudonymous scores and counts."""

import importlib.util

from django.db import connection
from django.urls import reverse

from palg.surveys import selectors, services
from palg.surveys.models import Respondent, Response
from palg_evaluation import score
from tests.surveys.helpers import FULL, make_wave

OTHERS = ("admin", "lead", "sponsor", "facilitator", "other_member", "outsider", "stranger")


def answered(cast):
    wave = make_wave(cast)
    services.response_save(actor=cast.actor("member"), wave_id=wave.pk, answers=FULL, finish=True)
    return wave


def test_nobody_but_the_person_reads_their_answers_through_the_access_layer(cast):
    from palg import access

    wave = answered(cast)
    assert access.own_responses_for_actor(cast.actor("member")).count() == 1
    for role in OTHERS:
        assert access.own_responses_for_actor(cast.actor(role)).count() == 0, role
        assert selectors.own_scores(actor=cast.actor(role)) == [], role
        assert selectors.own_response(actor=cast.actor(role), wave=wave) is None, role


def test_nobody_else_sees_a_persons_answers_or_scores_on_any_page(cast, client):
    wave = answered(cast)
    marker = f"{score(FULL)['cbi_personal']:.1f}"
    for role in OTHERS:
        client.force_login(cast.users[role])
        for name, args in [("my-scores", []), ("my-surveys", [])]:
            page = client.get(reverse(name, args=args)).content.decode()
            assert marker not in page, (role, name)
        for step in range(3):
            response = client.get(reverse("survey-step", args=[wave.pk, step]))
            assert response.status_code in (200, 404), role
            assert "checked" not in response.content.decode(), (role, step)


def test_the_database_row_holds_no_readable_answer(cast):
    answered(cast)
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed_answers FROM surveys_response")
        (stored,) = cursor.fetchone()
    assert "cbi" not in stored and "ps." not in stored
    assert Response.objects.get().answers == FULL


def test_the_answer_models_are_not_in_the_django_admin():
    assert importlib.util.find_spec("palg.surveys.admin") is None


def test_the_statistics_get_pseudonymous_scores_that_pair_across_waves_and_name_nobody(cast):
    baseline = answered(cast)
    services.response_save(actor=cast.actor("other_member"), wave_id=baseline.pk, answers=FULL)
    rows = selectors.wave_scores_pseudonymous(programme=cast.programme)
    respondents = {row.respondent for row in rows}
    assert len(respondents) == 2
    people = {str(p.pk) for p in cast.people.values()} | {p.name for p in cast.people.values()}
    assert not respondents & people
    pseudonyms = set(Respondent.objects.values_list("pseudonym", flat=True))
    assert respondents == pseudonyms
    assert {row.scale for row in rows} == {"cbi_personal", "cbi_work", "psych_safety", "ucla3"}
    assert {row.wave_kind for row in rows} == {"baseline"}
    alice = [
        r for r in rows if r.scale == "cbi_personal" and r.score == score(FULL)["cbi_personal"]
    ]
    assert len(alice) == 2


def test_overseers_get_counts_only(cast):
    answered(cast)
    (count,) = selectors.programme_waves(actor=cast.actor("sponsor"), programme=cast.programme)
    assert (count.invited, count.started, count.finished, count.rate) == (4, 1, 1, 25)
    assert selectors.wave_response_totals(programme=cast.programme) == {count.wave.pk: 1}


def test_key_rotation_re_encrypts_answers_and_a_lost_key_reads_as_no_answers(cast, settings):
    from palg.journal import services as journal
    from tests.journal.helpers import new_key

    old, new = new_key(), new_key()
    settings.JOURNAL_KEYS = [old]
    answered(cast)
    settings.JOURNAL_KEYS = [new, old]
    journal.journal_rotate_key()
    settings.JOURNAL_KEYS = [new]
    assert Response.objects.get().answers == FULL
    settings.JOURNAL_KEYS = [new_key()]
    assert Response.objects.get().answers == {}
    assert selectors.wave_scores_pseudonymous(programme=cast.programme) == []
