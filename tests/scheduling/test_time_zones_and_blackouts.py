"""A programme's time zone (validated, defaulting to PALG_TIME_ZONE) and blackout dates."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from palg.programmes.models import MSG_TIME_ZONE, Programme
from palg.programmes.services import programme_create
from palg.scheduling import services
from palg.scheduling.models import Blackout


def test_a_new_programme_takes_the_sites_time_zone(cast, settings):
    settings.TIME_ZONE = "America/New_York"
    programme = programme_create(actor=cast.actor("lead"), name="Night shift leaders")
    assert programme.time_zone == "America/New_York"


def test_it_refuses_a_zone_that_zoneinfo_does_not_know(cast):
    with pytest.raises(ValidationError) as error:
        services.programme_time_zone_set(
            actor=cast.actor("lead"), programme_id=cast.programme.pk, time_zone="Europe/Atlantis"
        )
    assert error.value.message_dict == {
        "time_zone": [MSG_TIME_ZONE.format(value="Europe/Atlantis")]
    }
    assert Programme.objects.get(pk=cast.programme.pk).time_zone == "Europe/London"


def test_only_leads_and_admins_set_the_time_zone(cast):
    for role in ("facilitator", "sponsor", "member"):
        with pytest.raises(PermissionDenied):
            services.programme_time_zone_set(
                actor=cast.actor(role), programme_id=cast.programme.pk, time_zone="Asia/Tokyo"
            )


def blackout(cast, role="lead", **options):
    fields = {"label": "Easter", "starts_on": date(2031, 4, 11), "ends_on": date(2031, 4, 14)}
    return services.blackout_create(
        actor=cast.actor(role), programme_id=cast.programme.pk, **{**fields, **options}
    )


def test_a_lead_adds_a_blackout_for_the_programme(cast):
    added = blackout(cast)
    assert (added.programme, added.organisation, added.created_by) == (
        cast.programme, cast.org, cast.people["lead"]
    )  # fmt: skip


def test_a_blackout_may_not_end_before_it_starts_or_last_over_a_year(cast):
    with pytest.raises(ValidationError) as error:
        blackout(cast, ends_on=date(2031, 4, 10))
    assert error.value.message_dict == {"ends_on": [services.MSG_BLACKOUT_ORDER]}
    with pytest.raises(ValidationError) as error:
        blackout(cast, ends_on=date(2032, 5, 1))
    assert error.value.message_dict == {"ends_on": [services.MSG_BLACKOUT_TOO_LONG]}
    assert not Blackout.objects.exists()


def test_facilitators_and_sponsors_cannot_add_blackouts(cast):
    for role in ("facilitator", "sponsor"):
        with pytest.raises(PermissionDenied):
            blackout(cast, role=role)


def test_removing_a_blackout_follows_who_manages_it(cast):
    own = blackout(cast)
    wide = blackout(cast, organisation_wide=True)
    with pytest.raises(PermissionDenied):
        services.blackout_delete(actor=cast.actor("facilitator"), blackout_id=own.pk)
    with pytest.raises(PermissionDenied):
        services.blackout_delete(actor=cast.actor("member"), blackout_id=wide.pk)
    with pytest.raises(Http404):
        services.blackout_delete(actor=cast.actor("stranger"), blackout_id=wide.pk)
    services.blackout_delete(actor=cast.actor("admin"), blackout_id=wide.pk)
    services.blackout_delete(actor=cast.actor("lead"), blackout_id=own.pk)
    assert not Blackout.objects.exists()
