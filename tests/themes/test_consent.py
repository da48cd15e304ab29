"""A theme goes out only with the consent of every member who must give it: at a session, the
members marked present; on the set's page, every member of the set. An edit starts consent over.
Facilitators read their set's themes but neither draft nor consent."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tasks_db.models import DBTaskResult

from palg.programmes.models import Attendance
from palg.themes import services
from palg.themes.models import ThemeStatement
from palg.themes.services import (
    MSG_ALREADY_CONSENTED,
    MSG_NOT_CONSENTER,
    MSG_NOT_DRAFT,
    MSG_TEXT_REQUIRED,
    MSG_TEXT_TOO_LONG,
)

TEXT = "Decisions about cross-site work get re-opened at every level."


def draft(cast, role="member", **kwargs):
    return services.statement_draft(
        actor=cast.actor(role), group_id=cast.alpha.pk, text=TEXT, **kwargs
    )


def consent(cast, role, statement):
    return services.statement_consent(actor=cast.actor(role), statement_id=statement.pk)


def ann(cast):
    """Ann, Alpha's other member (the cast gives her no account; the services need none)."""
    from palg.access import Actor

    person = cast.people["ann"]
    return Actor(user_id=0, person_id=person.pk, organisation_id=cast.org.pk, is_org_admin=False)


def test_on_the_set_page_every_member_must_consent(cast):
    statement = draft(cast)
    assert services.required_consenters(statement) == {
        cast.people["member"].pk,
        cast.people["ann"].pk,
    }
    assert consent(cast, "member", statement).state == "draft"
    released = services.statement_consent(actor=ann(cast), statement_id=statement.pk)
    assert released.state == "released"
    assert released.released_at is not None


def test_at_a_session_only_the_members_present_consent(cast):
    # The cast marks Alice present at Alpha's meeting; Ann was not there.
    statement = draft(cast, meeting_id=cast.alpha_meeting.pk)
    assert services.required_consenters(statement) == {cast.people["member"].pk}
    with pytest.raises(PermissionDenied, match=re.escape(MSG_NOT_CONSENTER)):
        services.statement_consent(actor=ann(cast), statement_id=statement.pk)
    assert consent(cast, "member", statement).state == "released"


def test_at_a_session_every_present_member_must_consent(cast):
    Attendance.objects.create(
        meeting=cast.alpha_meeting, person=cast.people["ann"], status="present"
    )
    statement = draft(cast, meeting_id=cast.alpha_meeting.pk)
    assert consent(cast, "member", statement).state == "draft"
    assert services.statement_consent(actor=ann(cast), statement_id=statement.pk).state == (
        "released"
    )


def test_the_author_consents_like_everyone_else_and_only_once(cast):
    statement = draft(cast)
    consent(cast, "member", statement)
    with pytest.raises(ValidationError) as error:
        consent(cast, "member", statement)
    assert error.value.messages == [MSG_ALREADY_CONSENTED]


def test_an_edit_resets_every_consent(cast):
    statement = draft(cast)
    consent(cast, "member", statement)
    services.statement_edit(
        actor=ann(cast), statement_id=statement.pk, text="Cross-site decisions are re-opened."
    )
    statement.refresh_from_db()
    assert statement.consents.count() == 0
    assert statement.text == "Cross-site decisions are re-opened."
    # Ann's consent alone no longer releases it: Alice must consent to the new wording.
    assert services.statement_consent(actor=ann(cast), statement_id=statement.pk).state == "draft"
    assert consent(cast, "member", statement).state == "released"


def test_an_edit_that_changes_nothing_keeps_the_consents(cast):
    statement = draft(cast)
    consent(cast, "member", statement)
    services.statement_edit(actor=ann(cast), statement_id=statement.pk, text=f"  {TEXT} ")
    assert statement.consents.count() == 1


def test_a_released_theme_can_no_longer_be_edited_or_consented(cast):
    statement = draft(cast, meeting_id=cast.alpha_meeting.pk)
    consent(cast, "member", statement)
    for change in (
        lambda: services.statement_edit(actor=ann(cast), statement_id=statement.pk, text="x y"),
        lambda: services.statement_consent(actor=ann(cast), statement_id=statement.pk),
    ):
        with pytest.raises(ValidationError) as error:
            change()
        assert error.value.messages == [MSG_NOT_DRAFT]


def test_the_facilitator_neither_drafts_nor_consents(cast):
    with pytest.raises(PermissionDenied):
        draft(cast, role="facilitator")
    statement = draft(cast)
    with pytest.raises(PermissionDenied):
        consent(cast, "facilitator", statement)


def test_a_member_who_leaves_the_set_is_no_longer_waited_for(cast):
    statement = draft(cast)
    cast.alpha.memberships.filter(person=cast.people["ann"]).delete()
    assert services.required_consenters(statement) == {cast.people["member"].pk}
    assert consent(cast, "member", statement).state == "released"


def test_a_member_who_joins_later_neither_sees_nor_consents_to_an_earlier_draft(cast):
    from django.utils import timezone

    from palg.programmes.models import Membership

    statement = draft(cast)
    Membership.objects.filter(group=cast.alpha, person=cast.people["ann"]).update(
        joined_at=timezone.now()
    )
    assert cast.people["ann"].pk not in services.required_consenters(statement)
    with pytest.raises(PermissionDenied):
        services.statement_consent(actor=ann(cast), statement_id=statement.pk)


def test_release_queues_the_clustering_for_the_task_worker(cast):
    statement = draft(cast, meeting_id=cast.alpha_meeting.pk)
    consent(cast, "member", statement)
    queued = DBTaskResult.objects.values_list("task_path", "args_kwargs")
    assert [(path, args["args"]) for path, args in queued] == [
        ("palg.themes.tasks.recluster", [cast.org.pk])
    ]


@pytest.mark.parametrize(
    "text,message",
    [("", MSG_TEXT_REQUIRED), ("   \n ", MSG_TEXT_REQUIRED), ("x" * 281, MSG_TEXT_TOO_LONG)],
)
def test_it_refuses_an_empty_or_too_long_statement_and_changes_nothing(cast, text, message):
    with pytest.raises(ValidationError) as error:
        services.statement_draft(actor=cast.actor("member"), group_id=cast.alpha.pk, text=text)
    assert error.value.message_dict == {"text": [message]}
    assert not ThemeStatement.objects.exists()


def test_a_meeting_of_another_set_cannot_carry_a_draft(cast):
    from django.http import Http404

    with pytest.raises(Http404):
        draft(cast, meeting_id=cast.beta_meeting.pk)
