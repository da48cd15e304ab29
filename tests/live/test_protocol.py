"""Session templates are data: phases with timeboxes, speaking and capture rules, expanded per
presenter."""

import pytest

from palg.live import protocol
from palg.programmes.models import SessionTemplate


def test_every_programme_template_choice_has_a_template():
    assert set(SessionTemplate.values) == set(protocol.TEMPLATES)


def test_the_default_is_the_revans_uk_set():
    template = protocol.TEMPLATES[protocol.DEFAULT_TEMPLATE]
    assert template.key == "revans-uk"
    keys = [p.key for p in template.phases]
    assert keys[:4] == ["check-in", "contract", "report-back", "bidding"]
    assert keys[-1] == "process-review"


def test_the_revans_case_phases_repeat_for_each_presenter_in_order():
    steps = protocol.plan(protocol.TEMPLATES["revans-uk"], 2)
    case = ["presentation", "clarifying", "open-questions", "summary", "resources", "commitment"]
    keys = [s.phase.key for s in steps]
    assert keys == ["check-in", "contract", "report-back", "bidding", *case, *case,
                    "process-review"]  # fmt: skip
    assert [s.presenter for s in steps if s.phase.key == "presentation"] == [0, 1]
    assert all(s.presenter is None for s in steps if not s.phase.per_presenter)


def test_before_presenters_are_chosen_the_plan_has_no_case_phases():
    keys = [s.phase.key for s in protocol.plan(protocol.TEMPLATES["revans-uk"], 0)]
    assert keys == ["check-in", "contract", "report-back", "bidding", "process-review"]


def test_an_optional_phase_can_be_left_out():
    steps = protocol.plan(protocol.TEMPLATES["revans-uk"], 1, skip=["resources"])
    assert "resources" not in [s.phase.key for s in steps]


@pytest.mark.parametrize("key", ["troika", "wise-crowds", "balint"])
def test_templates_where_the_presenter_turns_away_say_so_per_phase(key):
    phases = protocol.TEMPLATES[key].phases
    assert any(p.presenter_listens for p in phases)


def test_advice_is_a_per_phase_setting_not_a_school():
    advice = {key: any(p.speaking == protocol.Speaking.ADVICE for p in t.phases)
              for key, t in protocol.TEMPLATES.items()}  # fmt: skip
    assert advice["revans-uk"] is True  # the optional resources round only
    assert advice["wial"] is False


def test_questions_phases_are_the_ones_the_guardrail_checks():
    template = protocol.TEMPLATES["revans-uk"]
    assert template.phase("open-questions").takes_questions
    assert template.phase("clarifying").takes_questions
    assert not template.phase("resources").takes_questions


def test_a_facilitator_can_change_timeboxes_and_steps_follow():
    template = protocol.TEMPLATES["revans-uk"].with_minutes({"open-questions": 20})
    steps = protocol.plan(template, 1)
    assert next(s for s in steps if s.phase.key == "open-questions").seconds == 20 * 60


@pytest.mark.parametrize("minutes,error", [({"nope": 3}, KeyError), ({"summary": 0}, ValueError)])
def test_timebox_changes_are_checked(minutes, error):
    with pytest.raises(error):
        protocol.TEMPLATES["revans-uk"].with_minutes(minutes)


def test_every_phase_has_a_purpose_a_timebox_and_text_for_its_rules():
    for template in protocol.TEMPLATES.values():
        assert template.min_size <= template.max_size and template.max_presenters >= 1
        for phase in template.phases:
            assert phase.purpose and phase.minutes >= 1
            assert protocol.SPEAKING_TEXT[phase.speaking]
            assert protocol.CAPTURE_TEXT[phase.capture]
