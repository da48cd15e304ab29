"""Django admin for accounts and API tokens (only with PALG_ADMIN=1).

Staff who are not superusers manage their own organisation's accounts only and cannot grant
superuser status or permissions. API tokens are shown read-only, without their digests.
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group as PermissionGroup

from palg.accounts.models import ApiToken, User
from palg.people.admin import OrganisationScoped, ScopedAdmin

PRIVILEGE_FIELDS = ("is_superuser", "user_permissions")


def _user_admin_base() -> type[admin.ModelAdmin]:
    """Django's UserAdmin (with its password change view); importing it needs the admin app."""
    if not apps.is_installed("django.contrib.admin"):
        return admin.ModelAdmin
    from django.contrib.auth.admin import UserAdmin

    return UserAdmin


class UserCreateForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class UserAdmin(OrganisationScoped, _user_admin_base()):
    form = UserEditForm
    add_form = UserCreateForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "organisation", "person", "is_org_admin")}),
        ("Permissions", {"fields": ("is_active", "is_staff", *PRIVILEGE_FIELDS)}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "organisation", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "display_name", "organisation", "is_org_admin", "is_staff")
    list_filter = ("is_org_admin", "is_staff", "is_superuser", "is_active")
    search_fields = ("email", "display_name")
    ordering = ("email",)
    filter_horizontal = ("user_permissions",)
    autocomplete_fields = ("person",)
    list_select_related = ("organisation",)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        return readonly + PRIVILEGE_FIELDS


class ApiTokenAdmin(ScopedAdmin):
    organisation_path = "user__organisation"
    list_display = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    fields = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    search_fields = ("name", "prefix", "user__email")
    list_select_related = ("user",)

    # Tokens are created and revoked by their owners (web, API or CLI); the admin only looks.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def register(site: admin.AdminSite) -> None:
    site.register(User, UserAdmin)
    site.register(ApiToken, ApiTokenAdmin)
    # Permission groups are global, not per organisation, so they stay out of the admin.
    if site.is_registered(PermissionGroup):
        site.unregister(PermissionGroup)


if apps.is_installed("django.contrib.admin"):
    register(admin.site)
