from django.urls import path

from palg.impact import views

urlpatterns = [
    path("programmes/<int:programme_id>/", views.programme_impact, name="programme-impact"),
    path("sets/<int:group_id>/", views.set_impact, name="set-impact"),
    path("changes/", views.change_event_list, name="change-event-list"),
    path("changes/<int:event_id>/", views.change_event_edit, name="change-event-edit"),
    path("changes/<int:event_id>/delete/", views.change_event_delete, name="change-event-delete"),
]
