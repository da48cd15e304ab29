"""My journal on the web: write, list, read, edit free entries, delete after confirming. Every
page is the owner's alone: an organisation admin or the facilitator gets 404 and changes
nothing."""

import pytest
from django.urls import reverse

from palg.journal import services
from palg.journal.models import JournalEntry
from palg.journal.views import MSG_DELETED, MSG_SAVED
from tests.journal.helpers import new_key, write
from tests.web.pages import text


def test_the_navigation_links_to_my_journal(cast, client_as):
    page = text(client_as("lead").get(reverse("home")))
    assert f'href="{reverse("journal")}"' in page and "My journal" in page


def test_writing_a_free_entry_saves_it_and_lists_it_newest_first_with_its_kind(cast, client_as):
    client = client_as("member")
    write(cast, title="Older entry")
    response = client.post(reverse("journal"), {"title": "Newer entry", "body": "Today."})
    assert response.status_code == 302
    page = text(client.get(reverse("journal")))
    assert MSG_SAVED.format(title="Newer entry") in page
    assert page.index("Newer entry") < page.index("Older entry")
    assert "Free entry" in page
    newest = JournalEntry.objects.filter(owner=cast.users["member"]).first()
    assert newest.unseal().body == "Today."


@pytest.mark.parametrize(
    "data,message",
    [
        ({"title": "", "body": "Text"}, services.MSG_TITLE_EMPTY),
        ({"title": "Title", "body": "   "}, services.MSG_BODY_EMPTY),
        ({"title": "x" * 201, "body": "Text"}, services.MSG_TOO_LONG.format(most=200)),
        ({"title": "Title", "body": "x" * 20001}, services.MSG_TOO_LONG.format(most=20000)),
    ],
)
def test_bad_input_re_renders_with_messages_and_saves_nothing(cast, client_as, data, message):
    response = client_as("member").post(reverse("journal"), data)
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page and message in page
    assert not JournalEntry.objects.exists()


def test_the_entry_page_shows_the_entry_to_its_owner(cast, client_as):
    entry = write(cast, title="Trust", body="Line one\nLine two")
    page = text(client_as("member").get(reverse("journal-entry", args=[entry.pk])))
    assert "Trust" in page and "Line one<br>Line two" in page


def test_the_owner_edits_a_free_entry(cast, client_as):
    entry = write(cast, title="Draft")
    url = reverse("journal-entry-edit", args=[entry.pk])
    client = client_as("member")
    assert 'value="Draft"' in text(client.get(url))
    response = client.post(url, {"title": "Final", "body": "Better words."})
    assert response.status_code == 302
    content = JournalEntry.objects.get(pk=entry.pk).unseal()
    assert (content.title, content.body) == ("Final", "Better words.")


def test_a_bad_edit_re_renders_with_messages_and_changes_nothing(cast, client_as):
    entry = write(cast, title="Draft", body="Words")
    response = client_as("member").post(
        reverse("journal-entry-edit", args=[entry.pk]), {"title": "", "body": ""}
    )
    page = text(response)
    assert services.MSG_TITLE_EMPTY in page and services.MSG_BODY_EMPTY in page
    assert JournalEntry.objects.get(pk=entry.pk).unseal().title == "Draft"


def test_entries_from_a_session_are_not_edited(cast, client_as):
    entry = write(cast)
    JournalEntry.objects.filter(pk=entry.pk).update(kind=JournalEntry.Kind.REVIEW)
    response = client_as("member").get(reverse("journal-entry-edit", args=[entry.pk]))
    assert response.status_code == 403


def test_delete_asks_for_confirmation_then_deletes(cast, client_as):
    entry = write(cast, title="Regret")
    url = reverse("journal-entry-delete", args=[entry.pk])
    client = client_as("member")
    confirm = client.get(url)
    assert "Delete “Regret” for good?" in text(confirm)
    assert JournalEntry.objects.filter(pk=entry.pk).exists()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("journal")
    assert not JournalEntry.objects.filter(pk=entry.pk).exists()
    assert MSG_DELETED.format(title="Regret") in text(client.get(reverse("journal")))


def test_htmx_gets_the_confirmation_alone_to_show_inline(cast, client_as):
    entry = write(cast, title="Regret")
    response = client_as("member").get(
        reverse("journal-entry-delete", args=[entry.pk]), headers={"HX-Request": "true"}
    )
    page = text(response)
    assert "Delete “Regret” for good?" in page and "<html" not in page


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_an_org_admin_and_the_facilitator_get_404_and_change_nothing(cast, client_as, role):
    entry = write(cast, title="Alice's", body="Private")
    client = client_as(role)
    for name in ("journal-entry", "journal-entry-edit", "journal-entry-delete"):
        assert client.get(reverse(name, args=[entry.pk])).status_code == 404
    edit = reverse("journal-entry-edit", args=[entry.pk])
    assert client.post(edit, {"title": "Hijacked", "body": "x"}).status_code == 404
    assert client.post(reverse("journal-entry-delete", args=[entry.pk])).status_code == 404
    assert JournalEntry.objects.get(pk=entry.pk).unseal().title == "Alice's"
    assert "Alice's" not in text(client.get(reverse("journal")))


def test_an_unreadable_entry_shows_the_problem_instead_of_an_error_page(cast, client_as, settings):
    settings.JOURNAL_KEYS = [new_key()]
    entry = write(cast, title="Locked away")
    settings.JOURNAL_KEYS = [new_key()]
    client = client_as("member")
    listing = client.get(reverse("journal"))
    assert listing.status_code == 200 and "(cannot be read)" in text(listing)
    page = client.get(reverse("journal-entry", args=[entry.pk]))
    assert page.status_code == 200
    assert "encrypted with a key that is no longer configured" in text(page)
    edit = client.get(reverse("journal-entry-edit", args=[entry.pk]))
    assert edit.status_code == 302
    assert client.post(reverse("journal-entry-delete", args=[entry.pk])).status_code == 302


def test_journal_pages_are_never_cached(cast, client_as):
    entry = write(cast)
    client = client_as("member")
    for url in (reverse("journal"), reverse("journal-entry", args=[entry.pk])):
        assert "no-store" in client.get(url)["Cache-Control"]
