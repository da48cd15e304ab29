import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from palg.programmes import services
from palg.programmes.models import Programme, ProgrammeRole


def valid_fields(**overrides):
    fields = {"name": "Leading across boundaries", "min_group_size": 5, "max_group_size": 7}
    fields.update(overrides)
    return fields


def test_it_makes_the_creator_lead_of_a_new_programme_with_a_first_round(cast):
    programme = services.programme_create(actor=cast.actor("lead"), **valid_fields())
    assert programme.organisation == cast.org
    assert programme.rounds.get().number == 1
    assert ProgrammeRole.objects.filter(
        programme=programme, person=cast.people["lead"], role="lead"
    ).exists()


def test_it_lets_only_staff_create_programmes(cast):
    for role in ("sponsor", "member", "facilitator", "outsider"):
        with pytest.raises(PermissionDenied):
            services.programme_create(actor=cast.actor(role), **valid_fields())
    assert Programme.objects.count() == 1


def test_it_rejects_a_smallest_size_above_the_largest_and_writes_nothing(cast):
    with pytest.raises(ValidationError) as error:
        services.programme_create(
            actor=cast.actor("lead"), **valid_fields(min_group_size=8, max_group_size=5)
        )
    assert error.value.message_dict == {"min_group_size": [services.MSG_SIZE_ORDER]}
    assert Programme.objects.count() == 1


def test_it_rejects_an_unknown_session_template(cast):
    with pytest.raises(ValidationError) as error:
        services.programme_create(
            actor=cast.actor("lead"), **valid_fields(session_template="fishbowl")
        )
    assert "session_template" in error.value.message_dict


def test_it_updates_a_programme_for_its_lead_only(cast):
    updated = services.programme_update(
        actor=cast.actor("lead"), programme_id=cast.programme.pk, cadence_weeks=6
    )
    assert updated.cadence_weeks == 6
    with pytest.raises(PermissionDenied):
        services.programme_update(
            actor=cast.actor("sponsor"), programme_id=cast.programme.pk, cadence_weeks=2
        )
    with pytest.raises(Http404):
        services.programme_update(
            actor=cast.actor("stranger"), programme_id=cast.programme.pk, cadence_weeks=2
        )
    cast.programme.refresh_from_db()
    assert cast.programme.cadence_weeks == 6


def test_it_assigns_a_sponsor_from_the_same_organisation_only(cast):
    role = services.programme_role_assign(
        actor=cast.actor("lead"),
        programme_id=cast.programme.pk,
        person_id=cast.people["outsider"].pk,
        role="sponsor",
    )
    assert role.role == "sponsor"
    with pytest.raises(ValidationError) as error:
        services.programme_role_assign(
            actor=cast.actor("lead"),
            programme_id=cast.programme.pk,
            person_id=cast.people["stranger"].pk,
            role="sponsor",
        )
    assert error.value.message_dict == {"person": [services.MSG_PERSON_OTHER_ORG]}


@pytest.mark.parametrize(
    "field,value",
    [("min_group_size", 1), ("max_group_size", 51), ("cadence_weeks", 0), ("meeting_count", 101)],
)
def test_it_refuses_a_design_outside_the_hard_bounds_whoever_calls(cast, field, value):
    with pytest.raises(ValidationError) as error:
        services.programme_create(actor=cast.actor("lead"), **valid_fields(**{field: value}))
    assert field in error.value.message_dict
    assert Programme.objects.count() == 1
