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


class InviteForm(forms.Form):
    """Whom to invite from the Invitations page: named people, or everyone without an account."""

    people = forms.CharField(
        label="People to invite",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Emails or directory ids, one per line or separated by commas.",
    )
    all_without_account = forms.BooleanField(
        label="Invite everyone I can who has no account yet", required=False
    )

    def identifiers(self) -> list[str]:
        text = self.cleaned_data["people"].replace(",", "\n").replace(";", "\n")
        return [line.strip() for line in text.splitlines() if line.strip()]


class AcceptInvitationForm(forms.Form):
    """The password an invited person chooses. Django's password validators run in the
    service (palg.accounts.invitations.invitation_accept), with the person's name and email."""

    password = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not a common password, not all digits, and not like "
        "your name or email.",
    )
    password_again = forms.CharField(
        label="The same password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class TwoFactorPolicyForm(forms.Form):
    """Which roles of the organisation must use two-factor authentication."""

    require_org_admins = forms.BooleanField(
        label="Organisation admins must use two-factor authentication", required=False
    )
    require_leads = forms.BooleanField(
        label="Programme leads must use two-factor authentication", required=False
    )
