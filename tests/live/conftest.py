"""Live-session tests run their sessions on the day of the cast's meetings: a session starts
only on its meeting's day (palg.live.services.start_refusal)."""

import pytest

from tests.live.cycle import today


@pytest.fixture(autouse=True)
def _meetings_today(request):
    if "cast" in request.fixturenames:
        cast = request.getfixturevalue("cast")
        today(cast.alpha_meeting)
        today(cast.beta_meeting, minutes=40)
