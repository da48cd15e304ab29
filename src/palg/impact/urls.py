from django.urls import path

from palg.impact import views

urlpatterns = [
    path("programmes/<int:programme_id>/", views.programme_impact, name="programme-impact"),
    path("programmes/<int:programme_id>/report/", views.programme_report, name="programme-report"),
    path(
        "programmes/<int:programme_id>/report.pdf",
        views.programme_report_pdf,
        name="programme-report-pdf",
    ),
    path(
        "programmes/<int:programme_id>/report.csv",
        views.programme_report_csv,
        name="programme-report-csv",
    ),
    path("sets/<int:group_id>/", views.set_impact, name="set-impact"),
    path("changes/", views.change_event_list, name="change-event-list"),
    path("changes/<int:event_id>/", views.change_event_edit, name="change-event-edit"),
    path("changes/<int:event_id>/delete/", views.change_event_delete, name="change-event-delete"),
]
