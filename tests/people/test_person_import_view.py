"""/people/import/: upload, preview, confirm; problems shown and nothing written on errors."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from palg.people.importing import MSG_BAD_EMAIL, MSG_EMAIL_TAKEN, MSG_TOO_LARGE, ImportProblem
from palg.people.models import Person
from palg.people.views import MSG_IMPORTED, MSG_PREVIEW_EXPIRED
from tests.people.helpers import BASE, directory, make_csv, person

URL = reverse("person-import")
CONFIRM_URL = reverse("person-import-confirm")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "people.csv"


def upload(client, data: bytes):
    return client.post(URL, {"file": SimpleUploadedFile("people.csv", data, "text/csv")})


def test_the_upload_form_has_a_labelled_file_input_and_describes_the_columns(client_as):
    html = client_as("lead").get(URL).content.decode()
    assert '<label for="id_file">CSV file' in html
    assert 'aria-describedby="id_file_helptext"' in html
    assert 'href="#columns"' in html
    assert 'id="columns"' in html
    assert reverse("person-import-example") in html
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html


def test_a_valid_file_gets_a_preview_and_nothing_is_written(client_as, cast):
    before = directory(cast.org)
    response = upload(client_as("admin"), make_csv(*BASE))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<dd id="count-created">1</dd>' in html
    assert '<dd id="count-updated">1</dd>' in html
    assert "Nadia New" in html
    assert "team, function, department, seniority, manager_id" in html
    assert "Confirm import" in html
    assert directory(cast.org) == before


def test_confirming_the_preview_imports_and_reports_the_counts(client_as, cast):
    client = client_as("admin")
    token = upload(client, make_csv(*BASE)).context["token"]
    response = client.post(CONFIRM_URL, {"token": token}, follow=True)
    assert response.redirect_chain == [(reverse("person-list"), 302)]
    message = MSG_IMPORTED.format(rows=2, created=1, updated=1, unchanged=0)
    assert message in response.content.decode()
    assert Person.objects.get(external_id="N1").manager == cast.people["admin"]


def test_a_preview_can_be_confirmed_only_once(client_as, cast):
    client = client_as("admin")
    token = upload(client, make_csv(*BASE)).context["token"]
    client.post(CONFIRM_URL, {"token": token})
    response = client.post(CONFIRM_URL, {"token": token})
    assert response.status_code == 400
    assert response.context["problems"] == [ImportProblem(None, None, MSG_PREVIEW_EXPIRED)]


def test_a_preview_token_only_works_for_the_user_who_uploaded(client_as, client, cast):
    token = upload(client_as("admin"), make_csv(*BASE)).context["token"]
    client.force_login(cast.users["lead"])
    before = directory(cast.org)
    response = client.post(CONFIRM_URL, {"token": token})
    assert response.status_code == 400
    assert directory(cast.org) == before


def test_the_preview_lists_at_most_two_hundred_rows(client_as, cast):
    rows = [person(f"N{i}", f"Nell {i}", f"nell{i}@acme.example") for i in range(250)]
    response = upload(client_as("admin"), make_csv(*rows))
    assert len(response.context["shown"]) == 200
    assert "Showing the first 200 of 250 rows." in response.content.decode()


def test_it_shows_every_problem_with_row_and_column_and_writes_nothing(client_as, cast):
    before = directory(cast.org)
    bad = [person("N2", "Nell", "nell"), person("N3", "Ned", "ned")]
    response = upload(client_as("admin"), make_csv(*BASE, *bad))
    assert response.status_code == 400
    assert response.context["problems"] == [
        ImportProblem(4, "email", MSG_BAD_EMAIL.format(value="nell")),
        ImportProblem(5, "email", MSG_BAD_EMAIL.format(value="ned")),
    ]
    html = response.content.decode()
    assert "2 problems found: nothing was imported" in html
    assert '<th scope="col">Row</th>' in html
    assert "“ned” is not a valid email address." in html
    assert directory(cast.org) == before


def test_it_rejects_an_oversize_upload(client_as, cast, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = upload(client_as("admin"), make_csv(*BASE))
    assert response.status_code == 400
    assert response.context["problems"] == [
        ImportProblem(None, None, MSG_TOO_LARGE.format(limit=100))
    ]


def test_it_requires_a_file(client_as):
    response = client_as("admin").post(URL, {})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["This field is required."]


def test_it_checks_the_file_again_on_confirm_and_writes_nothing_if_it_no_longer_fits(
    client_as, cast
):
    client = client_as("admin")
    token = upload(client, make_csv(*BASE)).context["token"]
    # Meanwhile someone else takes the new person's email.
    Person.objects.filter(pk=cast.people["outsider"].pk).update(email="nadia.new@acme.example")
    before = directory(cast.org)
    response = client.post(CONFIRM_URL, {"token": token})
    assert response.status_code == 400
    message = MSG_EMAIL_TAKEN.format(value="nadia.new@acme.example", name="Otto", external_id="E7")
    assert response.context["problems"] == [ImportProblem(2, "email", message)]
    assert directory(cast.org) == before


@pytest.mark.parametrize("role", ["sponsor", "facilitator", "member", "outsider"])
def test_it_requires_staff(client_as, cast, role):
    client = client_as(role)
    before = directory(cast.org)
    assert client.get(URL).status_code == 403
    assert upload(client, make_csv(*BASE)).status_code == 403
    assert client.post(CONFIRM_URL, {"token": "x" * 43}).status_code == 403
    assert client.get(reverse("person-import-example")).status_code == 403
    assert directory(cast.org) == before


def test_it_downloads_the_example_file(client_as):
    response = client_as("lead").get(reverse("person-import-example"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people-example.csv"'
    assert response.content == EXAMPLE.read_bytes()


def test_the_preview_says_which_spellings_of_a_category_it_reads_as_one(client_as, cast):
    rows = [
        person("N1", "Nadia", "nadia@acme.example", seniority="Senior Manager"),
        person("N2", "Nell", "nell@acme.example", seniority="Senior manager"),
    ]
    html = upload(client_as("admin"), make_csv(*rows)).content.decode()
    assert "Spellings read as one" in html
    assert "seniority: “Senior manager” on row 3 is read as “Senior Manager”" in html
