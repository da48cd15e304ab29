from django.conf import settings
from django.db import models

from palg.journal.fields import SealedTextField
from palg.people.models import Organisation


class SsoConfiguration(models.Model):
    """An organisation's OpenID Connect provider, set by its admin (palg.sso.services).

    The client secret is best kept in a file the server reads (`client_secret_file`); a secret
    typed into the page is stored, encrypted, in `client_secret`; `check --deploy` warns about it.
    Only people in the organisation's directory whose verified email is in one of `domains`
    sign in through it (palg.sso.adapter).
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="sso_configuration"
    )
    issuer = models.URLField(max_length=500)
    client_id = models.CharField(max_length=255)
    # Encrypted at rest with the journal's keys, like every other secret text palg keeps; null
    # when the secret comes from a file.
    client_secret = SealedTextField(null=True, blank=True)
    client_secret_file = models.CharField(max_length=500, blank=True)
    # Lower-case email domains, e.g. ["acme.example", "acme-group.example"].
    domains = models.JSONField(default=list)
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Single sign-on for {self.organisation} through {self.issuer}"

    def save(self, *args, **kwargs):
        # No secret is null, never an encrypted empty text, so `client_secret__isnull` tells
        # which configurations hold one (the deploy check).
        self.client_secret = self.client_secret or None
        super().save(*args, **kwargs)
