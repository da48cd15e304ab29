"""Forms for scheduling pages. They check shapes; meaning (time zones, slots, dates) is checked
by palg.scheduling.services, whose errors the views attach to these forms."""

from django import forms

from palg.dates import validate_day
from palg.people.slots import SLOTS
from palg.programmes.forms import day_input

DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
PART_NAMES = {"am": "morning", "pm": "afternoon", "eve": "evening"}


def slot_label(code: str) -> str:
    """`tue-pm` -> `Tuesday afternoon`."""
    day, _, part = code.partition("-")
    return f"{DAY_NAMES[day]} {PART_NAMES[part]}"


class ScheduleForm(forms.Form):
    slot = forms.ChoiceField(
        label="Day and part of the day",
        help_text="The set's common slot from its members' availability, unless you choose "
        "another.",
    )
    time = forms.TimeField(
        label="Start time",
        required=False,
        help_text="Local time in the programme's time zone. Leave blank for the part's usual "
        "start: 09:00 morning, 14:00 afternoon, 18:00 evening.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    start = forms.DateField(
        label="First possible date",
        required=False,
        help_text="The series starts on the first such day from here; blank means the "
        "programme's start date.",
        widget=day_input(),
        validators=[validate_day],
    )

    def __init__(self, *args, common=(), **kwargs):
        super().__init__(*args, **kwargs)
        shared = [(code, f"{slot_label(code)} (everyone is free)") for code in common]
        others = [(code, slot_label(code)) for code in SLOTS if code not in common]
        self.fields["slot"].choices = [*shared, *others]


class ScheduleConfirmForm(ScheduleForm):
    location = forms.CharField(
        label="Location of the new meetings",
        max_length=300,
        required=False,
        help_text="A room or a video link; moved meetings keep theirs.",
    )
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)


class TimeZoneForm(forms.Form):
    time_zone = forms.CharField(
        label="Time zone",
        max_length=64,
        help_text="Where the sets meet, as an IANA name such as Europe/London or "
        "America/New_York. Meetings keep their local time when the clocks change.",
        widget=forms.TextInput(attrs={"list": "time-zone-names", "autocomplete": "off"}),
    )


class BlackoutForm(forms.Form):
    label = forms.CharField(
        label="What", max_length=200, help_text="e.g. Christmas closure, Easter, year-end."
    )
    starts_on = forms.DateField(label="First day", widget=day_input(), validators=[validate_day])
    ends_on = forms.DateField(
        label="Last day",
        help_text="Included: no set meets on it.",
        widget=day_input(),
        validators=[validate_day],
    )
    organisation_wide = forms.BooleanField(
        label="For every programme of the organisation",
        required=False,
        help_text="A public holiday or closure; otherwise it applies to this programme only.",
    )
