"""Forms for the programme, set and meeting pages. Validation of meaning lives in services;
these forms check shapes and carry the help texts that explain the method's norms."""

from datetime import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from palg import dates
from palg.people.models import Person
from palg.programmes import norms
from palg.programmes.models import (
    BOUNDS,
    Attendance,
    Meeting,
    Membership,
    Programme,
    ProgrammeRole,
)
from palg.programmes.services import MSG_SIZE_ORDER, PROGRAMME_FIELDS


def day_input() -> forms.DateInput:
    """A browser date picker limited to the window palg accepts (palg.dates); the field's
    validator checks it again, since a browser need not honour min and max."""
    window = {"min": dates.FIRST_DAY.isoformat(), "max": dates.LAST_DAY.isoformat()}
    return forms.DateInput(attrs={"type": "date", **window}, format="%Y-%m-%d")


def apply_errors(form: forms.Form, error: ValidationError, fallback: str | None = None) -> None:
    """Attach a service's ValidationError to the form's fields; errors about anything else go to
    the `fallback` field if given, else to the form as a whole."""
    if not hasattr(error, "error_dict"):
        form.add_error(fallback, error.messages)
        return
    for name, messages in error.message_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else fallback
        for message in messages:
            form.add_error(target, message)


class PersonChoiceField(forms.ModelChoiceField):
    """A select of people, labelled so two people with one name can be told apart."""

    def label_from_instance(self, obj: Person) -> str:
        details = ", ".join(part for part in (obj.function, obj.location) if part)
        return f"{obj.name} ({details})" if details else obj.name


def _number(label: str, bound: str, help_text: str = "") -> forms.IntegerField:
    low, high = BOUNDS[bound]
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"class": "short", "inputmode": "numeric"}),
    )


class ProgrammeForm(forms.ModelForm):
    min_group_size = _number(
        "Smallest set size",
        "min_group_size",
        f"The method's norm is {norms.NORM_MIN_SIZE}-{norms.NORM_MAX_SIZE} members per set. "
        f"Fewer than {norms.NORM_MIN_SIZE} lose energy and variety of questions.",
    )
    max_group_size = _number(
        "Largest set size",
        "max_group_size",
        f"More than {norms.NORM_MAX_SIZE} members leave too little airtime for each of them.",
    )
    cadence_weeks = _number(
        "Weeks between meetings",
        "cadence_weeks",
        "Monthly-ish: every 4-8 weeks keeps momentum between one meeting's actions and the "
        f"next report-back. Gaps over {norms.NORM_MAX_GAP_WEEKS} weeks are flagged.",
    )
    meeting_count = _number(
        "Number of meetings",
        "meeting_count",
        f"At least {norms.NORM_MIN_MEETINGS}; sets usually meet for 6-12 months. One-off "
        "workshops are not action learning.",
    )
    meeting_minutes = _number(
        "Meeting length (minutes)",
        "meeting_minutes",
        "Allow 30-45 minutes per presenter; with 2-3 presenters a meeting takes 2-3 hours.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Declared fields lose the model's defaults; a new programme starts inside the norms.
        for name in (
            "min_group_size",
            "max_group_size",
            "cadence_weeks",
            "meeting_count",
            "meeting_minutes",
        ):
            self.fields[name].initial = getattr(self.instance, name)

    def clean(self):
        # The service checks this too; checking here shows it alongside the form's other errors.
        cleaned = super().clean()
        low, high = cleaned.get("min_group_size"), cleaned.get("max_group_size")
        if low is not None and high is not None and low > high:
            self.add_error("min_group_size", MSG_SIZE_ORDER)
        return cleaned

    class Meta:
        model = Programme
        fields = PROGRAMME_FIELDS
        labels = {"name": "Programme name"}
        error_messages = {"name": {"required": "Give the programme a name."}}
        help_texts = {
            "focus_area": "The kind of problems the sets will bring, e.g. 'leading through "
            "change'.",
            "purpose": "Why the organisation runs this programme, in a sentence or two.",
            "status": "Draft while you design it; Active once sets meet; Closed when it ends.",
            "start_date": "The week the first meetings take place.",
            "facilitation_model": "Many programmes start with an adviser and fade to members "
            "facilitating their own set.",
            "session_template": "The structure each meeting follows.",
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "start_date": day_input(),
        }


# A half-typed or blank field gives no warning: it counts as a value inside the norm.
_NEUTRAL_DESIGN = {
    "min_group_size": norms.NORM_MIN_SIZE,
    "max_group_size": norms.NORM_MAX_SIZE,
    "cadence_weeks": norms.NORM_MAX_GAP_WEEKS,
    "meeting_count": norms.NORM_MIN_MEETINGS,
}


def design_warnings_from(data) -> list[norms.Warning]:
    """Norm warnings for the design parameters typed so far (a query dict from the form)."""
    values = {}
    for name, neutral in _NEUTRAL_DESIGN.items():
        try:
            values[name] = int(data.get(name, ""))
        except (TypeError, ValueError):
            values[name] = neutral
    return norms.design_warnings(**values)


class RoleAssignForm(forms.Form):
    person = PersonChoiceField(queryset=Person.objects.none(), label="Person")
    role = forms.ChoiceField(choices=ProgrammeRole.Role.choices, label="Role")
    invite = forms.BooleanField(
        label="Invite those who have no account yet (one email each, to choose a password)",
        required=False,
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people


class GroupRenameForm(forms.Form):
    name = forms.CharField(
        label="New name",
        max_length=100,
        help_text="Unique within the round, e.g. a colour or a place.",
    )


class GroupForm(forms.Form):
    name = forms.CharField(
        label="Set name",
        max_length=100,
        help_text="A short, neutral name, e.g. a colour or a place.",
    )
    round_number = forms.IntegerField(
        label="Round",
        required=False,
        min_value=1,
        max_value=99,
        help_text="Leave blank for the latest round. Later rounds regroup people who have not met.",
        widget=forms.NumberInput(attrs={"class": "short", "inputmode": "numeric"}),
    )


class MemberAddForm(forms.Form):
    person = PersonChoiceField(queryset=Person.objects.none(), label="Person")
    role = forms.ChoiceField(
        choices=Membership.Role.choices,
        label="Role in the set",
        help_text="A person belongs to at most one set per round as a member.",
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people


class MemberRemoveForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    # Set only by the confirmation page's button: without it the view asks first.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MeetingForm(forms.Form):
    date = forms.DateField(label="Date", widget=day_input(), validators=[dates.validate_day])
    time = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = _number("Length (minutes)", "duration_minutes")
    location = forms.CharField(
        label="Location",
        max_length=300,
        required=False,
        help_text="A room, or a video link the set will recognise.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time"].help_text = f"Local time in {timezone.get_current_timezone_name()}."

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        local = timezone.localtime(meeting.starts_at)
        return {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": meeting.duration_minutes,
            "location": meeting.location,
            "status": meeting.status,
        }

    def starts_at(self) -> datetime:
        """The chosen date and time as an aware datetime in the site's time zone."""
        naive = datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(naive)


class MeetingEditForm(MeetingForm):
    status = forms.ChoiceField(
        choices=Meeting.Status.choices,
        label="Status",
        help_text="Mark a meeting held once it has taken place, or cancelled.",
    )


class AttendanceForm(forms.Form):
    """One status per member of the set; blank leaves a person's attendance unrecorded."""

    def __init__(self, *args, members=(), recorded=None, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = recorded or {}
        choices = [("", "Not recorded"), *Attendance.Status.choices]
        for membership in members:
            person = membership.person
            self.fields[f"person_{person.pk}"] = forms.ChoiceField(
                label=person.name, choices=choices, required=False
            )
            self.initial[f"person_{person.pk}"] = recorded.get(person.pk, "")

    def statuses(self) -> dict[int, str]:
        return {
            int(name.removeprefix("person_")): value
            for name, value in self.cleaned_data.items()
            if value
        }


class MeetingRecordForm(forms.Form):
    text = forms.CharField(
        label="Record of this meeting",
        required=False,
        help_text="Actions, commitments and whatever else the set agrees to keep. Only this "
        "set's members and facilitator can read it.",
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class FadingPlanForm(forms.Form):
    """The lead's fading plan: how long the adviser facilitates, then observes."""

    adviser_meetings = forms.IntegerField(
        label="Meetings the adviser facilitates",
        min_value=0,
        max_value=BOUNDS["meeting_count"][1],
        help_text="The first meetings, while the set learns the process. The method suggests "
        "about a third of the programme; 0 means members facilitate from the start.",
        widget=forms.NumberInput(attrs={"class": "short", "inputmode": "numeric"}),
    )
    observer_until = forms.IntegerField(
        label="The adviser observes until meeting",
        min_value=0,
        max_value=BOUNDS["meeting_count"][1],
        help_text="Members facilitate in rotation with the adviser in the room until this "
        "meeting; after it the adviser is on call. The same number as above means the adviser "
        "steps back as soon as members take over.",
        widget=forms.NumberInput(attrs={"class": "short", "inputmode": "numeric"}),
    )


class RotaEntryForm(forms.Form):
    """Who facilitates and who keeps time at one meeting."""

    facilitator = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Facilitator",
        required=False,
        empty_label="Nobody yet",
        help_text="Runs the meeting and its live session.",
    )
    timekeeper = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Timekeeper",
        required=False,
        empty_label="Nobody yet",
        help_text="Keeps each phase to its time; shown on the live session page.",
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            for name in ("facilitator", "timekeeper"):
                self.fields[name].queryset = people
