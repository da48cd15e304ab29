"""Django admin for programme metadata (only with PALG_ADMIN=1).

Set content (CONTENT_MODELS, e.g. MeetingRecord) is never registered here nor shown inline:
the admin sees who is in which set, dates and attendance, as a programme lead does.
"""

from django.apps import apps
from django.contrib import admin

from palg.people.admin import ScopedAdmin, ScopedInline
from palg.programmes.models import (
    Attendance,
    Group,
    Meeting,
    Membership,
    MembershipChange,
    Programme,
    ProgrammeRole,
    Round,
)

PROGRAMME_ORG = "programme__organisation"
GROUP_ORG = "group__round__programme__organisation"


class ProgrammeRoleInline(ScopedInline):
    model = ProgrammeRole
    organisation_path = PROGRAMME_ORG
    autocomplete_fields = ("person",)


class ProgrammeAdmin(ScopedAdmin):
    list_display = ("name", "status", "start_date", "session_template", "organisation")
    list_filter = ("status", "session_template")
    search_fields = ("name", "focus_area")
    inlines = (ProgrammeRoleInline,)


class ProgrammeRoleAdmin(ScopedAdmin):
    organisation_path = PROGRAMME_ORG
    list_display = ("person", "role", "programme")
    list_filter = ("role",)
    search_fields = ("person__name", "programme__name")
    autocomplete_fields = ("person", "programme")
    list_select_related = ("person", "programme")


class RoundAdmin(ScopedAdmin):
    organisation_path = PROGRAMME_ORG
    list_display = ("__str__", "programme", "status")
    list_filter = ("status",)
    search_fields = ("programme__name",)
    list_select_related = ("programme",)


class ReadOnly:
    """Membership is shown here but changed only on the set's page or through the API, where
    palg.programmes.services refuses self-addition and records every change."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(ReadOnly, ScopedInline):
    model = Membership
    organisation_path = GROUP_ORG
    autocomplete_fields = ("person",)


class GroupAdmin(ScopedAdmin):
    organisation_path = "round__programme__organisation"
    list_display = ("name", "round", "programme_name")
    search_fields = ("name", "round__programme__name")
    autocomplete_fields = ("round",)
    list_select_related = ("round__programme",)
    inlines = (MembershipInline,)

    @admin.display(description="Programme", ordering="round__programme__name")
    def programme_name(self, group: Group) -> str:
        return group.round.programme.name


class MembershipAdmin(ReadOnly, ScopedAdmin):
    organisation_path = GROUP_ORG
    list_display = ("person", "group", "role", "joined_at")
    list_filter = ("role",)
    search_fields = ("person__name", "group__name")
    autocomplete_fields = ("person", "group")
    list_select_related = ("person", "group")


class MembershipChangeAdmin(ReadOnly, ScopedAdmin):
    organisation_path = GROUP_ORG
    list_display = ("at", "group", "person", "kind", "role", "by")
    list_filter = ("kind",)
    search_fields = ("person__name", "group__name")
    list_select_related = ("person", "group", "by")


class AttendanceInline(ScopedInline):
    model = Attendance
    organisation_path = "meeting__" + GROUP_ORG
    autocomplete_fields = ("person",)


class MeetingAdmin(ScopedAdmin):
    organisation_path = GROUP_ORG
    list_display = ("group", "starts_at", "duration_minutes", "location", "status")
    list_filter = ("status",)
    search_fields = ("group__name", "location")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("group",)
    list_select_related = ("group",)
    # Attendance is metadata; the meeting's record (set content) is deliberately not an inline.
    inlines = (AttendanceInline,)


class AttendanceAdmin(ScopedAdmin):
    organisation_path = "meeting__" + GROUP_ORG
    list_display = ("person", "meeting", "status")
    list_filter = ("status",)
    search_fields = ("person__name", "meeting__group__name")
    autocomplete_fields = ("person", "meeting")
    list_select_related = ("person", "meeting__group")


def register(site: admin.AdminSite) -> None:
    site.register(Programme, ProgrammeAdmin)
    site.register(ProgrammeRole, ProgrammeRoleAdmin)
    site.register(Round, RoundAdmin)
    site.register(Group, GroupAdmin)
    site.register(Membership, MembershipAdmin)
    site.register(MembershipChange, MembershipChangeAdmin)
    site.register(Meeting, MeetingAdmin)
    site.register(Attendance, AttendanceAdmin)


if apps.is_installed("django.contrib.admin"):
    register(admin.site)
