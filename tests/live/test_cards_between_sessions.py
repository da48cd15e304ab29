"""Between meetings: a member writes experiment cards for their own set outside a session,
moves them through planned, in progress, done and dropped, and adds dated observations; the
card keeps its whole history in order. Only the owner writes; the set reads; anyone else does
not learn that the card exists. "My experiments" lists a person's own cards, open ones first."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from palg.live import experiments
from palg.live.models import CardEntry, ExperimentCard
from palg.programmes.models import Group, Membership, Programme, Round
from tests.live.cycle import ann_actor, client_for, soon, url
from tests.web.pages import text

CARD = {
    "action": "Ask each depot manager for one change they would make",
    "expectation": "Two or three ideas I had not thought of",
    "signal": "How many managers answer within a week",
    "why": "I decide too much alone",
    "involve": "The depot managers",
}


def write(cast, actor=None, group=None, **changes):
    fields = {**CARD, "due": soon(), **changes}
    return experiments.card_create(actor=actor or cast.actor("member"),
                                   group_id=(group or cast.alpha).pk, **fields)  # fmt: skip


def day(offset: int = 0):
    """Today, or `offset` days from it."""
    return timezone.localdate() + timedelta(days=offset)


def made_days_ago(card, days: int) -> ExperimentCard:
    ExperimentCard.objects.filter(pk=card.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return ExperimentCard.objects.get(pk=card.pk)


def observe(cast, card, note: str, days_ago: int = 0, actor=None):
    return experiments.card_observe(actor=actor or cast.actor("member"), card_id=card.pk,
                                    observed_on=day(-days_ago), note=note)  # fmt: skip


def history(cast, card) -> list[tuple]:
    card = experiments.card_get(actor=cast.actor("member"), card_id=card.pk)
    return [(e.kind, e.note or e.status_after, e.day) for e in card.entries.all()]


# Writing a card ------------------------------------------------------------------------------


def test_a_member_writes_a_card_for_their_own_set_outside_a_session(cast):
    card = write(cast)
    assert (card.owner, card.group, card.programme) == (
        cast.people["member"], cast.alpha, cast.programme,
    )  # fmt: skip
    assert card.meeting is None and card.status == ExperimentCard.Status.PLANNED
    assert (card.action, card.why, card.involve) == (CARD["action"], CARD["why"], CARD["involve"])


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"action": "  "}, "action", experiments.MSG_REQUIRED),
        ({"expectation": ""}, "expectation", experiments.MSG_REQUIRED),
        ({"signal": "x" * 301}, "signal", "Keep it under 300 characters."),
        ({"involve": "x" * 201}, "involve", "Keep it under 200 characters."),
        ({"due": None}, "due", experiments.MSG_REQUIRED),
        ({"due": soon(-1)}, "due", experiments.MSG_DUE_PAST),
        ({"due": soon(3 * 365)}, "due", experiments.MSG_DUE_FAR),
    ],
)
def test_a_card_between_meetings_is_checked_as_in_a_session(cast, changes, field, message):
    with pytest.raises(ValidationError) as raised:
        write(cast, **changes)
    assert raised.value.message_dict[field] == [message]
    assert not ExperimentCard.objects.exists()


def test_only_a_member_of_the_set_writes_a_card_for_it(cast):
    for role in ("facilitator", "lead", "sponsor", "admin"):
        with pytest.raises(PermissionDenied):
            write(cast, actor=cast.actor(role))
    for role in ("other_member", "outsider", "stranger"):
        with pytest.raises(Http404):
            write(cast, actor=cast.actor(role))
    assert not ExperimentCard.objects.exists()


# Status and observations ---------------------------------------------------------------------


def test_the_owner_moves_the_card_through_its_statuses_and_each_change_is_an_entry(cast):
    card = write(cast)
    for status in ("in-progress", "done", "planned", "dropped"):
        experiments.card_status_change(actor=cast.actor("member"), card_id=card.pk, status=status)
    card.refresh_from_db()
    assert card.status == "dropped" and not card.is_open
    entries = CardEntry.objects.filter(card=card).order_by("pk")
    assert [(e.kind, e.status_before, e.status_after, e.meeting) for e in entries] == [
        ("status", "planned", "in-progress", None),
        ("status", "in-progress", "done", None),
        ("status", "done", "planned", None),
        ("status", "planned", "dropped", None),
    ]


@pytest.mark.parametrize(
    "status,message",
    [("planned", "The card is already planned."), ("finished", experiments.MSG_BAD_STATUS)],
)
def test_a_status_change_that_changes_nothing_or_is_unknown_is_refused(cast, status, message):
    card = write(cast)
    with pytest.raises(ValidationError) as raised:
        experiments.card_status_change(actor=cast.actor("member"), card_id=card.pk, status=status)
    assert raised.value.message_dict["status"] == [message]
    assert not CardEntry.objects.exists()


def test_observations_are_dated_and_the_history_keeps_everything_in_order(cast):
    card = made_days_ago(write(cast), 10)
    observe(cast, card, "Two managers answered", days_ago=6)
    experiments.card_status_change(actor=cast.actor("member"), card_id=card.pk,
                                   status="in-progress")  # fmt: skip
    observe(cast, card, "A third answered today")
    # Written down last, noticed a week ago: it takes its place by the day it was noticed.
    observe(cast, card, "The first one answered", days_ago=8)
    assert history(cast, card) == [
        ("observation", "The first one answered", day(-8)),
        ("observation", "Two managers answered", day(-6)),
        ("status", "in-progress", day()),
        ("observation", "A third answered today", day()),
    ]
    entry = CardEntry.objects.get(note="Two managers answered")
    assert (entry.status_before, entry.status_after, entry.meeting) == ("planned", "planned", None)


@pytest.mark.parametrize(
    "offset,note,field,message",
    [
        (None, "Something", "observed_on", experiments.MSG_REQUIRED),
        (1, "Something", "observed_on", experiments.MSG_NOTICED_AHEAD),
        (-4, "Something", "observed_on", "Choose a date from the day the card was made"),
        (0, "   ", "note", experiments.MSG_REQUIRED),
        (0, "x" * 1001, "note", "Keep it under 1000 characters."),
    ],
)
def test_an_observation_needs_a_day_from_the_card_to_today_and_some_text(
    cast, offset, note, field, message
):
    card = made_days_ago(write(cast), 3)
    with pytest.raises(ValidationError) as raised:
        experiments.card_observe(actor=cast.actor("member"), card_id=card.pk, note=note,
                                 observed_on=None if offset is None else day(offset))  # fmt: skip
    assert raised.value.message_dict[field][0].startswith(message)
    assert not CardEntry.objects.exists()


def test_only_the_owner_writes_on_a_card_and_others_outside_the_set_never_see_it(cast):
    card = write(cast)
    for actor in (ann_actor(cast), cast.actor("facilitator")):
        with pytest.raises(PermissionDenied):
            experiments.card_status_change(actor=actor, card_id=card.pk, status="done")
        with pytest.raises(PermissionDenied):
            observe(cast, card, "Not mine to say", actor=actor)
    for role in ("admin", "lead", "sponsor", "other_member", "outsider", "stranger"):
        with pytest.raises(Http404):
            experiments.card_status_change(actor=cast.actor(role), card_id=card.pk, status="done")
        with pytest.raises(Http404):
            observe(cast, card, "Not mine to say", actor=cast.actor(role))
    assert not CardEntry.objects.exists()
    assert ExperimentCard.objects.get().status == "planned"


# The pages -----------------------------------------------------------------------------------


def test_the_page_writes_a_card_for_one_of_my_sets(cast):
    client = client_for(cast.users["member"])
    form = text(client.get(url("card-new")))
    assert f'<option value="{cast.alpha.pk}" selected>Alpha' in form
    assert "Beta" not in form
    data = {**CARD, "group": cast.alpha.pk, "due": soon().isoformat()}
    response = client.post(url("card-new"), data, follow=True)
    card = ExperimentCard.objects.get()
    assert response.redirect_chain == [(url("card-detail", card.pk), 302)]
    body = text(response)
    assert "Experiment saved." in body and CARD["action"] in body and "Written between" in body


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"action": ""}, "What I will try: This field is required."),
        ({"due": "next Tuesday"}, "By when: Enter a valid date."),
        ({"due": "2001-01-01"}, f"By when: {experiments.MSG_DUE_PAST}"),
        ({"signal": "s" * 400}, "at most 300 characters"),
        ({"group": ""}, "For my set: This field is required."),
    ],
)
def test_bad_card_input_on_the_page_gets_a_clear_message_and_saves_nothing(cast, changes, message):
    client = client_for(cast.users["member"])
    data = {**CARD, "group": cast.alpha.pk, "due": soon().isoformat(), **changes}
    response = client.post(url("card-new"), data)
    assert response.status_code == 200
    body = text(response)
    assert message in body and "There is a problem" in body
    assert CARD["expectation"] in body  # what was typed stays
    assert not ExperimentCard.objects.exists()


def test_a_facilitator_is_offered_no_set_to_write_a_card_for(cast):
    body = text(client_for(cast.users["facilitator"]).get(url("card-new")))
    assert "You are not a member of a set" in body and 'name="action"' not in body


def test_the_owner_changes_the_status_and_adds_an_observation_on_the_card_page(cast):
    card = write(cast)
    client = client_for(cast.users["member"])
    page = text(client.get(url("card-detail", card.pk)))
    assert "Add an observation" in page and "Change its status" in page
    response = client.post(url("card-status", card.pk), {"status": "in-progress"}, follow=True)
    assert "Status changed to in progress." in text(response)
    data = {"observed_on": day().isoformat(), "note": "Two managers answered"}
    body = text(client.post(url("card-observe", card.pk), data, follow=True))
    assert "Observation added to the card." in body and "Two managers answered" in body
    card.refresh_from_db()
    assert card.status == "in-progress" and card.entries.count() == 2


@pytest.mark.parametrize(
    "data,message",
    [
        ({"observed_on": "", "note": "Typed this"}, "Noticed on: This field is required."),
        ({"observed_on": "yesterday", "note": "Typed this"}, "Noticed on: Enter a valid date."),
        ({"observed_on": day(2).isoformat(), "note": "Typed this"},
         f"Noticed on: {experiments.MSG_NOTICED_AHEAD}"),
        ({"observed_on": day().isoformat(), "note": ""},
         "What I noticed: This field is required."),
    ],
)  # fmt: skip
def test_a_bad_observation_on_the_page_gets_a_clear_message_and_changes_nothing(
    cast, data, message
):
    card = write(cast)
    response = client_for(cast.users["member"]).post(url("card-observe", card.pk), data)
    assert response.status_code == 200
    body = text(response)
    assert message in body and "There is a problem" in body
    if data["note"]:
        assert data["note"] in body  # what was typed stays
    assert not CardEntry.objects.exists()


def test_a_status_that_is_already_the_card_s_gets_a_message_on_the_page(cast):
    card = write(cast)
    response = client_for(cast.users["member"]).post(url("card-status", card.pk),
                                                     {"status": "planned"})  # fmt: skip
    assert response.status_code == 200
    assert "Status: The card is already planned." in text(response)
    assert not CardEntry.objects.exists()


def test_the_set_reads_the_card_page_without_the_owner_s_forms_and_cannot_write(cast):
    card = write(cast)
    observe(cast, card, "Two managers answered")
    client = client_for(cast.users["facilitator"])
    body = text(client.get(url("card-detail", card.pk)))
    assert "Two managers answered" in body and "Alice's experiment" in body
    assert "Add an observation" not in body and "Change its status" not in body
    assert client.post(url("card-status", card.pk), {"status": "done"}).status_code == 403
    assert client.post(url("card-observe", card.pk), {"note": "x"}).status_code == 403
    assert ExperimentCard.objects.get().status == "planned" and CardEntry.objects.count() == 1


# My experiments ------------------------------------------------------------------------------


def test_my_experiments_lists_open_cards_first_by_due_date_then_closed_ones(cast):
    later = write(cast, action="Later one", due=soon(30))
    sooner = write(cast, action="Sooner one", due=soon(5))
    finished = write(cast, action="Finished one", due=soon(2))
    experiments.card_status_change(actor=cast.actor("member"), card_id=finished.pk, status="done")
    observe(cast, later, "Nobody noticed yet")
    write(cast, actor=ann_actor(cast), action="Ann's own one")

    mine = experiments.my_experiments(actor=cast.actor("member"))
    assert [row.card.pk for row in mine.open] == [sooner.pk, later.pk]
    assert [row.card.pk for row in mine.closed] == [finished.pk]
    assert mine.open[1].last_observation.note == "Nobody noticed yet"

    body = text(client_for(cast.users["member"]).get(url("my-experiments")))
    positions = [body.index(a) for a in ("Sooner one", "Later one", "Finished one")]
    assert positions == sorted(positions)
    assert "Nobody noticed yet" in body and "Ann's own one" not in body
    assert url("card-detail", later.pk) in body


def test_my_experiments_spans_the_person_s_programmes(cast):
    other = Programme.objects.create(organisation=cast.org, name="Second programme")
    group = Group.objects.create(
        round=Round.objects.create(programme=other, number=1), name="Gamma"
    )
    Membership.objects.create(group=group, person=cast.people["member"], role="member")
    write(cast, action="In Alpha")
    write(cast, group=group, action="In Gamma")
    body = text(client_for(cast.users["member"]).get(url("my-experiments")))
    assert "In Alpha" in body and "In Gamma" in body and "Second programme" in body
    assert [g.name for g in experiments.own_sets(cast.actor("member"))] == ["Gamma", "Alpha"]


def test_an_account_that_is_nobody_in_the_directory_has_no_sets_and_no_cards(cast):
    from palg.accounts.models import User

    Group.objects.create(round=cast.round, name="Empty")  # a set nobody is in yet
    user = User.objects.create_user(email="ops@acme.example", password="x", organisation=cast.org)
    body = text(client_for(user).get(url("my-experiments")))
    assert "No open experiments" in body and url("card-new") not in body
    assert "You are not a member of a set" in text(client_for(user).get(url("card-new")))


def test_the_navigation_links_to_my_experiments(cast):
    body = text(client_for(cast.users["lead"]).get(url("home")))
    assert f'href="{url("my-experiments")}"' in body and "My experiments" in body


def test_the_api_gives_a_card_s_observations_in_its_history(cast, client_as):
    card = write(cast)
    observe(cast, card, "Two managers answered")
    entries = client_as("facilitator").get(f"/api/cards/{card.pk}").json()["entries"]
    assert [(e["kind"], e["note"], e["observed_on"]) for e in entries] == [
        ("observation", "Two managers answered", day().isoformat())
    ]
