from django.urls import path

from palg.scheduling import views

# Included under "calendar/".
urlpatterns = [
    path("", views.my_calendar, name="calendar-mine"),
    path("feed/revoke/", views.feed_revoke, name="calendar-feed-revoke"),
    path("feed/<str:token>.ics", views.feed, name="calendar-feed"),
    path("sets/<int:group_id>.ics", views.set_calendar, name="set-calendar"),
    path("sets/<int:group_id>/schedule/", views.set_schedule, name="set-schedule"),
    path("programmes/<int:programme_id>/", views.programme_calendar, name="programme-calendar"),
    path(
        "programmes/<int:programme_id>/time-zone/",
        views.programme_time_zone,
        name="programme-time-zone",
    ),
    path(
        "programmes/<int:programme_id>/blackouts/",
        views.blackout_create,
        name="blackout-create",
    ),
    path("blackouts/<int:blackout_id>/delete/", views.blackout_delete, name="blackout-delete"),
]
