"""Level 4 read from the programme's survey waves (palg.surveys): the report's wave means and
response rates are those of the answers saved, a wave not open yet is left out, and the demo's
running programme shows paired change from baseline to mid."""

from datetime import timedelta

import pytest
from django.utils import timezone

from palg.access import Actor
from palg.demo import DEMO_SLUG, demo_load
from palg.impact import exports
from palg.impact.floor import MSG_FEWER_SETS, Audience
from palg.impact.report import MSG_NO_ANSWERS, build_report, level4_inputs
from palg.people.models import Organisation
from palg.programmes.models import Programme
from palg.surveys import selectors, services
from palg.surveys.models import Wave
from tests.impact.builders import add_worked_example, build_pilot
from tests.surveys.helpers import FULL

TODAY = timezone.localdate()


def wave(programme, kind, opened, closes_in):
    return Wave.objects.create(
        programme=programme, kind=kind, opens_on=TODAY - timedelta(days=opened),
        closes_on=TODAY + timedelta(days=closes_in), instruments=["cbi", "psych_safety", "ucla3"],
    )  # fmt: skip


@pytest.fixture
def pilot(db):
    pilot = build_pilot(per_set=2)  # six members in three sets
    add_worked_example(pilot)
    return pilot


def test_level_4_reads_the_saved_answers_and_leaves_out_a_wave_not_open_yet(pilot):
    baseline = wave(pilot.programme, "baseline", 3, 5)
    wave(pilot.programme, "end", -30, 40)  # planned: not in the report
    for number, person in enumerate(pilot.members.values()):
        answers = {**FULL, "ps.1": 1 + number}  # psychological safety differs per person
        services.response_save(actor=Actor.from_user(pilot.user(person)), wave_id=baseline.pk,
                               answers=answers, finish=True)  # fmt: skip
    inputs = level4_inputs(pilot.programme)
    assert inputs.invited == {"baseline": 6}
    report = build_report(pilot.programme, Audience.OVERSEER)
    rows = selectors.wave_scores_pseudonymous(programme=pilot.programme)
    safety = [r.score for r in rows if r.scale == "psych_safety"]
    means = {s.scale: s.waves[0] for s in report.scales}
    assert means["psych_safety"].value == round(sum(safety) / len(safety), 2)
    assert means["psych_safety"].n == 6 and means["psych_safety"].breakdown == "wave Baseline"
    (rate,) = report.responses
    assert (rate.value, rate.n, rate.note) == (100, 6, "6 of 6 finished")
    assert "wave End" not in exports.csv_text(report)


def test_an_open_wave_without_answers_says_so(pilot):
    wave(pilot.programme, "baseline", 1, 5)
    report = build_report(pilot.programme, Audience.OVERSEER)
    assert report.scales == [] and report.level4_empty == MSG_NO_ANSWERS
    (rate,) = report.responses
    assert not rate.shown and rate.note == "nothing recorded yet"


def test_the_demo_programmes_report_shows_change_from_baseline_to_mid(db):
    assert demo_load() is True
    org = Organisation.objects.get(slug=DEMO_SLUG)
    programme = org.programmes.get(status=Programme.Status.ACTIVE)
    report = build_report(programme, Audience.OVERSEER)
    burnout = next(s for s in report.scales if s.scale == "cbi_personal")
    change = {r.measure: r for r in burnout.rows}
    difference = change["Personal burnout: mean difference (later - baseline)"]
    assert difference.shown and difference.breakdown == "baseline → mid-programme"
    assert difference.value < 0  # a believable fall in burnout
    assert {r.breakdown for r in report.responses} == {"wave Baseline", "wave Mid-programme"}
    # Nobody is new at mid and at least 5 dropped out, so a sponsor sees every figure: both
    # waves' means, the change and the drop-outs' baseline beside the completers'.
    sponsor = build_report(programme, Audience.SPONSOR)
    assert all(r.shown for s in sponsor.scales for r in (*s.waves, *s.rows))
    draft = org.programmes.get(status=Programme.Status.DRAFT)
    assert build_report(draft, Audience.OVERSEER).level4_empty == "No survey waves yet."


def test_a_sponsor_sees_level_4_only_once_respondents_of_3_sets_have_answered(db):
    # Nine members in sets A, B and C; A and B answer first (six people, over the floor).
    pilot = build_pilot(per_set=3)
    baseline = wave(pilot.programme, "baseline", 3, 5)
    members = list(pilot.members.values())

    def answer(people):
        for person in people:
            services.response_save(actor=Actor.from_user(pilot.user(person)),
                                   wave_id=baseline.pk, answers=FULL, finish=True)  # fmt: skip

    def safety(audience):
        report = build_report(pilot.programme, audience)
        return next(s for s in report.scales if s.scale == "psych_safety").waves[0]

    answer(members[:6])
    inputs = level4_inputs(pilot.programme)
    assert sorted(set(inputs.sets.values())) == [pilot.sets["A"].pk, pilot.sets["B"].pk]
    assert safety(Audience.OVERSEER).shown
    assert safety(Audience.SPONSOR).note == MSG_FEWER_SETS  # the programme has 3 sets: not enough
    answer(members[6:])
    assert safety(Audience.SPONSOR).shown


def test_the_response_rate_counts_finished_answers_and_the_means_count_part_answers_too(db):
    pilot = build_pilot(per_set=3)  # nine members in three sets
    baseline = wave(pilot.programme, "baseline", 3, 5)
    for number, person in enumerate(pilot.members.values()):
        services.response_save(actor=Actor.from_user(pilot.user(person)), wave_id=baseline.pk,
                               answers=FULL, finish=number < 6)  # fmt: skip
    report = build_report(pilot.programme, Audience.OVERSEER)
    (rate,) = report.responses
    assert (rate.value, rate.n, rate.note) == (67, 6, "6 of 9 finished")
    safety = next(s for s in report.scales if s.scale == "psych_safety").waves[0]
    assert safety.n == 9  # saved part-way, with enough items for a score
