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
