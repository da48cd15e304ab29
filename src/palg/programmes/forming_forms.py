"""Forms of the page where a lead forms a round's sets. The services check meaning (sizes,
attributes, every hard rule); these check shapes."""

from django import forms

from palg.programmes.criteria import ATTRIBUTES, Criteria
from palg.programmes.forms import PersonChoiceField
from palg.programmes.models import BOUNDS

DIVERSIFY_HELP = "Each set mixes people who differ in these. Uncheck what does not matter here."
SEPARATE_HELP = (
    "Never two people with the same value in one set, e.g. the same team, so people speak freely "
    "away from their day-to-day colleagues."
)
MSG_MOVE_TARGET = "Choose a set to move to or a person to swap with."


def _choices(extra: list[str]) -> list[tuple[str, str]]:
    return [*ATTRIBUTES.items(), *((name, name.replace("_", " ").capitalize()) for name in extra)]


def _size(label: str) -> forms.IntegerField:
    low, high = BOUNDS["min_group_size"]
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(attrs={"class": "short", "inputmode": "numeric"}),
    )


class CriteriaForm(forms.Form):
    min_size = _size("Smallest set")
    max_size = _size("Largest set")
    diversify = forms.MultipleChoiceField(
        label="Mix within each set",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=DIVERSIFY_HELP,
    )
    separate = forms.MultipleChoiceField(
        label="Keep apart",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=SEPARATE_HELP,
    )
    balance = forms.MultipleChoiceField(
        label="Balance across sets",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each set's mix close to the whole group's, e.g. gender, or similar average "
        "tenure in every set.",
    )
    no_manager_pairs = forms.BooleanField(
        label="Never a line manager with their own direct report", required=False
    )
    conflicts = forms.BooleanField(label="Keep declared conflicts apart", required=False)
    availability = forms.BooleanField(
        label="Every set shares a meeting slot (from people's availability)", required=False
    )
    avoid_repeats = forms.BooleanField(
        label="No one meets a peer from an earlier round again", required=False
    )
    even_sizes = forms.BooleanField(
        label="Sets as equal in size as possible",
        required=False,
        help_text="Otherwise the search may prefer the largest sets, which have the most pairs.",
    )

    def __init__(self, *args, extra: list[str] = (), initial_criteria: Criteria, **kwargs):
        kwargs.setdefault("initial", initial_criteria.as_json())
        super().__init__(*args, **kwargs)
        self.fields["diversify"].choices = _choices(list(extra))
        self.fields["separate"].choices = _choices(list(extra))
        self.fields["balance"].choices = _choices(list(extra))


class MoveForm(forms.Form):
    """Move a person to a set, or swap them with a person in another set: `target` is
    "set:N" or "person:ID"."""

    person = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    target = forms.CharField(label="Move or swap")

    def clean_target(self) -> tuple[str, int]:
        kind, _, number = self.cleaned_data["target"].partition(":")
        if kind not in ("set", "person") or not number.isdigit():
            raise forms.ValidationError(MSG_MOVE_TARGET)
        return kind, int(number)


class LockForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    locked = forms.BooleanField(required=False)


class PublishForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ParticipantsForm(forms.Form):
    people = forms.CharField(
        label="Add participants",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Emails or directory ids, one per line or separated by commas, e.g. pasted "
        "from a spreadsheet column.",
    )
    invite = forms.BooleanField(
        label="Invite those who have no account yet (one email each, to choose a password)",
        required=False,
    )


class ConflictForm(forms.Form):
    person = PersonChoiceField(queryset=None, label="Person")
    other = PersonChoiceField(queryset=None, label="Never in a set with")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["other"].queryset = people
