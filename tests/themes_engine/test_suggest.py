"""Suggesting the released themes a draft statement most resembles."""

from palg_themes import similar

RELEASED = [
    "Decisions get re-opened at every level of management.",
    "Too many meetings leave no time for real work.",
    "Our computer systems do not share data, so we retype everything.",
    "Nobody thanks staff for good work.",
]


def test_the_closest_released_theme_comes_first():
    found = similar("My diary is back-to-back calls from nine to five.", RELEASED)
    assert found[0].index == 1
    assert all(a.similarity >= b.similarity for a, b in zip(found, found[1:], strict=False))


def test_at_most_top_suggestions_and_none_below_the_floor():
    assert len(similar("We copy figures from one database into another.", RELEASED, top=1)) == 1
    assert similar("The canteen serves soup on Thursdays.", RELEASED) == []
    everything = similar("Work", RELEASED, top=10, min_similarity=-1.0)
    assert sorted(s.index for s in everything) == [0, 1, 2, 3]


def test_nothing_to_compare_gives_no_suggestion():
    assert similar("Too many meetings", []) == []
    assert similar("   ", RELEASED) == []
    assert similar("Too many meetings", RELEASED, top=0) == []


def test_a_theme_given_by_its_statements_is_compared_by_their_mean():
    themes = [
        ["We are short of staff since the freeze.", "Vacancies stay open and we cover them."],
        ["The database and the spreadsheet disagree.", "We retype orders into three systems."],
    ]
    found = similar("Nobody replaced the two nurses who left, so we do their shifts.", themes)
    assert found[0].index == 0
