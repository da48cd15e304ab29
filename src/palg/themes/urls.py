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
    path("programmes/<int:programme_id>/asks/", views.ask_create, name="ask-create"),
    path(
        "programmes/<int:programme_id>/respond/",
        views.programme_theme_respond,
        name="programme-theme-respond",
    ),
    path("programmes/<int:programme_id>/rounds/", views.round_open, name="round-open"),
    path("respond/", views.theme_respond, name="theme-respond"),
    path("asks/<int:ask_id>/", views.ask_detail, name="ask-detail"),
    path("asks/<int:ask_id>/close/", views.ask_close, name="ask-close"),
    path("asks/<int:ask_id>/respond/", views.ask_respond, name="ask-respond"),
    path("rounds/<int:round_id>/", views.round_detail, name="round-detail"),
    path("rounds/<int:round_id>/vote/", views.round_vote, name="round-vote"),
    path("rounds/<int:round_id>/close/", views.round_close, name="round-close"),
]
