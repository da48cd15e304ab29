"""The demo participant finds entries in their journal; no other demo account has any."""

import pytest
from django.urls import reverse

from palg.accounts.models import User
from palg.demo import DEMO_JOURNAL, demo_accounts, demo_load
from palg.journal.models import JournalEntry
from tests.web.pages import text


@pytest.mark.django_db
def test_the_demo_participant_has_a_journal_that_only_they_read(client):
    demo_load()
    emails = dict(demo_accounts())
    participant = User.objects.get(email=emails["Participant"])
    assert JournalEntry.objects.count() == len(DEMO_JOURNAL)
    assert set(JournalEntry.objects.values_list("owner", flat=True)) == {participant.pk}
    client.force_login(participant)
    page = text(client.get(reverse("journal")))
    assert all(title in page for title, _ in DEMO_JOURNAL)
    client.force_login(User.objects.get(email=emails["Organisation admin"]))
    assert DEMO_JOURNAL[0][0] not in text(client.get(reverse("journal")))
