from django import forms


class SsoConfigurationForm(forms.Form):
    issuer = forms.CharField(
        label="Issuer URL",
        max_length=500,
        required=False,  # the service names what is missing, with every other problem
        help_text=(
            "The provider's issuer, as its discovery document names it: palg reads "
            "<issuer>/.well-known/openid-configuration when you save."
        ),
    )
    client_id = forms.CharField(label="Client id", max_length=255, required=False)
    client_secret_file = forms.CharField(
        label="Client secret file",
        max_length=500,
        required=False,
        help_text="Recommended: the path of a file on the palg server that holds the secret.",
    )
    client_secret = forms.CharField(
        label="Client secret",
        max_length=500,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text=(
            "Or type the secret here: it is then stored in palg's database, which "
            "palg manage check --deploy warns about. "
            "Leave both empty to keep the secret saved before."
        ),
    )
    domains = forms.CharField(
        label="Allowed email domains",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Only people in your directory whose verified email is at one of these domains sign "
            "in this way, e.g. acme.com, acme.co.uk."
        ),
    )
    enabled = forms.BooleanField(
        label="Offer “Sign in with your organisation” on the sign-in page",
        required=False,
        initial=True,
    )
