"""The API's enums are the models' choices, spelled out."""

from typing import get_args

import pytest

from palg.api import schemas
from palg.programmes import models


@pytest.mark.parametrize(
    "literal, choices",
    [
        (schemas.ProgrammeStatus, models.Programme.Status),
        (schemas.FacilitationModel, models.FacilitationModel),
        (schemas.SessionTemplate, models.SessionTemplate),
        (schemas.MembershipRole, models.Membership.Role),
        (schemas.MeetingStatus, models.Meeting.Status),
        (schemas.AttendanceStatus, models.Attendance.Status),
    ],
)
def test_it_offers_exactly_the_models_choices(literal, choices):
    assert list(get_args(literal)) == list(choices.values)


def test_it_does_not_advertise_null_for_patch_fields_that_refuse_it():
    from palg.api.programmes import ProgrammePatch

    properties = ProgrammePatch.model_json_schema()["properties"]
    assert "default" not in properties["name"]
    assert properties["start_date"]["default"] is None
