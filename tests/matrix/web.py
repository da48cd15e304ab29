from django.urls import reverse

from tests.matrix import Entry, everyone

ENTRIES = [
    Entry(
        name="home",
        method="GET",
        path=lambda cast, target: reverse("home"),
        expect={"none": everyone(200, anonymous=302)},
        targets=("none",),
    ),
    Entry(
        name="login",
        method="GET",
        path=lambda cast, target: reverse("login"),
        # Signed-in users are sent on to their home page.
        expect={"none": everyone(302, anonymous=200)},
        targets=("none",),
    ),
    Entry(
        name="logout",
        method="POST",
        path=lambda cast, target: reverse("logout"),
        expect={"none": everyone(302)},
        targets=("none",),
    ),
    # The same pages under the names django-allauth reverses.
    Entry(
        name="account_login",
        method="GET",
        path=lambda cast, target: reverse("account_login"),
        expect={"none": everyone(302, anonymous=200)},
        targets=("none",),
    ),
    Entry(
        name="account_logout",
        method="POST",
        path=lambda cast, target: reverse("account_logout"),
        expect={"none": everyone(302)},
        targets=("none",),
    ),
]
