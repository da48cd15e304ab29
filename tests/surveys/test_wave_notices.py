"""Each participant gets one invitation when a wave opens and one reminder three days before it
closes, through the outbox to a real SMTP server, however often the planner runs; someone who
has finished gets no reminder, and nobody outside the programme's sets gets either."""

from datetime import timedelta

from django.utils import timezone

from palg.notify.models import Notice
from palg.notify.planning import notices_plan
from palg.notify.sending import notices_send_due
from palg.surveys import services
from tests.notify.conftest import text_part
from tests.surveys.helpers import make_wave

MEMBERS = ("alice@acme.example", "ann@acme.example", "bob@acme.example", "bea@acme.example")


def survey_mail(smtp, address: str, prefix: str):
    return [m for m in smtp.to(address) if m["Subject"].startswith(prefix)]


def test_each_participant_gets_exactly_one_invitation_when_a_wave_opens(cast, smtp):
    wave = make_wave(cast, opened=0, closes_in=13)
    assert wave.minutes == 3  # the three wave instruments, by palg_evaluation.burden
    notices_plan()
    notices_plan()
    notices_send_due()
    notices_plan()
    notices_send_due()
    for address in MEMBERS:
        (message,) = survey_mail(smtp, address, "A 3-minute survey")
        assert f"https://palg.example.org/surveys/{wave.pk}/" in text_part(message)
        assert "Only you will ever see your answers" in text_part(message)
        assert "Copenhagen Burnout Inventory" in text_part(message)
        assert "It takes about 3 minutes on your phone" in text_part(message)
    for address in ("fran@acme.example", "lena@acme.example", "otto@acme.example"):
        assert survey_mail(smtp, address, "A 3-minute survey") == []
    assert Notice.objects.filter(kind=Notice.Kind.WAVE_INVITATION).count() == 4
    assert not Notice.objects.filter(kind=Notice.Kind.WAVE_REMINDER).exists()


def test_a_wave_not_open_yet_sends_nothing(cast, smtp):
    make_wave(cast, opened=-2, closes_in=12)
    notices_plan()
    assert not Notice.objects.filter(wave__isnull=False).exists()


def test_one_reminder_goes_to_those_who_have_not_finished_three_days_before_it_closes(cast, smtp):
    wave = make_wave(cast, opened=5, closes_in=4)
    services.response_save(actor=cast.actor("member"), wave_id=wave.pk, answers={"cbi.p1": 1})
    services.response_save(
        actor=cast.actor("other_member"), wave_id=wave.pk, answers={"cbi.p1": 1}, finish=True
    )
    notices_plan()
    assert not Notice.objects.filter(kind=Notice.Kind.WAVE_REMINDER).exists()
    later = wave.closes_at - timedelta(days=3) + timedelta(minutes=1)
    notices_plan(now=later)
    notices_plan(now=later + timedelta(hours=5))
    notices_send_due(now=later + timedelta(hours=6))
    reminded = Notice.objects.filter(kind=Notice.Kind.WAVE_REMINDER)
    assert sorted(reminded.values_list("recipient__name", flat=True)) == ["Alice", "Ann", "Bea"]
    for address in ("alice@acme.example", "ann@acme.example", "bea@acme.example"):
        (message,) = survey_mail(smtp, address, "Reminder: the Leading through change survey")
        assert "This is the only reminder you will get." in text_part(message)
    assert survey_mail(smtp, "bob@acme.example", "Reminder") == []


def test_a_reminder_is_not_sent_to_someone_who_finished_after_it_was_planned(cast, smtp):
    wave = make_wave(cast, opened=10, closes_in=1)
    notices_plan()
    services.response_save(actor=cast.actor("member"), wave_id=wave.pk, answers={}, finish=True)
    notices_send_due()
    assert survey_mail(smtp, "alice@acme.example", "Reminder") == []
    notice = Notice.objects.get(kind=Notice.Kind.WAVE_REMINDER, recipient=cast.people["member"])
    assert (notice.status, notice.last_error) == (
        Notice.Status.SKIPPED,
        "The person has finished answering the survey.",
    )


def test_an_invitation_planned_while_open_is_skipped_once_the_wave_has_closed(cast, smtp):
    wave = make_wave(cast, opened=3, closes_in=8)
    notices_plan()
    wave.opens_on = timezone.localdate() - timedelta(days=20)
    wave.closes_on = timezone.localdate() - timedelta(days=7)
    wave.save()
    notices_send_due()
    assert survey_mail(smtp, "alice@acme.example", "A 3-minute survey") == []
    statuses = set(
        Notice.objects.filter(kind=Notice.Kind.WAVE_INVITATION).values_list("status", flat=True)
    )
    assert statuses == {Notice.Status.SKIPPED}
