"""Email preferences are everyone's own: each signed-in role gets their own page; anonymous
visitors go to the login page. The unsubscribe link works without signing in for whoever holds
it (the signed token names the person), so every role, anonymous included, gets the page."""

from django.urls import reverse

from tests.matrix import Entry, everyone

NONE = ("none",)


def unsubscribe_path(cast, target) -> str:
    from palg.notify.services import unsubscribe_token

    return reverse("notify-unsubscribe", args=[unsubscribe_token(cast.people["member"])])


ENTRIES = [
    Entry(
        name="notify-preferences",
        method="GET",
        path=lambda cast, target: reverse("notify-preferences"),
        expect={"none": everyone(200, anonymous=302)},
        targets=NONE,
    ),
    Entry(
        name="notify-preferences",
        method="POST",
        path=lambda cast, target: reverse("notify-preferences"),
        data=lambda cast, target: {"nudges": "off"},
        expect={"none": everyone(302)},
        targets=NONE,
    ),
    Entry(
        name="notify-unsubscribe",
        method="GET",
        path=unsubscribe_path,
        expect={"none": everyone(200)},
        targets=NONE,
    ),
    Entry(
        name="notify-unsubscribe",
        method="POST",
        path=unsubscribe_path,
        expect={"none": everyone(200)},
        targets=NONE,
    ),
]
