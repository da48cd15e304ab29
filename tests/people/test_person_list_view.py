"""GET /people/: the directory page for staff, with search, filters, paging and an htmx partial."""

import pytest
from django.urls import reverse

from palg.people.models import Person

URL = reverse("person-list")


def test_it_shows_staff_the_directory_with_a_count(client_as, cast):
    response = client_as("lead").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "9 people" in html
    assert f'href="{reverse("person-detail", args=[cast.people["member"].pk])}"' in html
    assert "<title>People · palg</title>" in html


@pytest.mark.parametrize("role", ["sponsor", "facilitator", "member", "outsider"])
def test_it_requires_staff(client_as, role):
    assert client_as(role).get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_searches_and_filters_from_get_parameters(client_as, cast):
    response = client_as("admin").get(URL, {"q": "o", "location": "Bristol"})
    people = [person.name for person in response.context["page"].object_list]
    assert people == ["Bob", "Otto"]
    assert "2 people match your search" in response.content.decode()


def test_it_ignores_a_filter_value_not_on_offer(client_as):
    response = client_as("admin").get(URL, {"location": "Atlantis"})
    assert response.context["page"].paginator.count == 9


def test_it_pages_fifty_people_at_a_time_keeping_the_search(client_as, cast):
    Person.objects.bulk_create(
        Person(
            organisation=cast.org,
            external_id=f"X{i:03d}",
            name=f"Xavier {i:03d}",
            email=f"x{i}@acme.example",
            location="Leeds",
        )
        for i in range(60)
    )
    response = client_as("admin").get(URL, {"q": "xavier", "page": "2"})
    html = response.content.decode()
    assert len(response.context["page"].object_list) == 10
    assert "60 people match your search, page 2 of 2" in html
    assert 'href="?q=xavier&amp;page=1"' in html


def test_htmx_requests_get_only_the_results(client_as):
    response = client_as("admin").get(URL, {"q": "alice"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="people-results"')
    assert "Alice" in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_the_search_form_works_without_javascript(client_as):
    html = client_as("admin").get(URL).content.decode()
    assert f'<form method="get" action="{URL}"' in html
    assert 'hx-get="' in html
    assert '<label for="id_q">Search</label>' in html
    assert '<button type="submit" class="primary">Search</button>' in html
