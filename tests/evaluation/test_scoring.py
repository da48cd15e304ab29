"""Scoring reproduces hand-computed scores, with reversed items and the half-items rule."""

import pytest

from palg_evaluation import INSTRUMENTS, SCALE_ORDER, instrument, score


def test_cbi_personal_is_the_mean_of_the_item_scores():
    # Option indices 0,1,2,3,4,4 score 0,25,50,75,100,100: (0+25+50+75+100+100)/6 = 350/6.
    answers = {"cbi.p1": 0, "cbi.p2": 1, "cbi.p3": 2, "cbi.p4": 3, "cbi.p5": 4, "cbi.p6": 4}
    assert score(answers) == {"cbi_personal": pytest.approx(350 / 6)}


def test_the_energy_for_family_and_friends_item_is_reversed():
    # w1-w6 all "often"/"to a high degree" (index 3) = 75 each; w7 "always" (index 4) = 100,
    # reversed to 100 - 100 = 0. Mean = (6*75 + 0)/7 = 450/7 = 64.2857...
    answers = {f"cbi.w{i}": 3 for i in range(1, 7)} | {"cbi.w7": 4}
    assert score(answers)["cbi_work"] == pytest.approx(450 / 7)
    # w7 "never" (index 0) = 0, reversed to 100: (6*75 + 100)/7 = 550/7.
    answers["cbi.w7"] = 0
    assert score(answers)["cbi_work"] == pytest.approx(550 / 7)


def test_psychological_safety_reverses_items_1_3_and_5_as_8_minus_x():
    # ps.1=2 -> 6, ps.2=6, ps.3=1 -> 7, ps.4=5, ps.5=3 -> 5, ps.6=7, ps.7=4.
    # (6+6+7+5+5+7+4)/7 = 40/7 = 5.714...
    answers = {"ps.1": 2, "ps.2": 6, "ps.3": 1, "ps.4": 5, "ps.5": 3, "ps.6": 7, "ps.7": 4}
    assert score(answers) == {"psych_safety": pytest.approx(40 / 7)}


def test_ucla_loneliness_is_the_sum_of_its_three_items():
    # 1 + 2 + 3 = 6.
    assert score({"ucla.1": 1, "ucla.2": 2, "ucla.3": 3}) == {"ucla3": 6.0}


def test_ucla_with_one_item_missing_is_the_mean_of_two_times_three():
    # 2 of 3 answered meets the half rule: (3 + 2)/2 * 3 = 7.5.
    assert score({"ucla.1": 3, "ucla.3": 2}) == {"ucla3": 7.5}


def test_a_scale_with_fewer_than_half_its_items_answered_is_left_out():
    # CBI personal has 6 items: 3 answered is half (scored), 2 is not.
    three = {"cbi.p1": 4, "cbi.p2": 0, "cbi.p6": 2}  # (100 + 0 + 50)/3 = 50
    assert score(three) == {"cbi_personal": 50.0}
    assert score({"cbi.p1": 4, "cbi.p2": 0}) == {}
    # CBI work has 7 items: 4 needed (3.5 rounded up). 3 answered is not enough.
    assert score({"cbi.w1": 1, "cbi.w2": 1, "cbi.w3": 1}) == {}
    # w1..w3 index 1 = 25 each, w7 index 1 = 25 reversed to 75: (25*3 + 75)/4 = 37.5.
    assert score({"cbi.w1": 1, "cbi.w2": 1, "cbi.w3": 1, "cbi.w7": 1}) == {"cbi_work": 37.5}
    # UCLA: 1 of 3 answered is not enough.
    assert score({"ucla.2": 3}) == {}


def test_psychological_safety_with_three_items_missing_uses_the_four_answered():
    # ps.1=7 -> 1, ps.2=7, ps.4=4, ps.7=6: (1+7+4+6)/4 = 4.5.
    assert score({"ps.1": 7, "ps.2": 7, "ps.4": 4, "ps.7": 6}) == {"psych_safety": 4.5}


def test_the_pulse_is_scored_as_its_mean():
    # (5 + 4 + 3 + 4)/4 = 4.
    answers = {"pulse.trust": 5, "pulse.airtime": 4, "pulse.questions": 3, "pulse.contract": 4}
    assert score(answers) == {"set_health": 4.0}


def test_scores_come_in_the_fixed_scale_order():
    answers = {"ucla.1": 1, "ucla.2": 1} | {f"ps.{i}": 4 for i in range(1, 8)}
    answers |= {f"cbi.p{i}": 2 for i in range(1, 7)}
    assert list(score(answers)) == ["cbi_personal", "psych_safety", "ucla3"]
    assert SCALE_ORDER == ("cbi_personal", "cbi_work", "psych_safety", "ucla3", "set_health")


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"cbi.p7": 1}, "Unknown item 'cbi.p7'"),
        ({"cbi.p1": 5}, "Item cbi.p1: 5 is not an answer; it takes a whole number from 0 to 4."),
        ({"ps.3": 0}, "Item ps.3: 0 is not an answer; it takes a whole number from 1 to 7."),
        ({"ucla.1": 4}, "Item ucla.1: 4 is not an answer"),
        ({"ps.1": 2.5}, "Item ps.1: 2.5 is not an answer"),
        ({"ps.1": True}, "Item ps.1: True is not an answer"),
    ],
)
def test_an_unknown_item_or_an_out_of_range_value_is_refused_naming_the_item(answers, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        score(answers)


def test_instruments_carry_their_item_ids_reverse_items_and_flags():
    cbi = instrument("cbi")
    assert [i.id for i in cbi.items] == [f"cbi.p{n}" for n in range(1, 7)] + [
        f"cbi.w{n}" for n in range(1, 8)
    ]
    assert [i.id for i in cbi.items if i.reverse] == ["cbi.w7"]
    assert [o.value for o in cbi.items[0].options] == [0, 1, 2, 3, 4]
    ps = instrument("psych_safety")
    assert [i.id for i in ps.items if i.reverse] == ["ps.1", "ps.3", "ps.5"]
    assert ps.adapted and "this group" in ps.items[1].text
    assert [o.value for o in instrument("ucla3").items[0].options] == [1, 2, 3]
    pulse = instrument("pulse")
    assert not pulse.validated and "not a validated scale" in pulse.name
    assert set(INSTRUMENTS) == {"cbi", "psych_safety", "ucla3", "pulse"}


def test_an_unknown_instrument_id_says_which_ones_exist():
    with pytest.raises(KeyError, match="Unknown instrument 'mbi': palg has cbi, psych_safety"):
        instrument("mbi")


def test_the_methods_note_states_adaptations_the_missing_rule_and_the_minimum_n():
    from palg_evaluation import methods_note

    note = "\n".join(methods_note())
    assert 'Psychological safety (Edmondson, adapted to "this group") (adapted wording)' in note
    assert "Set-health pulse (not a validated scale) (not a validated scale)" not in note
    assert "not a validated scale" in note
    assert "mean of the answered items times 3" in note
    assert "fewer than 12 pairs" in note
    assert "COPSOQ III social support is not included" in note


def test_instruments_are_plain_data_that_export_with_their_flags():
    from dataclasses import asdict

    exported = asdict(instrument("psych_safety"))
    assert exported["adapted"] is True and exported["validated"] is True
    assert exported["items"][0] == {
        "id": "ps.1",
        "text": "If you make a mistake in this group, it is often held against you.",
        "options": tuple(
            {"label": label, "value": value, "points": None}
            for value, label in enumerate(
                [
                    "Strongly disagree",
                    "Disagree",
                    "Somewhat disagree",
                    "Neither agree nor disagree",
                    "Somewhat agree",
                    "Agree",
                    "Strongly agree",
                ],
                start=1,
            )
        ),
        "reverse": True,
    }
    assert instrument("cbi").item_by_id["cbi.w7"].reverse
