"""The summary a programme lead reads: groups, sizes, diversity against the best possible, hard
rules with their violations and a "why these people" line per group."""

import numpy as np
import pytest

from palg_grouping import choose_slots, evaluate
from palg_grouping.attributes import Attribute, diversity_matrix, manager_pairs, separate_pairs
from palg_grouping.problem import GroupingProblem
from palg_grouping.report import (
    MSG_BALANCE,
    BalanceScore,
    Summary,
    balance_score,
    categorical_best,
    group_members,
    noun,
    render,
    summarise,
)
from palg_grouping.result import GroupingResult

IDS = ["a", "b", "c", "d", "e", "f"]
FUNCTION = Attribute("function", ["HR", "IT", "Ops", "HR", "IT", "Ops"])
LOCATION = Attribute("location", ["Leeds", "Leeds", "York", "York", "Hull", "Hull"])
TENURE = Attribute("tenure_years", [1, 5, 9, 2, 4, 10], kind="numeric")
TEAM = ["A", "B", "A", "B", "C", "C"]
MANAGERS = ["", "", "a", "", "d", ""]  # a manages c, d manages e
SLOT_NAMES = ["Mon am", "Tue pm"]


def setup(labels):
    attributes = [FUNCTION, LOCATION, TENURE]
    free = np.ones((6, 2), dtype=bool)
    free[2, 0] = False  # c cannot do Monday mornings
    teams, managers = separate_pairs(TEAM), manager_pairs(IDS, MANAGERS)
    problem = GroupingProblem(
        diversity_matrix(attributes),
        [3, 3],
        [3, 3],
        cannot_link=np.concatenate([teams, managers]),
        availability=free,
    )
    labels = np.array(labels)
    result = GroupingResult(
        labels=labels,
        objective=evaluate(problem, labels),
        slots=choose_slots(problem, labels),
        iterations=0,
        elapsed=0.0,
    )
    summary = summarise(
        problem,
        result,
        attributes,
        rules={"no two from the same team": teams, "manager and direct report apart": managers},
        separate={"team": TEAM},
        slot_names=SLOT_NAMES,
    )
    return summary


def test_it_counts_people_groups_and_sizes():
    summary = setup([0, 0, 1, 1, 0, 1])
    assert (summary.people, summary.groups, summary.sizes) == (6, 2, {3: 2})


def test_it_counts_the_groups_meeting_in_each_slot():
    # c cannot do Monday mornings, so the group with c meets on Tuesday afternoon.
    assert setup([0, 0, 1, 1, 0, 1]).slots == {"Mon am": 1, "Tue pm": 1}
    assert setup([0, 0, 0, 1, 1, 1]).slots == {"Tue pm": 1, "Mon am": 1}


def test_it_counts_zero_violations_for_every_rule_of_a_valid_grouping():
    summary = setup([0, 0, 1, 1, 0, 1])
    assert [(r.rule, r.violations, r.pairs) for r in summary.rules] == [
        ("group sizes 3", 0, None),
        ("people kept apart (every reason)", 0, None),
        ("every group shares a meeting slot", 0, None),
        ("no two from the same team", 0, 3),
        ("manager and direct report apart", 0, 2),
    ]


def test_it_counts_each_broken_rule():
    # Group 1 = a, c, e: a manages c, and a and c are both in team A; group 2 = b, d, f puts
    # b and d (team B) together.
    summary = setup([0, 1, 0, 1, 0, 1])
    counts = {r.rule: r.violations for r in summary.rules}
    assert counts["people kept apart (every reason)"] == 3
    assert counts["no two from the same team"] == 2
    assert counts["manager and direct report apart"] == 1


def test_it_scores_each_attribute_against_the_best_possible():
    summary = setup([0, 0, 1, 1, 0, 1])
    function, location, tenure = summary.attributes
    assert (function.reached, function.best) == (2.0, 3.0)
    assert (location.reached, location.best) == (2.0, 3.0)
    assert tenure.reached == pytest.approx((np.std([1, 5, 4]) + np.std([9, 2, 10])) / 2)
    assert tenure.best == pytest.approx(np.std([1, 5, 9, 2, 4, 10]))


def test_the_best_possible_is_bounded_by_group_sizes_and_by_how_often_values_occur():
    # Four HR and one IT in groups of 3 and 2: at most 3 distinct values in all, over 2 groups.
    assert categorical_best(np.array([0, 0, 0, 0, 1]), [3, 2]) == 1.5
    # Six values in groups of 2: each group has at most 2.
    assert categorical_best(np.arange(6), [2, 2, 2]) == 2.0
    assert categorical_best(np.array([-1, -1]), [2]) == 0.0


def test_it_says_why_each_group_is_together():
    summary = setup([0, 0, 1, 1, 0, 1])
    assert [line.why for line in summary.lines] == [
        "2 functions, 2 sites, tenure 1-5 years; no two from the same team; shares Mon am",
        "2 functions, 2 sites, tenure 2-10 years; no two from the same team; shares Tue pm",
    ]


def test_a_why_line_admits_people_from_the_same_team():
    summary = setup([0, 1, 0, 1, 0, 1])
    assert summary.lines[0].why.endswith("; 1 pair from the same team; shares Tue pm")


def test_nouns_read_naturally():
    assert noun("location", 1) == "1 site"
    assert noun("seniority", 3) == "3 levels"
    assert noun("languages", 2) == "2 different languages"


def test_it_renders_the_summary_as_text():
    text = render(setup([0, 0, 1, 1, 0, 1]))
    assert text.splitlines() == [
        "6 people in 2 groups: 2 groups of 3.",
        text.splitlines()[1],
        "Meeting slots: Mon am (1 group), Tue pm (1 group).",
        "Hard rules:",
        "  group sizes 3: 0 violations",
        "  people kept apart (every reason): 0 violations",
        "  every group shares a meeting slot: 0 violations",
        "  no two from the same team (3 pairs): 0 violations",
        "  manager and direct report apart (2 pairs): 0 violations",
        "Diversity per attribute:",
        "  function: 2.00 different values per group, at most 3.00 possible (67%)",
        "  location: 2.00 different values per group, at most 3.00 possible (67%)",
        "  tenure_years: spread within groups 2.63 (standard deviation), whole population 3.34",
        "Groups:",
        "  Group 1 (3 people): 2 functions, 2 sites, tenure 1-5 years; no two from the same "
        "team; shares Mon am",
        "  Group 2 (3 people): 2 functions, 2 sites, tenure 2-10 years; no two from the same "
        "team; shares Tue pm",
    ]
    assert text.splitlines()[1].startswith("Diversity score (sum of within-group differences): ")


def test_it_counts_groups_of_each_size_in_words():
    summary = Summary(
        people=19, groups=3, sizes={6: 1, 7: 2}, objective=1.0, rules=[], attributes=[], lines=[]
    )
    assert render(summary).splitlines()[0] == "19 people in 3 groups: 1 group of 6, 2 groups of 7."


def test_group_members_lists_each_groups_people_in_input_order():
    members = group_members(np.array([1, 0, 1, 2]), 4)
    assert [m.tolist() for m in members] == [[1], [0, 2], [3], []]


def test_it_reports_balance_against_the_best_possible_and_random_groups():
    gender = Attribute("gender", ["f", "m", "f", "m", "", "f"])
    labels = np.array([0, 1, 0, 1, 1, 0])  # f f f | m m -, fair share of f: 3 x 1/2
    score = balance_score(gender, labels)
    assert (score.name, score.kind) == ("gender", "categorical")
    assert score.worst == pytest.approx(1.5)
    assert score.best == pytest.approx(0.5)  # 1.5 women per group cannot be met closer
    assert score.chance > 0
    tenure = balance_score(TENURE, np.array([0, 0, 0, 1, 1, 1]))
    assert tenure.mean == pytest.approx(31 / 6)
    assert tenure.worst == pytest.approx(1 / 6)  # means 5 and 16/3


def test_random_groups_for_comparison_are_the_same_every_time():
    gender = Attribute("gender", ["f", "m"] * 10)
    labels = np.repeat(np.arange(4), 5)
    assert balance_score(gender, labels).chance == balance_score(gender, labels).chance


def test_it_renders_balance_within_one_of_the_fair_share_or_the_largest_gap():
    within = BalanceScore("gender", "categorical", worst=0.83, best=0.5, chance=2.4)
    off = BalanceScore("gender", "categorical", worst=1.5, best=0.5, chance=2.4)
    means = BalanceScore("tenure_years", "numeric", worst=0.4, best=0.0, chance=3.1, mean=7.25)
    summary = Summary(
        people=6,
        groups=2,
        sizes={3: 2},
        objective=1.0,
        rules=[],
        attributes=[],
        lines=[],
        balance=[within, off, means],
    )
    lines = render(summary).splitlines()
    assert lines[1].startswith("Diversity score (sum of within-group differences, balance terms")
    start = lines.index(MSG_BALANCE)
    assert lines[start + 1 : start + 4] == [
        "  gender: every group within 1 of its fair share of each value (worst 0.83; best "
        "possible 0.50, random groups 2.40)",
        "  gender: a group is up to 1.50 away from its fair share of a value (best possible "
        "0.50, random groups 2.40)",
        "  tenure_years: every group's mean within 0.40 of everyone's 7.25 (random groups 3.10)",
    ]


def test_a_summary_lists_the_balance_of_the_attributes_asked_for():
    labels = [0, 0, 1, 1, 0, 1]
    problem = GroupingProblem(diversity_matrix([FUNCTION]), [3, 3], [3, 3])
    result = GroupingResult(np.array(labels), 0.0, choose_slots(problem, labels), 0, 0.0)
    summary = summarise(problem, result, [FUNCTION], balance=[LOCATION, TENURE])
    assert [score.name for score in summary.balance] == ["location", "tenure_years"]
