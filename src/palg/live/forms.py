"""Forms of the live session page. Services check meaning; these check shapes."""

from django import forms

from palg.live import protocol
from palg.live.services import ACTIONS, MAX_EXTEND_MINUTES


class ControlForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    version = forms.IntegerField(min_value=0)
    minutes = forms.IntegerField(min_value=1, max_value=MAX_EXTEND_MINUTES, required=False)
    person = forms.IntegerField(min_value=1, required=False)


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


class PostAnywayForm(forms.Form):
    contribution = forms.IntegerField(min_value=1)
