"""The learning cycle on the live page: experiment cards in the commitment phase, the
report-back on them, the review sheet and the set-health pulse; plus the set's pulse trend.
Glue over palg.live.experiments and palg.live.review (a card's own page: palg.live.card_views)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from palg.access import Actor
from palg.live import experiments, review
from palg.live.forms import CardForm, CardReportForm, PulseForm, ReviewSheetForm
from palg.live.models import PULSE_QUESTIONS
from palg.live.views import submit


@login_required
@require_POST
def live_card_add(request, meeting_id: int):
    """The presenter records an experiment card in their commitment phase."""
    return submit(request, meeting_id, CardForm(request.POST), lambda actor, data:
                   experiments.card_record(actor=actor, meeting_id=meeting_id, **data))  # fmt: skip


@login_required
@require_POST
def live_card_report(request, meeting_id: int, card_id: int):
    """The owner reports back on a card and may change its status."""
    return submit(request, meeting_id, CardReportForm(request.POST), lambda actor, data:
                   experiments.card_report(actor=actor, meeting_id=meeting_id, card_id=card_id,
                                           **data))  # fmt: skip


@login_required
@require_POST
def live_review(request, meeting_id: int):
    """A member saves their own review sheet."""

    def save(actor, data):
        return review.review_sheet_save(actor=actor, meeting_id=meeting_id, **data)

    return submit(request, meeting_id, ReviewSheetForm(request.POST), save)


@login_required
@require_POST
def live_pulse(request, meeting_id: int):
    """A member answers the set-health pulse."""
    return submit(request, meeting_id, PulseForm(request.POST), lambda actor, data:
                   review.pulse_answer(actor=actor, meeting_id=meeting_id, **data))  # fmt: skip


@login_required
@require_GET
def pulse_trend(request, group_id: int):
    """The set's own pulse across its sessions, as means only where enough members answered."""
    group, rows = review.pulse_trend(actor=Actor.from_user(request.user), group_id=group_id)
    context = {"group": group, "rows": rows, "questions": PULSE_QUESTIONS,
               "least": review.PULSE_MIN_ANSWERS}  # fmt: skip
    return render(request, "live/pulse.html", context)
