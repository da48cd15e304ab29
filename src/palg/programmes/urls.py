from django.urls import path

from palg.programmes import forming_views, views

# Included under "programmes/": sets and meetings live at programmes/sets/... and
# programmes/meetings/... so the whole area shares one prefix.
urlpatterns = [
    path("", views.programme_list, name="programme-list"),
    path("new/", views.programme_create, name="programme-create"),
    path("design-check/", views.programme_design_check, name="programme-design-check"),
    path("<int:programme_id>/", views.programme_detail, name="programme-detail"),
    path("<int:programme_id>/edit/", views.programme_edit, name="programme-edit"),
    path("<int:programme_id>/roles/", views.programme_role_assign, name="programme-role-assign"),
    path(
        "<int:programme_id>/participants/",
        views.programme_participants_add,
        name="programme-participants-add",
    ),
    path(
        "<int:programme_id>/fading-plan/",
        views.programme_fading_plan,
        name="programme-fading-plan",
    ),
    path("<int:programme_id>/sets/new/", views.group_create, name="group-create"),
    path("<int:programme_id>/rounds/new/", forming_views.round_create, name="round-create"),
    path(
        "<int:programme_id>/rounds/<int:number>/forming/",
        forming_views.round_forming,
        name="round-forming",
    ),
    path(
        "<int:programme_id>/rounds/<int:number>/forming/move/",
        forming_views.round_draft_move,
        name="round-draft-move",
    ),
    path(
        "<int:programme_id>/rounds/<int:number>/forming/lock/",
        forming_views.round_draft_lock,
        name="round-draft-lock",
    ),
    path(
        "<int:programme_id>/rounds/<int:number>/forming/publish/",
        forming_views.round_publish,
        name="round-publish",
    ),
    path(
        "<int:programme_id>/rounds/<int:number>/forming/participants/",
        forming_views.round_participants_add,
        name="round-participants-add",
    ),
    path("sets/<int:group_id>/", views.group_detail, name="group-detail"),
    path("sets/<int:group_id>/rename/", views.group_rename, name="group-rename"),
    path("sets/<int:group_id>/members/", views.group_member_add, name="group-member-add"),
    path(
        "sets/<int:group_id>/members/remove/",
        views.group_member_remove,
        name="group-member-remove",
    ),
    path("sets/<int:group_id>/rota/", views.group_rota_generate, name="group-rota-generate"),
    path("sets/<int:group_id>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting-edit"),
    path(
        "meetings/<int:meeting_id>/attendance/",
        views.meeting_attendance,
        name="meeting-attendance",
    ),
    path("meetings/<int:meeting_id>/rota/", views.meeting_rota, name="meeting-rota"),
    path("meetings/<int:meeting_id>/record/", views.meeting_record, name="meeting-record"),
]
