"""palg's versions of allauth's forms (ACCOUNT_FORMS in settings)."""

from allauth.account import forms as allauth_forms
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
