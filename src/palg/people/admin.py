"""Django admin for organisations and people (only with PALG_ADMIN=1).

The admin follows the same rules as the app: a staff user who is not a superuser sees and picks
only their own organisation's rows, and set content is never registered (see
palg.programmes.models.CONTENT_MODELS). The mixin below is shared by every palg admin module.
"""

from django.apps import apps
from django.contrib import admin

from palg.people.models import Organisation, Person


class OrganisationScoped:
    """Limits rows and foreign-key choices to the signed-in user's organisation.

    `organisation_path` is the lookup from the model to its Organisation ("pk" for Organisation
    itself). Superusers see everything; other staff only their organisation, and nothing at all
    when they have none.
    """

    organisation_path = "organisation"

    def scope(self, request, queryset, path: str | None = None):
        user = request.user
        if user.is_superuser:
            return queryset
        if user.organisation_id is None:
            return queryset.none()
        return queryset.filter(**{path or self.organisation_path: user.organisation_id})

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = self.admin_site._registry.get(db_field.related_model)
        if isinstance(related, OrganisationScoped):
            queryset = kwargs.get("queryset", db_field.related_model._default_manager.all())
            kwargs["queryset"] = self.scope(request, queryset, related.organisation_path)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedAdmin(OrganisationScoped, admin.ModelAdmin):
    list_per_page = 50


class ScopedInline(OrganisationScoped, admin.TabularInline):
    extra = 0


class OrganisationAdmin(ScopedAdmin):
    organisation_path = "pk"
    list_display = ("name", "slug", "created_at")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    # Organisations are created and removed by superusers only.
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class PersonAdmin(ScopedAdmin):
    list_display = ("name", "email", "function", "location", "seniority", "manager", "organisation")
    list_filter = ("function", "location", "seniority")
    search_fields = ("name", "email", "external_id", "team", "department")
    autocomplete_fields = ("manager",)
    list_select_related = ("manager", "organisation")


def register(site: admin.AdminSite) -> None:
    site.register(Organisation, OrganisationAdmin)
    site.register(Person, PersonAdmin)


# Django imports admin modules only when the admin is installed, but a direct import must stay
# harmless without it: registering needs the admin app.
if apps.is_installed("django.contrib.admin"):
    register(admin.site)
