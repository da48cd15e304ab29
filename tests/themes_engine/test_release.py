"""The release rule: a cluster goes out only with statements from >= min_sets sets and
>= min_people people; the floors may be raised, never lowered; shown counts are rounded to 5."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palg_themes import Cluster, Clustering, ReleaseRule, output_rows, release, rounded
from palg_themes.release import release_cluster


def test_a_cluster_from_three_sets_and_ten_people_is_released_with_rounded_counts():
    rows = list(range(12))
    sets = ["a", "b", "c"] * 4
    result = release({1: rows}, sets, [f"p{i}" for i in rows])[1]
    assert result.released
    assert (result.sets_shown, result.people_shown) == (5, 10)


def test_two_sets_are_not_enough_however_many_people():
    rows = list(range(40))
    result = release({1: rows}, ["a", "b"] * 20, rows)[1]
    assert not result.released
    assert result.sets_shown is None and result.people_shown is None


def test_nine_people_are_not_enough_however_many_sets():
    rows = list(range(12))
    people = [i % 9 for i in rows]  # nine people, some with two statements
    assert not release({1: rows}, [f"s{i}" for i in rows], people)[1].released


def test_raised_floors_hold_back_what_the_default_rule_releases():
    rows = list(range(12))
    sets = ["a", "b", "c"] * 4
    assert release({1: rows}, sets, rows)[1].released
    assert not release({1: rows}, sets, rows, ReleaseRule(min_sets=4))[1].released
    assert not release({1: rows}, sets, rows, ReleaseRule(min_people=13))[1].released


@pytest.mark.parametrize(
    ("min_sets", "min_people", "message"),
    [
        (2, 10, "min_sets may only be raised: 2 is below the floor of 3"),
        (0, 10, "min_sets may only be raised: 0 is below the floor of 3"),
        (3, 9, "min_people may only be raised: 9 is below the floor of 10"),
        (3, -1, "min_people may only be raised: -1 is below the floor of 10"),
        (3.5, 10, "min_sets must be a whole number"),
        (True, 10, "min_sets must be a whole number"),
    ],
)
def test_lowering_a_floor_is_refused_with_a_clear_message(min_sets, min_people, message):
    with pytest.raises(ValueError, match=message):
        ReleaseRule(min_sets=min_sets, min_people=min_people)


@pytest.mark.parametrize(
    ("count", "shown"), [(3, 5), (7, 5), (8, 10), (10, 10), (12, 10), (13, 15), (22, 20)]
)
def test_counts_are_rounded_to_the_nearest_five_halves_up(count, shown):
    assert rounded(count) == shown


def test_a_release_never_names_the_sets():
    names = {
        f.name for f in dataclasses.fields(release_cluster(1, "abc", range(10), ReleaseRule()))
    }
    assert names == {"cluster", "released", "sets_shown", "people_shown"}


statements = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(1, 4)),  # cluster, or none
        st.integers(0, 6),  # set
        st.integers(0, 30),  # person
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(statements, st.integers(3, 7), st.integers(10, 20))
def test_no_released_cluster_has_fewer_sets_or_people_than_the_rule(rows, min_sets, min_people):
    rule = ReleaseRule(min_sets=min_sets, min_people=min_people)
    members: dict[int, list[int]] = {}
    for i, (cluster, _, _) in enumerate(rows):
        if cluster is not None:
            members.setdefault(cluster, []).append(i)
    sets = [s for _, s, _ in rows]
    people = [p for _, _, p in rows]
    releases = release(members, sets, people, rule)
    for cluster, rows_of in members.items():
        n_sets = len({sets[i] for i in rows_of})
        n_people = len({people[i] for i in rows_of})
        result = releases[cluster]
        assert result.released == (n_sets >= min_sets and n_people >= min_people)
        if result.released:
            assert result.sets_shown % 5 == 0 and abs(result.sets_shown - n_sets) <= 2
            assert result.people_shown % 5 == 0 and abs(result.people_shown - n_people) <= 2
        else:
            assert result.sets_shown is None and result.people_shown is None
    # What the command writes says `true` only for clusters the rule lets out.
    clustering = Clustering(
        labels=tuple(c for c, _, _ in rows),
        clusters=tuple(
            Cluster(id=k, members=tuple(v), words=("w",), representative=v[0])
            for k, v in sorted(members.items())
        ),
    )
    for row, cluster, label, released in output_rows(clustering, releases):
        i = int(row) - 1
        if released == "true":
            rows_of = members[rows[i][0]]
            assert len({sets[j] for j in rows_of}) >= min_sets
            assert len({people[j] for j in rows_of}) >= min_people
        if cluster == "":
            assert (label, released) == ("", "false")


@given(st.integers(3, 1000), st.integers(10, 1000))
def test_any_raised_floor_is_accepted(min_sets, min_people):
    assert ReleaseRule(min_sets, min_people).min_sets == min_sets


@given(st.integers(-1000, 2), st.integers(-1000, 9))
def test_any_lowered_floor_is_refused(min_sets, min_people):
    with pytest.raises(ValueError):
        ReleaseRule(min_sets=min_sets)
    with pytest.raises(ValueError):
        ReleaseRule(min_people=min_people)
