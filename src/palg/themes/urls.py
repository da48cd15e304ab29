from django.urls import path

from palg.themes import views

# Included under "themes/".
urlpatterns = [
    path("", views.organisation_map, name="theme-map"),
    path("programmes/<int:programme_id>/", views.programme_map, name="programme-theme-map"),
    path("sets/<int:group_id>/", views.set_themes, name="set-themes"),
    path("sessions/<int:meeting_id>/", views.meeting_themes, name="meeting-themes"),
    path("statements/<int:statement_id>/edit/", views.statement_edit, name="theme-edit"),
    path("statements/<int:statement_id>/consent/", views.statement_consent, name="theme-consent"),
    path(
        "statements/<int:statement_id>/withdraw/", views.statement_withdraw, name="theme-withdraw"
    ),
    path("statements/<int:statement_id>/same/", views.statement_link, name="theme-link"),
]
