from django.urls import reverse

from palg.programmes.models import Programme


def test_it_lists_the_programmes_a_person_has_a_part_in_with_their_sets(cast, client_as):
    Programme.objects.create(organisation=cast.org, name="Someone else's programme")
    response = client_as("member").get(reverse("programme-list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Leading through change" in body
    assert "Someone else&#x27;s programme" not in body
    assert reverse("programme-detail", args=[cast.programme.pk]) in body
    assert 'data-label="Sets" class="num">2<' in body


def test_it_offers_a_new_programme_button_to_staff_only(cast, client_as):
    new = reverse("programme-create")
    assert new in client_as("lead").get(reverse("programme-list")).content.decode()
    assert new in client_as("admin").get(reverse("programme-list")).content.decode()
    assert new not in client_as("sponsor").get(reverse("programme-list")).content.decode()
    assert new not in client_as("member").get(reverse("programme-list")).content.decode()


def test_it_tells_someone_without_a_programme_how_they_will_get_one(cast, client_as):
    body = client_as("outsider").get(reverse("programme-list")).content.decode()
    assert "You have no part in a programme yet." in body
    assert "Leading through change" not in body


def test_it_shows_status_and_dates(cast, client_as):
    Programme.objects.filter(pk=cast.programme.pk).update(
        status="active", start_date="2030-01-07", cadence_weeks=4, meeting_count=6
    )
    body = client_as("lead").get(reverse("programme-list")).content.decode()
    assert "Active" in body
    assert "7 Jan 2030" in body
    # Six meetings four weeks apart: the last is twenty weeks after the first.
    assert "27 May 2030" in body
