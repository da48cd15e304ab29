"""The Django admin, run with PALG_ADMIN=1 by tests/platform/test_admin.py in its own process
(the admin app is installed, or not, when settings are imported).

It registers metadata only, never set content, and a staff user who is not a superuser sees and
picks only their own organisation's rows.
"""

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from palg.accounts.models import ApiToken, User
from palg.accounts.services import api_token_create
from palg.people.models import Organisation, Person
from palg.programmes.models import (
    CONTENT_MODELS,
    Attendance,
    Group,
    Meeting,
    Membership,
    MembershipChange,
    Programme,
    ProgrammeRole,
    Round,
)

if not settings.ADMIN_ENABLED:
    raise RuntimeError("Run these with PALG_ADMIN=1, as tests/platform/test_admin.py does.")

METADATA_MODELS = (
    Organisation,
    Person,
    Programme,
    ProgrammeRole,
    Round,
    Group,
    Membership,
    MembershipChange,
    Meeting,
    Attendance,
    User,
    ApiToken,
)
# Changed only through palg's own services, which check and record every change.
READ_ONLY_MODELS = (ApiToken, Membership, MembershipChange)
CONTENT = "confidential record"


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser_client(client, cast):
    root = User.objects.create_superuser(email="root@example.org", password="x")
    client.force_login(root)
    return client


@pytest.fixture
def staff_client(client, cast):
    """Acme's organisation admin as Django staff with every palg permission, not superuser."""
    ada = cast.users["admin"]
    ada.is_staff = True
    ada.save()
    apps_ = ("people", "programmes", "accounts")
    ada.user_permissions.set(Permission.objects.filter(content_type__app_label__in=apps_))
    client.force_login(ada)
    return client


def changelist_rows(client, model) -> list:
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return list(response.context["cl"].queryset)


def test_it_registers_every_metadata_model():
    missing = [m.__name__ for m in METADATA_MODELS if not admin.site.is_registered(m)]
    assert not missing


def test_it_registers_no_content_model():
    for model in CONTENT_MODELS:
        assert not admin.site.is_registered(model), model


def test_it_never_registers_private_journals():
    from palg.journal.models import JournalEntry

    assert not admin.site.is_registered(JournalEntry)
    for model_admin in admin.site._registry.values():
        assert JournalEntry not in {inline.model for inline in model_admin.inlines}


def test_no_admin_shows_content_inline():
    for model_admin in admin.site._registry.values():
        inline_models = {inline.model for inline in model_admin.inlines}
        assert not inline_models & set(CONTENT_MODELS), model_admin


def test_a_superuser_can_open_every_changelist_and_add_page(superuser_client):
    for model in METADATA_MODELS:
        assert superuser_client.get(admin_url(model, "changelist")).status_code == 200, model
        expected = 403 if model in READ_ONLY_MODELS else 200
        assert superuser_client.get(admin_url(model, "add")).status_code == expected, model


def test_a_superuser_sees_every_organisation(superuser_client, cast):
    assert set(changelist_rows(superuser_client, Organisation)) == {cast.org, cast.other_org}


def test_staff_see_only_their_own_organisations_rows(staff_client, cast):
    assert changelist_rows(staff_client, Organisation) == [cast.org]
    people = changelist_rows(staff_client, Person)
    assert cast.people["admin"] in people
    assert cast.people["stranger"] not in people
    users = changelist_rows(staff_client, User)
    assert cast.users["stranger"] not in users
    assert all(user.organisation_id == cast.org.pk for user in users)


def test_staff_cannot_open_another_organisations_row(staff_client, cast):
    other = Programme.objects.create(organisation=cast.other_org, name="Globex leaders")
    for model, obj in [(Person, cast.people["stranger"]), (Programme, other)]:
        response = staff_client.get(admin_url(model, "change", obj.pk))
        assert response.status_code == 302, model


def test_staff_pick_related_rows_from_their_organisation_only(staff_client, cast):
    form = staff_client.get(admin_url(Person, "add")).context["adminform"].form
    assert list(form.fields["organisation"].queryset) == [cast.org]
    assert cast.people["stranger"] not in form.fields["manager"].queryset
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "people", "model_name": "person", "field_name": "manager", "term": "Zed"},
    )
    assert response.json()["results"] == []


def test_staff_without_an_organisation_see_nothing(client, cast):
    loose = User.objects.create_user(email="loose@example.org", password="x", is_staff=True)
    loose.user_permissions.set(Permission.objects.filter(codename="view_person"))
    client.force_login(loose)
    assert changelist_rows(client, Person) == []


def test_staff_cannot_grant_superuser_or_permissions(staff_client, cast):
    response = staff_client.get(admin_url(User, "change", cast.users["member"].pk))
    fields = response.context["adminform"].form.fields
    assert "is_superuser" not in fields
    assert "user_permissions" not in fields


def test_a_superuser_can_grant_superuser(superuser_client, cast):
    response = superuser_client.get(admin_url(User, "change", cast.users["member"].pk))
    assert "is_superuser" in response.context["adminform"].form.fields


def test_meeting_and_set_pages_never_show_set_content(superuser_client, cast):
    pages = [
        admin_url(Meeting, "change", cast.alpha_meeting.pk),
        admin_url(Meeting, "delete", cast.alpha_meeting.pk),
        admin_url(Group, "change", cast.alpha.pk),
        admin_url(Group, "delete", cast.alpha.pk),
        admin_url(Meeting, "changelist"),
    ]
    for page in pages:
        response = superuser_client.get(page)
        assert response.status_code == 200, page
        assert CONTENT not in response.content.decode(), page


def test_api_tokens_are_read_only_and_hide_their_digest(superuser_client, cast):
    token, secret = api_token_create(user=cast.users["member"], name="laptop")
    page = superuser_client.get(admin_url(ApiToken, "change", token.pk))
    assert page.status_code == 200
    assert token.digest not in page.content.decode()
    assert secret not in page.content.decode()
    changed = superuser_client.post(admin_url(ApiToken, "change", token.pk), {"name": "x"})
    assert changed.status_code == 403
    assert superuser_client.post(admin_url(ApiToken, "delete", token.pk)).status_code == 403


def test_set_membership_is_changed_only_where_it_is_checked_and_recorded(superuser_client, cast):
    membership = Membership.objects.filter(group=cast.alpha).first()
    page = superuser_client.get(admin_url(Membership, "change", membership.pk))
    assert page.status_code == 200  # to look at
    root_person = cast.people["admin"]
    added = superuser_client.post(
        admin_url(Membership, "add"), {"group": cast.alpha.pk, "person": root_person.pk}
    )
    assert added.status_code == 403
    assert superuser_client.post(admin_url(Membership, "delete", membership.pk)).status_code == 403
    group_page = superuser_client.get(admin_url(Group, "change", cast.alpha.pk))
    assert group_page.status_code == 200
    inline = group_page.context["inline_admin_formsets"][0]
    assert not inline.has_add_permission and not inline.has_delete_permission
