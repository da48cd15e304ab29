"""The change event form: shapes only; the service checks meaning (palg.impact.services) and
the view attaches its errors here."""

from django import forms

from palg.impact import services
from palg.impact.models import ChangeEvent
from palg.programmes.forms import day_input


class ChangeEventForm(forms.Form):
    happened_on = forms.DateField(
        label="When it happened",
        widget=day_input(),
        error_messages={"required": services.MSG_DAY_REQUIRED},
    )
    title = forms.CharField(
        label="What changed",
        max_length=services.TITLE_MAX,
        help_text="e.g. New operating model announced; Finance system go-live.",
        error_messages={
            "required": services.MSG_TITLE_REQUIRED,
            "max_length": services.MSG_TITLE_TOO_LONG,
        },
    )
    size = forms.ChoiceField(
        label="Size",
        choices=ChangeEvent.Size.choices,
        widget=forms.RadioSelect,
        error_messages={"required": services.MSG_SIZE, "invalid_choice": services.MSG_SIZE},
    )
    programme = forms.ModelChoiceField(
        label="For",
        queryset=None,
        required=False,
        empty_label="The whole organisation",
        error_messages={"invalid_choice": services.MSG_PROGRAMME},
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        programme = data.pop("programme")
        return {**data, "programme_id": programme.pk if programme else None}
