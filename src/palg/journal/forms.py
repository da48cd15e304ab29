from django import forms

from palg.journal.services import BODY_MAX, TITLE_MAX


class EntryForm(forms.Form):
    """A free journal entry. palg.journal.services validates it; its messages land here."""

    title = forms.CharField(
        label="Title", required=False, widget=forms.TextInput(attrs={"maxlength": TITLE_MAX})
    )
    body = forms.CharField(
        label="Entry",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": BODY_MAX}),
        help_text="Only you can read this: not your facilitator, your set or your organisation.",
    )
