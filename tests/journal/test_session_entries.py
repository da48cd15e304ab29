"""After a session the member's review sheet, and the presenter's question harvest, land in
their own journals: once per session, updated rather than duplicated."""

import pytest

from palg.journal import services
from palg.journal.models import JournalEntry
from palg.live import contributions, review
from palg.live.models import LiveSession
from tests.live.cycle import ann_actor, go_to, press, start_with_presenter

pytestmark = pytest.mark.usefixtures("alpha_meeting_today")


def at_review(cast) -> LiveSession:
    start_with_presenter(cast)
    return go_to(cast, "process-review")


def save_sheet(cast, **fields):
    return review.review_sheet_save(
        actor=cast.actor("member"), meeting_id=cast.alpha_meeting.pk, **fields
    )


def journal_of(cast, role: str) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(owner=cast.users[role]))


def test_saving_the_review_sheet_writes_a_review_entry_in_the_authors_journal(cast):
    session = at_review(cast)
    save_sheet(cast, learned_1="It is about trust", next_steps="Talk to Raj",
               about_me="I rush to fix")  # fmt: skip
    [entry] = journal_of(cast, "member")
    assert (entry.kind, entry.session) == (JournalEntry.Kind.REVIEW, session)
    content = entry.unseal()
    assert content.title.startswith("Review: Alpha, ")
    assert "- It is about trust" in content.body
    assert "My next steps:\nTalk to Raj" in content.body
    assert "One thing I learned about myself:\nI rush to fix" in content.body
    assert "I rush to fix" not in str(entry.sealed)


def test_saving_the_sheet_again_updates_the_same_entry(cast):
    at_review(cast)
    save_sheet(cast, learned_1="First thought")
    save_sheet(cast, learned_1="Second thought")
    [entry] = journal_of(cast, "member")
    assert "Second thought" in entry.unseal().body
    assert "First thought" not in entry.unseal().body


def test_nobody_else_gets_the_review_entry(cast):
    at_review(cast)
    save_sheet(cast, learned_1="Mine alone")
    assert JournalEntry.objects.exclude(owner=cast.users["member"]).count() == 0


def ask_ann(cast, text: str):
    return contributions.contribution_submit(
        actor=cast.actor("member"), meeting_id=cast.alpha_meeting.pk, text=text
    )


def test_the_end_of_the_session_writes_the_harvest_into_the_presenters_journal(cast):
    ann = ann_actor(cast)
    start_with_presenter(cast)
    go_to(cast, "open-questions")
    ask_ann(cast, "What would success look like for you in a year?")
    ask_ann(cast, "Did you speak to the depot managers first?")
    press(cast, "end")
    [entry] = JournalEntry.objects.filter(owner_id=ann.user_id)
    assert entry.kind == JournalEntry.Kind.HARVEST
    body = entry.unseal().body
    assert "Question from Alice: What would success look like for you in a year?" in body
    assert "Did you speak to the depot managers first?" in body
    assert journal_of(cast, "member") == []  # the asker's journal gets nothing of it
    assert journal_of(cast, "facilitator") == []


def test_the_harvest_is_written_once_however_often_it_is_imported(cast):
    start_with_presenter(cast)
    go_to(cast, "open-questions")
    ask_ann(cast, "What would success look like for you in a year?")
    press(cast, "end")
    session = LiveSession.objects.get(meeting=cast.alpha_meeting)
    services.journal_harvest_import(session=session)
    services.journal_harvest_import(session=session)
    assert JournalEntry.objects.filter(kind=JournalEntry.Kind.HARVEST).count() == 1


def test_a_presenter_nobody_asked_anything_gets_no_harvest_entry(cast):
    start_with_presenter(cast)
    press(cast, "end")
    assert not JournalEntry.objects.exists()


def test_a_sheet_saved_after_the_end_updates_the_same_review_entry(cast):
    at_review(cast)
    save_sheet(cast, learned_1="During")
    press(cast, "end")
    save_sheet(cast, learned_1="After")
    [entry] = journal_of(cast, "member")
    assert "After" in entry.unseal().body


def test_an_entry_outlives_its_session(cast):
    at_review(cast)
    save_sheet(cast, learned_1="Keep this")
    cast.alpha_meeting.delete()
    [entry] = journal_of(cast, "member")
    assert entry.session is None and "Keep this" in entry.unseal().body
