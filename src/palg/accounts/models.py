import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from palg.people.models import Organisation, Person


class EmailUserManager(UserManager):
    """Accounts sign in with their email address; there is no separate username."""

    def _create_user_object(self, username, email, password, **extra_fields):
        email = self.normalize_email(email or username).lower()
        user = self.model(email=email, **extra_fields)
        user.password = ""
        if password is not None:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return user

    def _create_user(self, username, email, password, **extra_fields):
        user = self._create_user_object(username, email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="users"
    )
    person = models.OneToOneField(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )
    # Manages the organisation's accounts and people data; never reads set content.
    is_org_admin = models.BooleanField(default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = EmailUserManager()

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)

    def save(self, *args, **kwargs):
        # set_password keeps the new raw password in _password until the save. A rehash at
        # sign-in (check_password) clears it before saving, so that is not counted as a change,
        # and neither is a new account's first password.
        changed = self.pk is not None and self._password is not None
        super().save(*args, **kwargs)
        if changed:
            from palg.accounts.events import password_change_record

            password_change_record(user=self)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginFailure(models.Model):
    """One failed sign-in, kept for the throttle window. Stored in the database so that
    several stateless app servers share the count."""

    email = models.CharField(max_length=254, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.email} from {self.address} at {self.at:%Y-%m-%d %H:%M}"


class SecurityEvent(models.Model):
    """Something that happened to an account's security: a sign-in, a failed one, a password
    change, a deactivation. Shown to the account's holder and to their organisation's admins
    (palg.accounts.events); kept for PALG_SECURITY_EVENT_DAYS. Rows are only ever added."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign-in", "Signed in"
        SIGN_IN_FAILED = "sign-in-failed", "Sign-in failed"
        SIGN_OUT = "sign-out", "Signed out"
        PASSWORD_CHANGED = "password-changed", "Password changed"
        PASSWORD_RESET = "password-reset", "Password reset by email"
        EMAIL_CHANGED = "email-changed", "Email address changed"
        MFA_ADDED = "mfa-added", "Two-factor method added"
        MFA_REMOVED = "mfa-removed", "Two-factor method removed"
        MFA_RECOVERY_CODES = "mfa-recovery-codes", "Recovery codes generated"
        SSO_LINKED = "sso-linked", "Single sign-on linked"
        SSO_UNLINKED = "sso-unlinked", "Single sign-on unlinked"
        INVITED = "invited", "Invited"
        INVITATION_ACCEPTED = "invitation-accepted", "Invitation accepted"
        INVITATION_REVOKED = "invitation-revoked", "Invitation revoked"
        DEACTIVATED = "deactivated", "Account deactivated"
        REACTIVATED = "reactivated", "Account reactivated"
        ADMIN_GRANTED = "admin-granted", "Made an organisation admin"
        ADMIN_REVOKED = "admin-revoked", "No longer an organisation admin"

    # None for a failed sign-in with an email that has no account.
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="security_events"
    )
    # Whose admins see it: the account's organisation, or, for an email without an account,
    # the organisation whose directory has that email (None if no directory has it).
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    # The email the event concerns, as typed for a failed sign-in.
    email = models.CharField(max_length=254, blank=True)
    # Who did it when it was not the account's holder (an admin deactivating it); None for the
    # holder themselves, the command line or an import run without a signed-in user.
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user", "-at"]),
            models.Index(fields=["organisation", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.email} at {self.at:%Y-%m-%d %H:%M}"


class Invitation(models.Model):
    """An invitation for a directory person who has no account to make one.

    One row per person: sending it again gives a new link (the old one stops working), revoking
    it closes it, inviting again opens it. The link's secret is never stored: it is an HMAC of
    the row and its `nonce` under SECRET_KEY (palg.accounts.invitations), so the outbox can
    compose the email when it sends it, and only its SHA-256 `digest` is kept to find the row.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="invitation")
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nonce = models.CharField(max_length=32)
    digest = models.CharField(max_length=64, unique=True)
    # How many times a link was sent: each send is its own notice in the outbox.
    sends = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )
    # The operator's invitation of an organisation's first admin (`palg accounts admin`): the
    # account made from it manages the organisation's people and accounts.
    org_admin = models.BooleanField(default=False)

    class State(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    class Meta:
        ordering = ["person__name", "id"]

    def __str__(self) -> str:
        return f"Invitation for {self.person} ({self.state})"

    def state_at(self, now) -> str:
        if self.accepted_at is not None:
            return self.State.ACCEPTED
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= now:
            return self.State.EXPIRED
        return self.State.INVITED

    @property
    def state(self) -> str:
        return self.state_at(timezone.now())


class TwoFactorPolicy(models.Model):
    """Which of an organisation's roles must use two-factor authentication. Organisation admins
    and programme leads see more (every set's members, the directory, the accounts), so an
    admin can require it of them; nobody else is ever required (palg.accounts.two_factor).
    No row is the same as requiring it of nobody."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="two_factor_policy"
    )
    require_org_admins = models.BooleanField(default=False)
    require_leads = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Two-factor policy of {self.organisation}"

    @property
    def requires_anyone(self) -> bool:
        return self.require_org_admins or self.require_leads
