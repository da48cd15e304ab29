"""GET /api/me: the caller's account, directory entry and roles."""


def test_it_describes_a_set_member(cast, api_as):
    body = api_as("member").get("/api/me").json()
    assert body["email"] == "alice@acme.example"
    assert body["display_name"] == "Alice"
    assert body["organisation"] == {"id": cast.org.pk, "name": "Acme", "slug": "acme"}
    assert body["person"]["id"] == cast.people["member"].pk
    assert body["is_org_admin"] is False
    assert body["is_ld_staff"] is False
    assert body["programmes"] == [
        {
            "id": cast.programme.pk,
            "name": "Leading through change",
            "roles": ["participant", "set-member"],
        }
    ]


def test_it_describes_a_programme_lead_as_staff(cast, api_as):
    body = api_as("lead").get("/api/me").json()
    assert body["is_ld_staff"] is True
    assert body["programmes"][0]["roles"] == ["lead"]


def test_it_shows_an_organisation_admin_every_programme_even_without_a_role(cast, api_as):
    body = api_as("admin").get("/api/me").json()
    assert body["is_org_admin"] is True
    assert body["programmes"] == [
        {"id": cast.programme.pk, "name": "Leading through change", "roles": []}
    ]


def test_it_shows_an_outsider_no_programmes(cast, api_as):
    assert api_as("outsider").get("/api/me").json()["programmes"] == []


def test_it_copes_with_an_account_outside_any_organisation(cast, api_as):
    user = cast.users["outsider"]
    user.organisation = None
    user.person = None
    user.save()
    body = api_as("outsider").get("/api/me").json()
    assert body["organisation"] is None
    assert body["person"] is None
    assert body["is_ld_staff"] is False
