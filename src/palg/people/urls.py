from django.urls import path

from palg.people import views

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("import/", views.person_import, name="person-import"),
    path("import/confirm/", views.person_import_confirm, name="person-import-confirm"),
    path("import/example.csv", views.person_import_example, name="person-import-example"),
    path("<int:person_id>/", views.person_detail, name="person-detail"),
    path("conflicts/", views.conflict_list, name="conflict-list"),
    path("conflicts/<int:conflict_id>/delete/", views.conflict_delete, name="conflict-delete"),
]
