from django import forms

from palg.accounts.models import ApiToken

TOKEN_NAME_MAX = ApiToken._meta.get_field("name").max_length


class TokenForm(forms.Form):
    """Name a new API token; the CLI validates its --name with this form too."""

    name = forms.CharField(
        label="Token name",
        max_length=TOKEN_NAME_MAX,
        help_text="What the token is for, e.g. “HR system sync”, so you can tell tokens apart.",
    )
