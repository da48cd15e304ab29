"""Phases whose capture is "private" say what is true: each person's notes go to their own
journal. The page gives them a field for it; the shared space says who sees what it holds."""

from palg.journal.models import JournalEntry
from palg.live import protocol
from tests.live.cycle import HTMX, client_for, go_to, start_with_presenter, url
from tests.web.pages import text


def test_a_private_phase_offers_a_note_that_goes_to_the_author_s_journal_only(cast):
    start_with_presenter(cast)
    go_to(cast, "presentation")
    client = client_for(cast.users["member"])
    page = text(client.get(url("live-session", cast.alpha_meeting.pk)))
    assert "your notes go to your own journal only" in page and 'name="text"' in page
    response = client.post(url("live-note", cast.alpha_meeting.pk),
                           {"text": "She keeps saying 'they'"}, headers=HTMX)  # fmt: skip
    assert "Saved to your journal: nobody else reads it." in text(response)
    [entry] = JournalEntry.objects.all()
    assert entry.owner == cast.users["member"] and entry.kind == "free"
    content = entry.unseal()
    assert content.body == "She keeps saying 'they'"
    assert content.title.startswith("Notes: Alpha,") and content.title.endswith("(Presentation)")


def test_a_note_outside_a_private_phase_is_refused_and_nothing_is_saved(cast):
    start_with_presenter(cast)
    go_to(cast, "open-questions")
    client = client_for(cast.users["member"])
    response = client.post(url("live-note", cast.alpha_meeting.pk), {"text": "x"}, headers=HTMX)
    assert "Private notes are taken in the phases whose notes go to your own journal." in text(
        response
    )
    assert not JournalEntry.objects.exists()


def test_an_empty_note_is_refused_with_its_reason(cast):
    start_with_presenter(cast)
    go_to(cast, "presentation")
    client = client_for(cast.users["member"])
    response = client.post(url("live-note", cast.alpha_meeting.pk), {"text": " "}, headers=HTMX)
    assert "My note: This field is required." in text(response)
    assert not JournalEntry.objects.exists()


def test_the_shared_space_says_the_set_sees_it_and_the_presenter_keeps_it():
    harvest = protocol.CAPTURE_TEXT[protocol.Capture.HARVEST]
    assert harvest.startswith("Everyone here sees what is posted")
    assert "presenter only" not in harvest
