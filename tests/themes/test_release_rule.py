"""The release rule: a theme reaches anyone outside the sets only with statements from at least
3 sets and 10 people (raised, never lowered); below it the theme is shown to nobody, not even
as "fewer than 3"; counts are rounded to 5; no theme says which sets raised it."""

import json
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from palg.themes import rule, selectors
from palg.themes.checks import theme_rule_not_lowered
from palg.themes.rule import MSG_MIN_PEOPLE_LOWER, MSG_MIN_SETS_LOWER
from tests.themes.builders import BUDGET, CROSS_SITE, add_set, recluster, release

NAMES = ("Heron", "Kestrel", "Osprey", "Plover", "Curlew")


def themes(cast, programme=True):
    kwargs = {"programme_id": cast.programme.pk} if programme else {}
    return selectors.released_themes(organisation_id=cast.org.pk, **kwargs)


def sets_of(cast, sizes):
    return [add_set(cast, name, size) for name, size in zip(NAMES, sizes, strict=False)]


def test_three_sets_and_ten_people_release_a_theme(cast):
    for group, text in zip(sets_of(cast, (4, 3, 3)), CROSS_SITE, strict=False):
        release(group, text)
    recluster(cast)
    (theme,) = themes(cast)
    assert (theme.sets, theme.people) == (5, 10)
    assert len(theme.statements) == 3


def test_two_sets_are_not_enough_however_many_people(cast):
    for group, text in zip(sets_of(cast, (8, 8)), CROSS_SITE, strict=False):
        release(group, text)
    recluster(cast)
    assert themes(cast) == []


def test_nine_people_are_not_enough_however_many_sets(cast):
    for group, text in zip(sets_of(cast, (3, 2, 2, 2)), CROSS_SITE, strict=False):
        release(group, text)
    recluster(cast)
    assert themes(cast) == []


def test_the_people_are_those_who_consented_not_everyone_in_the_sets(cast):
    groups = sets_of(cast, (4, 3, 3))
    for group, text in zip(groups, CROSS_SITE, strict=False):
        release(group, text)
    groups[0].theme_statements.get().consents.first().delete()  # 9 consenting people now
    recluster(cast)
    assert themes(cast) == []


def test_a_theme_below_the_rule_is_shown_to_nobody_not_even_as_a_count(cast, client_as):
    for group, text in zip(sets_of(cast, (5, 5)), CROSS_SITE, strict=False):
        release(group, text)
    recluster(cast)
    for role in ("lead", "sponsor", "admin"):
        client = client_as(role)
        page = client.get(reverse("programme-theme-map", args=[cast.programme.pk]))
        assert "No themes have reached the map yet." in page.text
        for text in CROSS_SITE[:2]:
            assert text not in page.text
        api = client.get(f"/api/programmes/{cast.programme.pk}/themes").json()
        assert api["themes"] == []


def test_counts_are_rounded_to_the_nearest_five():
    assert [rule.rounded(n) for n in (3, 4, 7, 8, 10, 12, 13, 17, 18)] == [
        5, 5, 5, 10, 10, 10, 15, 15, 20,
    ]  # fmt: skip


def test_two_themes_are_kept_apart_and_each_meets_the_rule_on_its_own(cast):
    groups = sets_of(cast, (4, 4, 4, 4))
    for group, text in zip(groups[:3], CROSS_SITE, strict=False):
        release(group, text)
    for group, text in zip(groups[1:], BUDGET, strict=False):
        release(group, text)
    release(groups[0], BUDGET[3])
    recluster(cast)
    labels = sorted(t.label for t in themes(cast))
    assert len(labels) == 2
    assert any("budget" in label for label in labels)
    assert any("cross" in label for label in labels)


def test_a_programme_map_counts_only_its_own_sets(cast):
    from palg.programmes.models import Programme, Round

    for group, text in zip(sets_of(cast, (4, 3)), CROSS_SITE, strict=False):
        release(group, text)
    other = Programme.objects.create(organisation=cast.org, name="Other")
    other_round = Round.objects.create(programme=other, number=1)
    cast_round, cast.round = cast.round, other_round
    release(add_set(cast, "Wren", 4), CROSS_SITE[3])
    cast.round = cast_round
    recluster(cast)
    assert themes(cast) == []  # two sets of this programme
    assert len(themes(cast, programme=False)) == 1  # three sets of the organisation


def test_the_rule_may_be_raised(cast, settings):
    settings.THEME_MIN_SETS = 4
    for group, text in zip(sets_of(cast, (4, 3, 3)), CROSS_SITE, strict=False):
        release(group, text)
    recluster(cast)
    assert themes(cast) == []


@pytest.mark.parametrize(
    "name,value,message",
    [("THEME_MIN_SETS", 2, MSG_MIN_SETS_LOWER), ("THEME_MIN_PEOPLE", 9, MSG_MIN_PEOPLE_LOWER)],
)
def test_the_rule_may_never_be_lowered(settings, name, value, message):
    setattr(settings, name, value)
    errors = theme_rule_not_lowered(None)
    assert [e.msg for e in errors] == [message]
    with pytest.raises(ImproperlyConfigured, match=message[:40]):
        rule.released(sets=10, people=100)


def test_no_output_names_a_set_or_a_person(cast, client_as):
    groups = sets_of(cast, (4, 3, 3))
    for group, text in zip(groups, CROSS_SITE, strict=False):
        release(group, text)
    recluster(cast)
    client = client_as("sponsor")
    page = client.get(reverse("programme-theme-map", args=[cast.programme.pk])).text
    api = json.dumps(client.get(f"/api/programmes/{cast.programme.pk}/themes").json())
    org_api = json.dumps(client.get("/api/themes").json())
    assert CROSS_SITE[0] in page
    for output in (page, api, org_api):
        for group in groups:
            assert group.name not in output
            for membership in group.memberships.select_related("person"):
                assert membership.person.name.split()[0] not in output
        assert "set_id" not in output and "group" not in output


def test_theme_ids_are_random_so_no_gap_betrays_a_theme_below_the_rule(cast):
    from palg.themes.models import ThemeCluster

    groups = sets_of(cast, (4, 3, 3))
    for group, text in zip(groups, CROSS_SITE, strict=False):
        release(group, text)
    for group, text in zip((*groups[:2], groups[0]), BUDGET, strict=False):  # two sets: below
        release(group, text)
    recluster(cast)
    assert ThemeCluster.objects.count() == 2
    (theme,) = themes(cast)
    assert re.fullmatch(r"[0-9a-f]{16}", theme.id)
    assert theme.id not in {str(pk) for pk in ThemeCluster.objects.values_list("pk", flat=True)}


def test_each_statement_is_embedded_once_however_often_its_organisation_is_reclustered(
    cast, monkeypatch
):
    from palg.themes import engine

    embedded: list[str] = []
    real = engine.embed

    def counting(texts):
        embedded.extend(texts)
        return real(texts)

    monkeypatch.setattr(engine, "embed", counting)
    groups = sets_of(cast, (4, 3, 3))
    for group, text in zip(groups, CROSS_SITE, strict=False):
        release(group, text)
    recluster(cast)
    assert sorted(embedded) == sorted(CROSS_SITE[:3])
    before = [t.label for t in themes(cast)]
    recluster(cast)
    assert len(embedded) == 3  # nothing embedded again, and the same themes
    assert [t.label for t in themes(cast)] == before
    release(groups[0], CROSS_SITE[3])
    recluster(cast)
    assert embedded[3:] == [CROSS_SITE[3]]
