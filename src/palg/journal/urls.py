from django.urls import path

from palg.journal import views

urlpatterns = [
    path("", views.journal, name="journal"),
    path("<int:entry_id>/", views.journal_entry, name="journal-entry"),
    path("<int:entry_id>/edit/", views.journal_entry_edit, name="journal-entry-edit"),
    path("<int:entry_id>/delete/", views.journal_entry_delete, name="journal-entry-delete"),
    path("export/<str:fmt>/", views.journal_export, name="journal-export"),
]
