"""Disclosure control: no shown cell rests on fewer than the floor, directly or by differencing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palg_evaluation.disclosure import (
    SCORE_FLOOR,
    TEXT_FLOOR,
    Cell,
    cell,
    floor_for,
    shown,
    suppress,
)

BREAKDOWNS = {"site": "ABC", "function": "xyz", "level": "12"}


def cells_of(cohort: list[dict], *, crossed: bool) -> list[Cell]:
    """The whole cohort, one cell per value of each breakdown, and optionally site x function."""
    out = [cell("all", "all", range(len(cohort)))]
    for breakdown, values in BREAKDOWNS.items():
        for value in values:
            out.append(
                cell(breakdown, value, (i for i, p in enumerate(cohort) if p[breakdown] == value))
            )
    if crossed:
        for site in BREAKDOWNS["site"]:
            for function in BREAKDOWNS["function"]:
                members = (
                    i
                    for i, p in enumerate(cohort)
                    if p["site"] == site and p["function"] == function
                )
                out.append(cell("site x function", site + function, members))
    return out


def person():
    return st.fixed_dictionaries({b: st.sampled_from(v) for b, v in BREAKDOWNS.items()})


def assert_nothing_rests_on_fewer_than(visible: list[Cell], floor: int) -> None:
    for c in visible:
        assert len(c.respondents) >= floor, f"{c.key} shows {len(c.respondents)} people"
    for a in visible:
        for b in visible:
            gap = len(a.respondents - b.respondents)
            assert gap == 0 or gap >= floor, f"{a.key} minus {b.key} isolates {gap} people"
    for parent in visible:
        for breakdown in {c.breakdown for c in visible}:
            children = [
                c.respondents
                for c in visible
                if c.breakdown == breakdown and c.respondents < parent.respondents
            ]
            if children:
                rest = len(parent.respondents - frozenset().union(*children))
                assert rest == 0 or rest >= floor, (
                    f"{parent.key} minus the shown {breakdown} cells isolates {rest} people"
                )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cohort=st.lists(person(), max_size=60),
    crossed=st.booleans(),
    kind=st.sampled_from(["score", "text"]),
    extra=st.integers(0, 3),
)
def test_no_shown_cell_rests_on_fewer_than_the_floor_directly_or_by_differencing(
    cohort, crossed, kind, extra
):
    floor = floor_for(kind) + extra
    cells = cells_of(cohort, crossed=crossed)
    visible = shown(cells, kind=kind, floor=floor)
    assert_nothing_rests_on_fewer_than(visible, floor)
    # What is hidden plus what is shown is every cell, once.
    hidden = suppress(cells, kind=kind, floor=floor)
    assert {c.key for c in visible} | hidden == {c.key for c in cells}
    assert not {c.key for c in visible} & hidden


def sets_spanned(people, set_of) -> int:
    return len({set_of[i] for i in people})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cohort=st.lists(st.tuples(person(), st.integers(0, 5)), max_size=60),
    crossed=st.booleans(),
)
def test_with_an_extra_condition_no_shown_cell_or_difference_of_two_fails_it(cohort, crossed):
    # Each person answers in one of six sets; shown figures and their differences must span 3.
    set_of = {i: group for i, (_, group) in enumerate(cohort)}
    cells = cells_of([p for p, _ in cohort], crossed=crossed)
    visible = shown(cells, enough=lambda people: sets_spanned(people, set_of) >= 3)
    assert_nothing_rests_on_fewer_than(visible, SCORE_FLOOR)
    for a in visible:
        assert sets_spanned(a.respondents, set_of) >= 3
        for b in visible:
            gap = a.respondents - b.respondents
            assert not gap or sets_spanned(gap, set_of) >= 3, f"{a.key} minus {b.key}"


def test_a_difference_of_many_people_from_two_sets_is_suppressed_with_the_extra_condition():
    # Everyone (30, sets 0-2) and site A (the 24 not in set 0): their difference is 6 people,
    # over the floor, but all in set 0.
    set_of = {i: 0 if i < 6 else i % 3 for i in range(30)}
    cells = [cell("all", "all", range(30)), cell("site", "A", range(6, 30))]
    assert suppress(cells) == set()
    three_sets = lambda people: sets_spanned(people, set_of) >= 3  # noqa: E731
    assert suppress(cells, enough=three_sets) == {("site", "A")}


def test_a_cell_of_four_is_suppressed_and_five_is_shown():
    cells = [cell("site", "A", range(4)), cell("site", "B", range(10, 15))]
    assert suppress(cells) == {("site", "A")}


def test_free_text_needs_ten_people():
    cells = [cell("site", "A", range(9)), cell("site", "B", range(10, 20))]
    assert suppress(cells, kind="text") == {("site", "A")}


def test_a_suppressed_site_cannot_be_recovered_as_the_total_minus_the_other_sites():
    # Total 25 = A 12 + B 10 + C 3. C is below the floor; showing the total, A and B would give
    # C as total - A - B, so one more site (the smaller shown one, B) is suppressed as well.
    a, b, c = range(0, 12), range(12, 22), range(22, 25)
    cells = [cell("all", "all", range(25)), cell("site", "A", a), cell("site", "B", b)]
    cells.append(cell("site", "C", c))
    assert suppress(cells) == {("site", "B"), ("site", "C")}


def test_two_cells_differing_by_fewer_than_five_people_are_not_both_shown():
    # Function x (20 people) and site A (22 people: x plus two more): A - x isolates two people.
    x, a = range(20), range(22)
    assert suppress([cell("site", "A", a), cell("function", "x", x)]) == {("function", "x")}


def test_identical_populations_may_both_be_shown():
    assert suppress([cell("site", "A", range(8)), cell("level", "1", range(8))]) == set()


def test_a_floor_can_be_raised_but_never_lowered():
    assert floor_for("score") == SCORE_FLOOR == 5
    assert floor_for("text") == TEXT_FLOOR == 10
    assert floor_for("score", 7) == 7
    with pytest.raises(ValueError, match="A floor of 4 is below the minimum of 5 for score"):
        suppress([], floor=4)
    with pytest.raises(ValueError, match="A floor of 9 is below the minimum of 10 for text"):
        floor_for("text", 9)
    with pytest.raises(ValueError, match="Unknown kind 'pdf'"):
        floor_for("pdf")


def test_a_cell_given_twice_is_refused():
    with pytest.raises(ValueError, match=r"Cell \('site', 'A'\) appears twice"):
        suppress([cell("site", "A", range(8)), cell("site", "A", range(9))])
