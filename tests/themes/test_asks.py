"""Asks of the system: a sponsor asks every set of a programme; sets see the open ask on their
pages and may answer with a theme; the ask's page shows its sponsor only the clusters of
consented answers over the release rule, never a set, nothing below."""

import pytest
from django.urls import reverse

from palg.access import Actor
from palg.themes import selectors, services
from palg.themes.models import Ask, ThemeStatement
from palg.themes.services import MSG_ASK_CLOSED, MSG_ASK_NOT_OURS, MSG_QUESTION_REQUIRED
from tests.themes.builders import CROSS_SITE, add_set, recluster, release

QUESTION = "What gets in the way of cross-site working?"


def ask(cast) -> Ask:
    return services.ask_create(actor=cast.actor("sponsor"), programme_id=cast.programme.pk,
                               question=QUESTION)  # fmt: skip


def answer(group, text, the_ask) -> ThemeStatement:
    statement = release(group, text)
    statement.ask = the_ask
    statement.save(update_fields=["ask"])
    return statement


def test_a_sponsor_s_ask_is_on_every_set_s_theme_page_and_set_page(cast, client_as):
    ask(cast)
    member = client_as("member")
    assert QUESTION in member.get(reverse("set-themes", args=[cast.alpha.pk])).text
    assert QUESTION in member.get(reverse("group-detail", args=[cast.alpha.pk])).text
    other = client_as("other_member")
    assert QUESTION in other.get(reverse("meeting-themes", args=[cast.beta_meeting.pk])).text


def test_a_set_answers_an_ask_when_it_drafts_a_theme(cast, client_as):
    the_ask = ask(cast)
    response = client_as("member").post(
        reverse("set-themes", args=[cast.alpha.pk]), {"text": CROSS_SITE[0], "ask": the_ask.pk},
        follow=True,
    )  # fmt: skip
    statement = ThemeStatement.objects.get()
    assert statement.ask == the_ask
    assert "an answer to the ask" in response.text


def test_a_closed_ask_takes_no_answers_and_leaves_the_sets_pages(cast, client_as):
    the_ask = ask(cast)
    services.ask_close(actor=cast.actor("sponsor"), ask_id=the_ask.pk)
    with pytest.raises(Exception) as refused:
        services.statement_draft(actor=cast.actor("member"), group_id=cast.alpha.pk,
                                 text=CROSS_SITE[0], ask_id=the_ask.pk)  # fmt: skip
    assert MSG_ASK_CLOSED in str(refused.value)
    assert not ThemeStatement.objects.exists()
    page = client_as("member").get(reverse("set-themes", args=[cast.alpha.pk])).text
    assert QUESTION not in page


def test_an_ask_of_another_programme_is_refused(cast):
    from palg.programmes.models import Programme

    elsewhere = Programme.objects.create(organisation=cast.org, name="Elsewhere")
    other = Ask.objects.create(programme=elsewhere, question="Not yours")
    with pytest.raises(Exception) as refused:
        services.statement_draft(actor=cast.actor("member"), group_id=cast.alpha.pk,
                                 text=CROSS_SITE[0], ask_id=other.pk)  # fmt: skip
    assert MSG_ASK_NOT_OURS in str(refused.value)
    assert not ThemeStatement.objects.exists()


def test_an_empty_question_re_renders_the_map_with_its_message(cast, client_as):
    response = client_as("sponsor").post(
        reverse("ask-create", args=[cast.programme.pk]), {"question": "  "}
    )
    assert response.status_code == 422
    assert MSG_QUESTION_REQUIRED in response.text
    assert not Ask.objects.exists()


def test_the_ask_s_page_shows_answers_only_once_three_sets_and_ten_people_give_them(
    cast, client_as
):
    the_ask = ask(cast)
    groups = [add_set(cast, f"Answer set {n}", 4) for n in range(3)]
    page = reverse("ask-detail", args=[the_ask.pk])
    sponsor = client_as("sponsor")
    for n, group in enumerate(groups[:2]):
        answer(group, CROSS_SITE[n], the_ask)
    text = sponsor.get(page).text
    assert "No answer has reached the rule yet." in text
    assert selectors.ask_themes(the_ask) == []
    for n in range(2):
        assert CROSS_SITE[n] not in text
    answer(groups[2], CROSS_SITE[2], the_ask)
    text = sponsor.get(page).text
    assert "About 5 sets and 10 people" in text  # 3 sets, 12 people, rounded
    for group in groups:
        assert group.name not in text


def test_answers_to_an_ask_never_reach_the_theme_map(cast):
    the_ask = ask(cast)
    for n in range(3):
        answer(add_set(cast, f"Answer set {n}", 4), CROSS_SITE[n], the_ask)
    recluster(cast)
    themes = selectors.released_themes(organisation_id=cast.org.pk)
    assert themes == []
    assert len(selectors.ask_themes(the_ask)) == 1


def test_a_withdrawn_answer_leaves_the_ask_s_page(cast):
    the_ask = ask(cast)
    statements = [
        answer(add_set(cast, f"Answer set {n}", 4), CROSS_SITE[n], the_ask) for n in range(3)
    ]
    assert len(selectors.ask_themes(the_ask)) == 1
    member = statements[0].consents.first().person
    actor = Actor(user_id=0, person_id=member.pk, organisation_id=cast.org.pk,
                  is_org_admin=False)  # fmt: skip
    services.statement_withdraw(actor=actor, statement_id=statements[0].pk)
    assert selectors.ask_themes(the_ask) == []
