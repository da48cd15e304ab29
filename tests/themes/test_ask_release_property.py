"""Property: whatever the sets answer to an ask, neither the ask's page nor its API shows a
cluster of answers below the release rule, any answer of one, a draft or withdrawn answer, or
a set's or a person's name; the counts shown are the true ones rounded to 5. The clustering is
the same oracle as the theme map's property test, so that the rule is tested, not the engine."""

import json

from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from palg.themes import engine
from palg.themes.models import Ask, ThemeStatement
from tests.themes.test_release_rule_property import (
    SetSpec,
    build,
    expected,
    occurs,
    oracle_cluster,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(SetSpec, min_size=1, max_size=6))
@example(specs=[(4, 0, "released"), (3, 0, "released"), (3, 0, "released")])
@example(specs=[(5, 0, "released"), (5, 0, "released"), (5, 0, "draft")])
def test_no_ask_output_reveals_answers_below_the_rule_or_their_sets(cast, client, monkeypatch,
                                                                     specs):  # fmt: skip
    monkeypatch.setattr(engine, "cluster", oracle_cluster)
    client.force_login(cast.users["sponsor"])
    with transaction.atomic():
        ask = Ask.objects.create(programme=cast.programme, question="What gets in the way?")
        built = build(cast, specs, "Zq")
        ThemeStatement.objects.filter(group__name__startswith="Zq").update(ask=ask)
        page = client.get(reverse("ask-detail", args=[ask.pk])).text
        page = page[page.index("<h1>") : page.index("</main>")]
        body = client.get(f"/api/themes/asks/{ask.pk}").json()
        shown = expected(built)
        assert sorted((t["sets"], t["people"]) for t in body["themes"]) == sorted(shown.values())
        visible = {text for _, _, tag, state, text in built if state == "released" and tag in shown}
        for output in (page, json.dumps(body)):
            for group, _, _, _, text in built:
                assert not occurs(group.name, output)
                for m in group.memberships.select_related("person"):
                    assert not occurs(m.person.name.split()[0], output)
                if text not in visible:
                    assert text not in output
        transaction.set_rollback(True)
