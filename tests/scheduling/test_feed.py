"""The private calendar feed: made, regenerated and revoked by its owner; read with its token
alone; only a digest of the token is stored."""

from django.urls import reverse
from icalendar import Calendar

from palg.programmes.models import Meeting
from palg.scheduling import ics
from palg.scheduling.models import CalendarFeed, feed_digest
from palg.scheduling.services import feed_create


def token_of(response) -> str:
    url = response.context["url"]
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def test_it_shows_a_new_feed_url_once(client_as, cast):
    client = client_as("member")
    response = client.post(reverse("calendar-mine"))
    assert response.status_code == 200
    token = token_of(response)
    assert response.context["url"].endswith(reverse("calendar-feed", args=[token]))
    assert token in response.content.decode()
    assert token not in client.get(reverse("calendar-mine")).content.decode()


def test_it_stores_only_a_digest_of_the_token(cast):
    feed, token = feed_create(user=cast.users["member"])
    assert feed.digest == feed_digest(token) and token not in feed.digest
    assert len(token) >= 43  # 32 random bytes


def test_the_feed_needs_no_sign_in_and_holds_the_owners_meetings(client, cast):
    _, token = feed_create(user=cast.users["member"])
    response = client.get(reverse("calendar-feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == ics.CONTENT_TYPE
    calendar = Calendar.from_ical(response.content)
    assert [e["UID"] for e in calendar.events] == [ics.meeting_uid(cast.alpha_meeting)]
    assert CalendarFeed.objects.get(user=cast.users["member"]).last_used_at is not None


def test_it_holds_every_set_of_the_person_and_cancelled_meetings_as_cancelled(client, cast):
    from palg.programmes.models import Membership

    Membership.objects.create(group=cast.beta, person=cast.people["facilitator"],
                              role="facilitator")  # fmt: skip
    Meeting.objects.filter(pk=cast.beta_meeting.pk).update(status=Meeting.Status.CANCELLED)
    _, token = feed_create(user=cast.users["facilitator"])
    calendar = Calendar.from_ical(client.get(reverse("calendar-feed", args=[token])).content)
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in calendar.events}
    assert statuses == {
        ics.meeting_uid(cast.alpha_meeting): "CONFIRMED",
        ics.meeting_uid(cast.beta_meeting): "CANCELLED",
    }


def test_an_unknown_token_is_404(client, cast):
    assert client.get(reverse("calendar-feed", args=["not-a-token"])).status_code == 404


def test_a_revoked_feed_is_404(client_as, cast):
    _, token = feed_create(user=cast.users["member"])
    client = client_as("member")
    assert client.post(reverse("calendar-feed-revoke")).status_code == 302
    client.logout()
    assert client.get(reverse("calendar-feed", args=[token])).status_code == 404


def test_regenerating_gives_a_new_url_and_the_old_one_is_404(client_as, cast):
    client = client_as("member")
    old = token_of(client.post(reverse("calendar-mine")))
    new = token_of(client.post(reverse("calendar-mine")))
    assert old != new
    assert client.get(reverse("calendar-feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar-feed", args=[new])).status_code == 200
    assert CalendarFeed.objects.filter(user=cast.users["member"], revoked_at=None).count() == 1


def test_a_deactivated_account_feed_is_404(client, cast):
    _, token = feed_create(user=cast.users["member"])
    cast.users["member"].is_active = False
    cast.users["member"].save()
    assert client.get(reverse("calendar-feed", args=[token])).status_code == 404


def test_someone_who_leaves_a_set_no_longer_gets_its_meetings(client, cast):
    _, token = feed_create(user=cast.users["member"])
    cast.alpha.memberships.filter(person=cast.people["member"]).delete()
    calendar = Calendar.from_ical(client.get(reverse("calendar-feed", args=[token])).content)
    assert calendar.events == []


def test_the_feed_keeps_its_own_uid_and_asks_to_be_fetched_hourly(client, cast):
    _, token = feed_create(user=cast.users["member"])
    url = reverse("calendar-feed", args=[token])
    first, second = (Calendar.from_ical(client.get(url).content) for _ in range(2))
    assert first["UID"] == second["UID"] == ics.calendar_uid("person", cast.people["member"].pk)
    assert first["X-PUBLISHED-TTL"] == "PT1H"


def test_calendar_apps_may_ask_with_head(client, cast):
    _, token = feed_create(user=cast.users["member"])
    assert client.head(reverse("calendar-feed", args=[token])).status_code == 200
