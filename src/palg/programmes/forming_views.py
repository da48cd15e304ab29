"""The page where a programme lead forms a round's sets: criteria, the engine's proposal with its
metrics and "why" lines, hand moves and swaps (refused with the reason when they break a rule),
locks, re-runs and publishing. Glue only: palg.programmes.forming decides everything.

Changes made from the page answer with the board alone when htmx asks (so the page stays where
the lead is working), and with a redirect back to the page otherwise.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from palg import access
from palg.access import Actor
from palg.accounts import invitations
from palg.programmes import forming, services
from palg.programmes.criteria import cohort, criteria_default, extra_attributes
from palg.programmes.forming_forms import (
    CriteriaForm,
    LockForm,
    MoveForm,
    ParticipantsForm,
    PublishForm,
)
from palg.programmes.forms import apply_errors

MSG_FORMED = "Sets formed: {sets} sets for {people} people, every rule kept."
MSG_MOVED = "{person} moved to {group}."
MSG_SWAPPED = "{a} and {b} swapped."
MSG_LOCKED = "{person} is locked in {group}: forming again keeps them there."
MSG_UNLOCKED = "{person} is unlocked."
MSG_PUBLISHED = "Round {number} is published: {sets} sets. Their members can now see them."
MSG_PARTICIPANTS_ADDED = "{count} participant(s) added."
MSG_PARTICIPANTS_ALREADY = "{count} already took part."
MSG_PARTICIPANTS_UNKNOWN = (
    "{count} name(s) matched no one in your organisation and were not added; they are left "
    "below to correct:"
)
MSG_NEW_ROUND = "Round {number} is open. Choose the criteria and form its sets."
TEMPLATE = "programmes/round_forming.html"


def _actor(request) -> Actor:
    return Actor.from_user(request.user)


def _draft(actor: Actor, programme_id: int, number: int):
    """The round's draft (or None); a round that does not exist is not found."""
    return forming.draft_get(actor=actor, programme_id=programme_id, round_number=number)


def _page(
    request, actor, programme, number, *, criteria_form=None, participants_form=None, relax=()
):
    draft = _draft(actor, programme.pk, number)
    round_ = programme.rounds.get(number=number)
    if criteria_form is None:
        initial = draft.criteria if draft else criteria_default(programme)
        criteria_form = CriteriaForm(extra=extra_attributes(programme), initial_criteria=initial)
    context = {
        "programme": programme,
        "round": round_,
        "published": round_.groups.exists(),
        "draft": draft,
        "criteria_form": criteria_form,
        "participants_form": participants_form or ParticipantsForm(),
        "relaxations": list(relax),
        "cohort": list(cohort(programme)),
    }
    return render(request, TEMPLATE, context)


def _board(request, actor, programme_id: int, number: int, *, refusal=(), done="", focus=None):
    """After a change: the board alone for htmx, with the result next to the person it changed
    (`focus`, a person id), else back to the page with a message."""
    if not request.htmx:
        for message in refusal:
            messages.error(request, message)
        if done:
            messages.success(request, done)
        return redirect("round-forming", programme_id=programme_id, number=number)
    draft = _draft(actor, programme_id, number)
    if draft is None or focus not in {p.pk for p in draft.people}:
        focus = None  # nobody to put it next to: the result goes atop the board
    context = {"draft": draft, "refusal": list(refusal), "done": done, "focus": focus}
    context["programme"], context["round"] = draft.round.programme, draft.round
    return render(request, f"{TEMPLATE}#board", context)


@login_required
@require_POST
def round_create(request, programme_id: int):
    """Open the programme's next round for forming."""
    actor = _actor(request)
    try:
        round_ = forming.round_create_next(actor=actor, programme_id=programme_id)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("programme-detail", programme_id=programme_id)
    messages.success(request, MSG_NEW_ROUND.format(number=round_.number))
    return redirect("round-forming", programme_id=programme_id, number=round_.number)


@login_required
@require_http_methods(["GET", "POST"])
def round_forming(request, programme_id: int, number: int):
    """The forming page; POST forms (or re-forms around the locks) with the chosen criteria."""
    actor = _actor(request)
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    if request.method == "GET":
        return _page(request, actor, programme, number)
    draft = _draft(actor, programme_id, number)
    initial = draft.criteria if draft else criteria_default(programme)
    form = CriteriaForm(request.POST, extra=extra_attributes(programme), initial_criteria=initial)
    relaxations = []
    if form.is_valid():
        try:
            draft = forming.group_set_form(
                actor=actor,
                programme_id=programme_id,
                round_number=number,
                criteria=form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
            relaxations = getattr(error, "relaxations", [])
        else:
            people = len(draft.people)
            messages.success(request, MSG_FORMED.format(sets=len(draft.sets), people=people))
            return redirect("round-forming", programme_id=programme_id, number=number)
    return _page(request, actor, programme, number, criteria_form=form, relax=relaxations)


@login_required
@require_POST
def round_draft_move(request, programme_id: int, number: int):
    """Move a person to another set or swap two people, if every rule still holds."""
    actor = _actor(request)
    access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    form = MoveForm(request.POST)
    if not form.is_valid():
        refusal = [m for messages_ in form.errors.values() for m in messages_]
        return _board(request, actor, programme_id, number, refusal=refusal)
    data = form.cleaned_data
    kind, value = data["target"]
    where = {"actor": actor, "programme_id": programme_id, "round_number": number}
    try:
        if kind == "set":
            draft = forming.draft_move(
                **where, person_id=data["person"], to_set=value, version=data["version"]
            )
        else:
            draft = forming.draft_swap(
                **where, person_id=data["person"], other_id=value, version=data["version"]
            )
    except ValidationError as error:
        return _board(
            request, actor, programme_id, number, refusal=error.messages, focus=data["person"]
        )
    name = {p.pk: p.name for p in draft.people}
    if kind == "set":
        done = MSG_MOVED.format(person=name[data["person"]], group=draft.names[value - 1])
    else:
        done = MSG_SWAPPED.format(a=name[data["person"]], b=name[value])
    return _board(request, actor, programme_id, number, done=done, focus=data["person"])


@login_required
@require_POST
def round_draft_lock(request, programme_id: int, number: int):
    """Lock a person in their set, or unlock them."""
    actor = _actor(request)
    access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    form = LockForm(request.POST)
    if not form.is_valid():
        refusal = [m for messages_ in form.errors.values() for m in messages_]
        return _board(request, actor, programme_id, number, refusal=refusal)
    data = form.cleaned_data
    try:
        draft = forming.draft_lock(
            actor=actor,
            programme_id=programme_id,
            round_number=number,
            person_id=data["person"],
            locked=data["locked"],
            version=data["version"],
        )
    except ValidationError as error:
        return _board(
            request, actor, programme_id, number, refusal=error.messages, focus=data["person"]
        )
    i = draft.position(data["person"])
    person, group = draft.people[i], draft.names[int(draft.labels[i])]
    done = (MSG_LOCKED if data["locked"] else MSG_UNLOCKED).format(person=person, group=group)
    return _board(request, actor, programme_id, number, done=done, focus=data["person"])


@login_required
@require_POST
def round_publish(request, programme_id: int, number: int):
    """Publish the draft as the round's sets."""
    actor = _actor(request)
    access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    form = PublishForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        round_ = forming.round_publish(
            actor=actor, programme_id=programme_id, round_number=number, version=version
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("round-forming", programme_id=programme_id, number=number)
    sets = round_.groups.count()
    messages.success(request, MSG_PUBLISHED.format(number=round_.number, sets=sets))
    return redirect("programme-detail", programme_id=programme_id)


def participants_add(request, actor: Actor, programme_id: int) -> ParticipantsForm | None:
    """Add the participants a ParticipantsForm names (the forming page and the programme page
    share it). None when every name was known; otherwise the form to show again: with the
    reason when nothing was added, or holding just the unknown names, each named, after the
    known ones were added."""
    form = ParticipantsForm(request.POST)
    if not form.is_valid():
        return form
    values = form.cleaned_data["people"].replace(",", "\n").replace(";", "\n").splitlines()
    try:
        result = services.programme_participants_add(
            actor=actor, programme_id=programme_id, identifiers=values
        )
    except ValidationError as error:
        apply_errors(form, error, fallback="people")
        return form
    done = MSG_PARTICIPANTS_ADDED.format(count=len(result.added))
    if result.already:
        done += " " + MSG_PARTICIPANTS_ALREADY.format(count=len(result.already))
    messages.success(request, done)
    if form.cleaned_data["invite"]:
        invited = invitations.invitations_for_new_roles(
            actor=actor, people=[*result.added, *result.already]
        )
        messages.success(request, invitations.invitations_summary(invited))
    if not result.unknown:
        return None
    again = ParticipantsForm({"people": "\n".join(result.unknown)})
    again.is_valid()
    again.add_error("people", MSG_PARTICIPANTS_UNKNOWN.format(count=len(result.unknown)))
    for value in result.unknown:
        again.add_error("people", services.MSG_UNKNOWN_PERSON.format(value=value))
    return again


@login_required
@require_POST
def round_participants_add(request, programme_id: int, number: int):
    """Add participants to the programme, by email or directory id, from the forming page."""
    actor = _actor(request)
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    form = participants_add(request, actor, programme_id)
    if form is None:
        return redirect("round-forming", programme_id=programme_id, number=number)
    return _page(request, actor, programme, number, participants_form=form)
