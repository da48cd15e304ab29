from django import forms

from palg.dates import validate_day
from palg.surveys.plan import WAVE_INSTRUMENTS
from palg_evaluation.instruments import instrument


def instrument_choices() -> list[tuple[str, str]]:
    return [(i, instrument(i).name) for i in WAVE_INSTRUMENTS]


class WaveForm(forms.Form):
    """One wave's row in the plan (prefixed by its kind)."""

    opens_on = forms.DateField(
        label="Opens", validators=[validate_day], widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label="Closes", validators=[validate_day], widget=forms.DateInput(attrs={"type": "date"})
    )
    instruments = forms.MultipleChoiceField(
        choices=instrument_choices, widget=forms.CheckboxSelectMultiple, required=False
    )


def answers_from_post(data, items) -> tuple[dict[str, int], list[str], list[str]]:
    """The posted answers to `items` (id -> Item): (answers, items left blank, bad items)."""
    answers, blank, bad = {}, [], []
    for item in items:
        raw = data.get(item.id, "")
        if raw == "":
            blank.append(item.id)
            continue
        try:
            answers[item.id] = int(raw)
        except ValueError:
            bad.append(item.id)
    return answers, blank, bad
