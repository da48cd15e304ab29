"""palg's versions of allauth's forms (ACCOUNT_FORMS in settings)."""

from allauth.account import forms as allauth_forms
from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django import forms

from palg.accounts import email_change


class ChangeEmailForm(allauth_forms.AddEmailForm):
    """The new address, refused at once when it is another directory person's."""

    def clean_email(self) -> str:
        email = super().clean_email()
        if email_change.email_of_another_person(email=email, user=self.user):
            raise forms.ValidationError(email_change.MSG_DIRECTORY, code="directory")
        return email


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """A reset link goes only to the account whose address this is: not to an account that has
    merely asked to change to it (allauth would also find those by their pending address)."""

    def clean_email(self) -> str:
        email = super().clean_email()
        self.users = [user for user in self.users if user.email.lower() == email.lower()]
        return email


class LoginForm(allauth_forms.LoginForm):
    """Email and password, labelled as palg's sign-in page always was; the page itself links to
    the password reset, so the password needs no help text."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = "Email"
        login.widget.attrs.update({"autofocus": True, "autocomplete": "email"})
        login.widget.attrs.pop("placeholder", None)
        password = self.fields["password"]
        password.help_text = ""
        password.widget.attrs.pop("placeholder", None)


class AddPasskeyForm(AddWebAuthnForm):
    """allauth.mfa's new key, in palg's words; a passkey signs in on its own unless unticked."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = "For example “Work laptop” or “My phone”."
        passwordless = self.fields["passwordless"]
        passwordless.label = "Also sign in with this key alone, without the password"
        passwordless.help_text = (
            "The key then asks for its PIN, fingerprint or face each time. Untick it for a "
            "security key that has none."
        )
        passwordless.initial = True
