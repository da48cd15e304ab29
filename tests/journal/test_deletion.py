"""Deleting an account deletes its journal; other deletions leave journals where they are."""

import pytest
from django.http import Http404

from palg.journal import services
from palg.journal.models import JournalEntry
from tests.journal.helpers import raw_row, write


def test_deleting_the_account_deletes_its_journal(cast):
    mine = write(cast)
    bobs = write(cast, "other_member")
    cast.users["member"].delete()
    assert raw_row(mine.pk) is None
    assert JournalEntry.objects.filter(pk=bobs.pk).exists()


def test_removing_the_person_from_the_directory_keeps_the_accounts_journal(cast):
    entry = write(cast)
    cast.people["member"].delete()
    assert JournalEntry.objects.get(pk=entry.pk).owner == cast.users["member"]


def test_the_owner_deletes_one_entry_and_nobody_else_can(cast):
    entry, other = write(cast), write(cast)
    with pytest.raises(Http404):
        services.journal_entry_delete(actor=cast.actor("admin"), entry_id=entry.pk)
    services.journal_entry_delete(actor=cast.actor("member"), entry_id=entry.pk)
    assert list(JournalEntry.objects.values_list("pk", flat=True)) == [other.pk]
