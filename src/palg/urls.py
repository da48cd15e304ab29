from django.conf import settings
from django.urls import include, path

from palg.api.api import api

urlpatterns = [
    path("", include("palg.web.urls")),
    path("programmes/", include("palg.programmes.urls")),
    path("people/", include("palg.people.urls")),
    path("sessions/", include("palg.live.urls")),
    path("journal/", include("palg.journal.urls")),
    path("surveys/", include("palg.surveys.urls")),
    path("calendar/", include("palg.scheduling.urls")),
    path("email/", include("palg.notify.urls")),
    path("impact/", include("palg.impact.urls")),
    path("themes/", include("palg.themes.urls")),
    path("account/", include("palg.accounts.urls")),
    path("sso/", include("palg.sso.urls")),
    path("api/", api.urls),
]

if settings.ADMIN_ENABLED:
    from django.contrib import admin

    urlpatterns.append(path("admin/", admin.site.urls))
