from django import forms

from palg.themes.models import TEXT_MAX


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
    theme = forms.CharField(required=False)

    def theme_id(self) -> int | None | str:
        """The theme's id, None for "keep it new", or "" for input that is neither."""
        value = (self.cleaned_data.get("theme") or "").strip()
        if value in ("", "new"):
            return None
        return int(value) if value.isdigit() and len(value) < 19 else ""
