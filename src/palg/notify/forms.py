from django import forms

MSG_CHOOSE = "Choose whether you want nudges: yes or no."


class PreferenceForm(forms.Form):
    nudges = forms.ChoiceField(
        label="Nudges about my experiments",
        choices=[("on", "Yes, nudge me halfway to a card's date"), ("off", "No nudges")],
        widget=forms.RadioSelect,
        error_messages={"required": MSG_CHOOSE, "invalid_choice": MSG_CHOOSE},
        help_text=(
            "Invitations, reminders before meetings and facilitators' session summaries keep "
            "coming: they are about meetings you take part in."
        ),
    )
