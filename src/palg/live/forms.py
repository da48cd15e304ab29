"""Forms of the live session page. Services check meaning; these check shapes."""

from django import forms

from palg.live import protocol
from palg.live.services import ACTIONS, MAX_EXTEND_MINUTES
from palg.programmes.forms import AttendanceForm


class ControlForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    version = forms.IntegerField(min_value=0)
    minutes = forms.IntegerField(min_value=1, max_value=MAX_EXTEND_MINUTES, required=False)
    person = forms.IntegerField(min_value=1, required=False)


class EndForm(AttendanceForm):
    """The confirmed end: whether to mark the meeting held, and who came (one status each)."""

    held = forms.BooleanField(
        label="Mark the meeting held and record this attendance", required=False, initial=True
    )
    field_order = ["held"]

    def attendance(self) -> dict[int, str] | None:
        """{person id: status} when the meeting is to be marked held, else None."""
        return self.statuses() if self.cleaned_data["held"] else None

    def statuses(self) -> dict[int, str]:
        people = {k: v for k, v in self.cleaned_data.items() if k.startswith("person_") and v}
        return {int(name.removeprefix("person_")): status for name, status in people.items()}


class PrepareForm(forms.Form):
    """The template, one timebox field per phase and the optional phases to leave out."""

    template = forms.ChoiceField(label="Session template")
    skip = forms.MultipleChoiceField(
        label="Leave out", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, template: protocol.Template, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.fields["template"].choices = [(t.key, t.name) for t in protocol.TEMPLATES.values()]
        self.fields["template"].initial = template.key
        self.fields["skip"].choices = [(p.key, p.name) for p in template.phases if p.optional]
        for phase in template.phases:
            self.fields[f"minutes_{phase.key}"] = forms.IntegerField(
                label=phase.name,
                min_value=protocol.MIN_MINUTES,
                max_value=protocol.MAX_MINUTES,
                initial=phase.minutes,
                widget=forms.NumberInput(attrs={"class": "short", "inputmode": "numeric"}),
                help_text="minutes" + (" per presenter" if phase.per_presenter else ""),
            )

    def minutes(self) -> dict[str, int]:
        return {p.key: self.cleaned_data[f"minutes_{p.key}"] for p in self.template.phases}


class BidForm(forms.Form):
    text = forms.CharField(label="Your bid, in one line", max_length=200)
    urgency = forms.ChoiceField(
        label="How urgent",
        choices=[("A", "A: must be today"), ("B", "B: would like today"), ("C", "C: can wait")],
        initial="B",
    )
    nature = forms.ChoiceField(
        label="Puzzle or problem?",
        choices=[
            ("problem", "A problem: no single right answer (for the set)"),
            ("puzzle", "A puzzle: someone knows the answer (for the resources round)"),
        ],
        initial="problem",
        widget=forms.RadioSelect,
        help_text="A puzzle has an expert answer; a problem needs your own judgement and action.",
    )


class PresentersForm(forms.Form):
    version = forms.IntegerField(min_value=0)
    presenters = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=False)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenters"].choices = [(p.pk, p.name) for p in people]


class ContractForm(forms.Form):
    rules = forms.CharField(
        label="Our ground rules",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="One rule per line. Start from the suggestions and make them yours.",
    )
    quorum = forms.IntegerField(
        label="Quorum",
        min_value=1,
        max_value=50,
        help_text="The fewest members who must be present for the set to meet.",
        widget=forms.NumberInput(attrs={"class": "short", "inputmode": "numeric"}),
    )

    def rule_list(self) -> list[str]:
        return [line for line in self.cleaned_data["rules"].splitlines() if line.strip()]


class ContributionForm(forms.Form):
    text = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    replaces = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    text = forms.CharField(
        label="My note", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PostAnywayForm(forms.Form):
    contribution = forms.IntegerField(min_value=1)


def _text(label: str, most: int, *, required: bool = True, rows: int = 0, help_text: str = ""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, max_length=most, required=required, widget=widget,
                           help_text=help_text)  # fmt: skip


class CardForm(forms.Form):
    """An experiment card, as the presenter writes it in their commitment phase."""

    action = _text("What I will try", 300)
    expectation = _text("What I expect", 300)
    signal = _text("The signal I will watch", 300)
    due = forms.DateField(label="By when", widget=forms.DateInput(attrs={"type": "date"}))
    why = _text("Why (optional)", 300, required=False)
    involve = _text("Who I might involve (optional)", 200, required=False)


class CardNewForm(CardForm):
    """An experiment card its owner writes between meetings, for one of their own sets."""

    # The sets offered are the owner's own; the service decides (404/403) on any other id.
    group = forms.IntegerField(label="For my set", widget=forms.Select)
    field_order = ["group", "action", "why", "expectation", "signal", "due", "involve"]

    def __init__(self, *args, sets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].widget.choices = [
            (g.pk, f"{g.name} ({g.round.programme.name}, round {g.round.number})") for g in sets
        ]


STATUS_CHOICES = [
    ("planned", "Planned"), ("in-progress", "In progress"), ("done", "Done"),
    ("dropped", "Dropped"),
]  # fmt: skip


class CardStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES)


class ObservationForm(forms.Form):
    """A dated observation on a card, written between meetings."""

    observed_on = forms.DateField(
        label="Noticed on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = _text("What I noticed", 1000, rows=3,
                 help_text="What happened when you tried it, or a sign you saw.")  # fmt: skip


class CardReportForm(forms.Form):
    did = _text("What I did", 1000, required=False, rows=2)
    happened = _text("What happened", 1000, required=False, rows=2)
    learned = _text("What I learned", 1000, required=False, rows=2)
    next = _text("What next", 1000, required=False, rows=2)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Unchanged"), *STATUS_CHOICES],
    )


class ReviewSheetForm(forms.Form):
    """The individual review sheet (method guide §8)."""

    learned_1 = _text("The first thing I learned about my problem", 500, required=False)
    learned_2 = _text("The second thing I learned about my problem", 500, required=False)
    learned_3 = _text("The third thing I learned about my problem", 500, required=False)
    next_steps = _text("My next steps", 2000, required=False, rows=2)
    others = _text("The most interesting thing about the others' problems", 2000,
                   required=False, rows=2)  # fmt: skip
    set_working = _text("How the set worked", 2000, required=False, rows=2)
    about_me = _text("One thing I learned about myself", 2000, required=False, rows=2)


SCALE = [(n, str(n)) for n in range(1, 6)]


class PulseForm(forms.Form):
    """The set-health pulse: four questions, 1 (not at all) to 5 (fully)."""

    def __init__(self, *args, **kwargs):
        from palg.live.models import PULSE_QUESTIONS

        super().__init__(*args, **kwargs)
        for key, name, question in PULSE_QUESTIONS:
            self.fields[key] = forms.TypedChoiceField(
                label=f"{name} ({question})", choices=SCALE, coerce=int, widget=forms.RadioSelect
            )
