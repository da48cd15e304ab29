from django import forms

from palg.themes.models import KEY_LENGTH, TEXT_MAX


class StatementForm(forms.Form):
    # The length limit is the service's (with its message); the browser's maxlength only helps.
    text = forms.CharField(
        label="A theme for the organisation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": TEXT_MAX}),
        help_text=(
            "One sentence about a pattern in the organisation, never a story or a name: "
            "“Decisions about cross-site work get re-opened at every level.”"
        ),
    )


class LinkForm(forms.Form):
    # A theme's key, or "new" (or nothing) to keep the statement a theme of its own. A value
    # that cannot be a key is refused by the service as a theme no longer on the map.
    theme = forms.CharField(required=False, max_length=KEY_LENGTH)

    def theme_id(self) -> str | None:
        value = (self.cleaned_data.get("theme") or "").strip()
        return None if value in ("", "new") else value


class AnswerForm(StatementForm):
    """Drafting on a set's page or at a session: optionally as an answer to an open ask."""

    ask = forms.TypedChoiceField(
        label="An answer to an ask?",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Answers are pooled on the ask's page under the same rule as themes.",
    )

    def __init__(self, *args, asks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ask"].choices = [("", "No: a theme of our own")] + [
            (a.pk, a.question) for a in asks
        ]
        if not asks:
            self.fields["ask"].widget = forms.HiddenInput()


class AskForm(forms.Form):
    question = forms.CharField(
        label="Ask the programme's sets",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": TEXT_MAX}),
        help_text="“What gets in the way of cross-site working?” Every set sees it; you see "
        "only the answers many sets and people give.",
    )


class ResponseForm(forms.Form):
    text = forms.CharField(
        label="What we are changing", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.CharField(label="Who owns it", required=False)
    theme = forms.CharField(required=False, max_length=KEY_LENGTH, widget=forms.HiddenInput())


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        choices=[("agree", "Agree"), ("disagree", "Disagree"), ("pass", "Pass")],
        widget=forms.RadioSelect,
        required=False,
    )
