"""Any member can withdraw their set's theme later: it leaves every aggregate at once, before
the clusters are recomputed, and the recomputation then drops it for good."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from palg.access import Actor
from palg.themes import selectors, services
from palg.themes.models import ThemeClusterStatement
from palg.themes.services import MSG_ALREADY_WITHDRAWN
from tests.themes.builders import CROSS_SITE, add_set, recluster, release


def member_of(group) -> Actor:
    person_id = group.memberships.values_list("person_id", flat=True).first()
    org_id = group.round.programme.organisation_id
    return Actor(user_id=0, person_id=person_id, organisation_id=org_id, is_org_admin=False)


@pytest.fixture
def released_theme(cast):
    groups = [add_set(cast, name, 4) for name in ("Heron", "Kestrel", "Osprey")]
    statements = [release(g, t) for g, t in zip(groups, CROSS_SITE, strict=False)]
    recluster(cast)
    return groups, statements


def themes(cast):
    return selectors.released_themes(organisation_id=cast.org.pk)


def test_a_withdrawn_theme_leaves_the_map_at_once(cast, released_theme, client_as):
    groups, statements = released_theme
    assert len(themes(cast)) == 1
    services.statement_withdraw(actor=member_of(groups[0]), statement_id=statements[0].pk)
    # The clusters have not been recomputed (the task is only queued), yet the theme is gone:
    # two sets are left, under the rule.
    assert themes(cast) == []
    client = client_as("sponsor")
    page = client.get(reverse("programme-theme-map", args=[cast.programme.pk])).text
    assert CROSS_SITE[0] not in page and CROSS_SITE[1] not in page
    assert client.get("/api/themes").json()["themes"] == []


def test_a_withdrawn_statement_is_never_shown_even_while_its_theme_stays(cast, released_theme):
    groups, statements = released_theme
    release(add_set(cast, "Plover", 4), CROSS_SITE[3])
    recluster(cast)
    services.statement_withdraw(actor=member_of(groups[0]), statement_id=statements[0].pk)
    (theme,) = themes(cast)
    assert CROSS_SITE[0] not in theme.statements
    assert not ThemeClusterStatement.objects.filter(statement=statements[0]).exists()


def test_withdrawal_queues_the_clustering_and_the_clustering_drops_the_statement(
    cast, released_theme
):
    groups, statements = released_theme
    services.statement_withdraw(actor=member_of(groups[1]), statement_id=statements[1].pk)
    assert DBTaskResult.objects.filter(task_path="palg.themes.tasks.recluster").count() == 1
    recluster(cast)
    clustered = ThemeClusterStatement.objects.values_list("statement_id", flat=True)
    assert statements[1].pk not in set(clustered)


def test_the_recluster_task_recomputes_at_once_with_an_immediate_backend(
    cast, released_theme, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    groups, statements = released_theme
    services.statement_withdraw(actor=member_of(groups[2]), statement_id=statements[2].pk)
    members = set(ThemeClusterStatement.objects.values_list("statement_id", flat=True))
    # Recomputed without it: two statements left, fewer than the engine's 3 for a cluster.
    assert statements[2].pk not in members
    assert members <= {statements[0].pk, statements[1].pk}


def test_a_draft_can_be_withdrawn_and_nothing_twice(cast):
    actor = cast.actor("member")
    statement = services.statement_draft(actor=actor, group_id=cast.alpha.pk, text="A pattern")
    services.statement_withdraw(actor=actor, statement_id=statement.pk)
    assert not DBTaskResult.objects.exists()  # nothing had left the set
    with pytest.raises(ValidationError) as error:
        services.statement_withdraw(actor=actor, statement_id=statement.pk)
    assert error.value.messages == [MSG_ALREADY_WITHDRAWN]


def test_any_member_of_the_set_can_withdraw_not_only_the_author(cast):
    statement = services.statement_draft(
        actor=cast.actor("member"), group_id=cast.alpha.pk, text="A pattern"
    )
    person = cast.people["ann"]
    ann = Actor(user_id=0, person_id=person.pk, organisation_id=cast.org.pk, is_org_admin=False)
    assert services.statement_withdraw(actor=ann, statement_id=statement.pk).state == "withdrawn"


def test_a_withdrawn_statement_s_words_leave_the_label_at_once(cast, released_theme):
    _, statements = released_theme
    release(add_set(cast, "Plover", 4), CROSS_SITE[3])
    # One word said so often that it tops the label while its statement is in the theme.
    odd = release(
        add_set(cast, "Curlew", 4),
        "Cross-site decisions: " + ", ".join(["procurement"] * 9),
    )
    odd.same_as = statements[0]  # "ours is the same": the clustering keeps it in the theme
    odd.save()
    recluster(cast)
    (theme,) = themes(cast)
    assert "procurement" in theme.label
    services.statement_withdraw(actor=member_of(odd.group), statement_id=odd.pk)
    (theme,) = themes(cast)
    assert "procurement" not in theme.label
    relabelled = theme.label
    recluster(cast)
    assert themes(cast)[0].label == relabelled
