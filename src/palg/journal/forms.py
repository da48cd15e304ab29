from django import forms

from palg.journal import services


class EntryForm(forms.Form):
    """A free journal entry. palg.journal.services validates it; its messages land here."""

    title = forms.CharField(
        label="Title",
        error_messages={"required": services.MSG_TITLE_EMPTY},
        widget=forms.TextInput(attrs={"maxlength": services.TITLE_MAX}),
    )
    body = forms.CharField(
        label="Entry",
        strip=False,
        error_messages={"required": services.MSG_BODY_EMPTY},
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": services.BODY_MAX}),
        help_text="Only you can read this: not your facilitator, your set or your organisation.",
    )
