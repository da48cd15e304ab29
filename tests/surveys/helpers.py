"""Waves around today for the shared cast: Alice (member) and Ann are in Alpha, Bob and Bea in
Beta; Fran facilitates Alpha. Made directly, so each test states the dates it needs."""

from datetime import timedelta

from django.utils import timezone

from palg.surveys.models import Wave

ALL = ["cbi", "psych_safety", "ucla3"]
# A complete set of answers to the default instruments (23 items).
FULL = {
    **{f"cbi.p{i}": 2 for i in range(1, 7)},
    **{f"cbi.w{i}": 1 for i in range(1, 8)},
    **{f"ps.{i}": 6 for i in range(1, 8)},
    **{f"ucla.{i}": 1 for i in range(1, 4)},
}


def today():
    return timezone.localdate()


def make_wave(cast, kind="baseline", *, opened=2, closes_in=10, instruments=None) -> Wave:
    """A wave that opened `opened` days ago (negative: opens later) and closes in `closes_in`."""
    return Wave.objects.create(
        programme=cast.programme,
        kind=kind,
        opens_on=today() - timedelta(days=opened),
        closes_on=today() + timedelta(days=closes_in),
        instruments=list(instruments or ALL),
    )


def close(wave: Wave) -> Wave:
    """Move a wave into the past (as if its dates had passed)."""
    Wave.objects.filter(pk=wave.pk).update(
        opens_on=today() - timedelta(days=20), closes_on=today() - timedelta(days=6)
    )
    wave.refresh_from_db()
    return wave
