"""One settings module, driven by environment variables with safe defaults.

Every variable is documented in README.md ("Configuration"); tests/test_docs.py checks that.
"""

import os
from pathlib import Path

from palg.env import envbool, envint, envlist, envnetworks, envstr

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(envstr("PALG_DATA_DIR", str(Path.cwd() / "data")))

DEBUG = envbool("PALG_DEBUG", False)
HTTPS = envbool("PALG_HTTPS", False)
# The "django-insecure-" prefix makes `check --deploy` (security.W009) flag a missing key.
_DEV_SECRET = "django-insecure-palg-development-key-set-PALG_SECRET_KEY-in-production"
SECRET_KEY = envstr("PALG_SECRET_KEY", _DEV_SECRET)
ALLOWED_HOSTS = envlist("PALG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("PALG_CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("PALG_SITE_URL", "http://127.0.0.1:8000")
# Fernet keys for private journals, newest first, separated by commas or whitespace (so a
# PALG_JOURNAL_KEYS_FILE may hold one per line). Empty: derived from SECRET_KEY (palg.journal).
JOURNAL_KEYS = envstr("PALG_JOURNAL_KEYS").replace(",", " ").split()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "ninja",
    "palg.accounts",
    "palg.people",
    "palg.programmes",
    "palg.live",
    "palg.journal",
    "palg.scheduling",
    "palg.notify",
    "palg.surveys",
    "palg.impact",
    "palg.themes",
    "palg.web",
    "palg.sso",
    # After palg's apps, so that palg's templates under account/ replace allauth's.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]
ADMIN_ENABLED = envbool("PALG_ADMIN", False)
if ADMIN_ENABLED:
    INSTALLED_APPS.insert(0, "django.contrib.admin")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "palg.web.middleware.no_store_by_default",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "palg.accounts.events.SecurityRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "palg.accounts.two_factor.TwoFactorPolicyMiddleware",
]

ROOT_URLCONF = "palg.urls"
WSGI_APPLICATION = "palg.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "palg.web.context.navigation",
            ],
        },
    }
]

# Databases: SQLite under PALG_DATA_DIR by default, PostgreSQL with DB=postgres.
DB = envstr("DB", "sqlite")
if DB == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": envstr("DB_NAME", "palg"),
            "USER": envstr("DB_USER", "postgres"),
            "PASSWORD": envstr("DB_PASSWORD", ""),
            "HOST": envstr("DB_HOST", "127.0.0.1"),
            "PORT": envstr("DB_PORT", "5432"),
            # Kept connections: a new PostgreSQL connection per request was the largest single
            # cost of a live poll (bench/live_load.py: 155 against 350 polls a second).
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": envstr("DB_TEST_NAME", "test_palg")},
        }
    }
elif DB == "sqlite":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": envstr("DB_NAME", str(DATA_DIR / "palg.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE avoids "database is locked" when a worker and the server both write.
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL;"
                ),
            },
        }
    }
else:
    raise RuntimeError(f"DB must be 'sqlite' or 'postgres'; got {DB!r}")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# django-allauth (palg.accounts.adapter): sign-in at /login/ with palg's throttle, two-factor
# authentication, password reset and email change by email. Nobody signs up (accounts come from
# invitations), an address is the only login, and a signed-in person's change of address only
# takes effect once confirmed from the new address.
ACCOUNT_ADAPTER = "palg.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "add_email": "palg.accounts.account_forms.ChangeEmailForm",
    "login": "palg.accounts.account_forms.LoginForm",
    "reset_password": "palg.accounts.account_forms.ResetPasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "palg: "
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# A sign-in lasts Django's session age, with no "remember me" box (as before allauth signed in).
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
# allauth's own sign-in limits are off: palg's throttle (below; in the adapter) guards /login/.
# The reset request keeps allauth's limit, per client address (PALG_TRUSTED_PROXIES) and per
# address.
ACCOUNT_RATE_LIMITS = {"login": False, "login_failed": False}
# Two-factor authentication (allauth.mfa, palg.accounts.two_factor): an authenticator app
# (TOTP), passkeys and security keys (WebAuthn), and recovery codes. A passkey can also sign in
# on its own, without the password. Its relying party is PALG_SITE_URL's host name (a name, not
# an IP address; http:// only for localhost). Enrolling is open to any account: the address
# was confirmed by the invitation.
MFA_ADAPTER = "palg.accounts.two_factor.MFAAdapter"
MFA_FORMS = {"add_webauthn": "palg.accounts.account_forms.AddPasskeyForm"}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "palg"
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Single sign-on with OpenID Connect (palg.sso): each organisation's admin configures its own
# provider on the Single sign-on page; these variables configure one organisation from the
# environment instead (single-organisation installs). palg's adapter decides who may sign in:
# only a directory person, by verified email in an allowed domain; nobody signs up otherwise.
SOCIALACCOUNT_ADAPTER = "palg.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # palg's subclass sends and checks a nonce and always checks the ID token's signature.
        "provider_class": "palg.sso.provider.OrganisationProvider",
        "OAUTH_PKCE_ENABLED": True,
    }
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = envint("PALG_OIDC_TIMEOUT", 10)
OIDC_ISSUER = envstr("PALG_OIDC_ISSUER")
OIDC_CLIENT_ID = envstr("PALG_OIDC_CLIENT_ID")
# PALG_OIDC_CLIENT_SECRET_FILE (a file the server reads) is the recommended way; an inline
# PALG_OIDC_CLIENT_SECRET works but `check --deploy` warns about it.
OIDC_CLIENT_SECRET = envstr("PALG_OIDC_CLIENT_SECRET")
OIDC_CLIENT_SECRET_INLINE = bool(
    os.environ.get("PALG_OIDC_CLIENT_SECRET") and not os.environ.get("PALG_OIDC_CLIENT_SECRET_FILE")
)
OIDC_ORGANISATION = envstr("PALG_OIDC_ORGANISATION")
OIDC_DOMAINS = envlist("PALG_OIDC_DOMAINS")
# Failed logins allowed per account and per client address inside the window.
LOGIN_MAX_FAILURES = envint("PALG_LOGIN_MAX_FAILURES", 5)
LOGIN_WINDOW_SECONDS = envint("PALG_LOGIN_WINDOW_SECONDS", 900)
# The proxies in front of palg whose X-Forwarded-For names the real client (palg.accounts
# .addresses). Empty: the header is ignored and the peer address is the client.
TRUSTED_PROXIES = envnetworks("PALG_TRUSTED_PROXIES")
# Days that sign-ins, failed sign-ins and other security events are kept (palg.accounts.events).
SECURITY_EVENT_DAYS = envint("PALG_SECURITY_EVENT_DAYS", 365)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = envstr("PALG_TIME_ZONE", "Europe/London")
# The fewest people any figure shown outside a set rests on (palg.impact.floor): 5, or higher.
MIN_CELL = envint("PALG_MIN_CELL", 5)
# The release rule for themes pooled across sets (palg.themes.rule): a theme reaches anyone
# outside the sets only with statements from at least this many sets and people. Raise only.
THEME_MIN_SETS = envint("PALG_THEME_MIN_SETS", 3)
THEME_MIN_PEOPLE = envint("PALG_THEME_MIN_PEOPLE", 10)
# A job title held by fewer people than this in the directory is flagged as identifying in a
# theme statement before release (palg_themes.identifying).
THEME_RARE_TITLE = envint("PALG_THEME_RARE_TITLE", 5)
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # whitenoise serves hashed, compressed static files from every app server, so no separate
    # static host is needed when running several stateless servers.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Largest CSV upload accepted by the people import, in bytes.
IMPORT_MAX_BYTES = envint("PALG_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
# Longest search when a lead forms a round's sets (the page waits for it). Programmes of a few
# hundred people converge well within it.
FORMING_SECONDS = envint("PALG_FORMING_SECONDS", 5)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Email (palg.notify), as a Django 6.1 mailer: SMTP when EMAIL_HOST is set, else one `.eml`
# file per message under PALG_DATA_DIR/mail (palg.notify.mailfolder). (Django's own EMAIL_*
# settings are deprecated.)
_EMAIL_HOST = envstr("EMAIL_HOST")
EMAIL_MODE = envstr("PALG_EMAIL", "smtp" if _EMAIL_HOST else "file")
_MAILERS = {
    "smtp": (
        "django.core.mail.backends.smtp.EmailBackend",
        {
            "host": _EMAIL_HOST or "localhost",
            "port": envint("EMAIL_PORT", 25),
            "username": envstr("EMAIL_HOST_USER"),
            "password": envstr("EMAIL_HOST_PASSWORD"),
            "use_tls": envbool("EMAIL_USE_TLS", False),
            "use_ssl": envbool("EMAIL_USE_SSL", False),
            "timeout": envint("EMAIL_TIMEOUT", 30),
        },
    ),
    "file": ("palg.notify.mailfolder.EmailBackend", {"file_path": DATA_DIR / "mail"}),
    "console": ("django.core.mail.backends.console.EmailBackend", {}),
}
if EMAIL_MODE not in _MAILERS:
    raise RuntimeError(f"PALG_EMAIL must be smtp, file or console; got {EMAIL_MODE!r}")
if _MAILERS["smtp"][1]["use_tls"] and _MAILERS["smtp"][1]["use_ssl"]:
    raise RuntimeError("Set EMAIL_USE_TLS (STARTTLS) or EMAIL_USE_SSL (implicit TLS), not both.")
_MAILER_BACKEND, _MAILER_OPTIONS = _MAILERS[EMAIL_MODE]
MAILERS = {"default": {"BACKEND": _MAILER_BACKEND, "OPTIONS": _MAILER_OPTIONS}}
DEFAULT_FROM_EMAIL = envstr("PALG_FROM_EMAIL", "palg <palg@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# How often `palg worker` plans and sends due notices, and how long a notice may stay
# "sending" before it is taken for a worker that died mid-send (palg.notify.sending).
NOTIFY_SECONDS = envint("PALG_NOTIFY_SECONDS", 60)
NOTIFY_SENDING_TIMEOUT = envint("PALG_NOTIFY_SENDING_TIMEOUT", 900)
# How long an invitation's link to make an account works (palg.accounts.invitations).
INVITE_DAYS = envint("PALG_INVITE_DAYS", 14)

# Security headers. Content Security Policy: everything from our own origin, no inline script.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("PALG_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("PALG_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("PALG_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("PALG_LOG_LEVEL", "WARNING")},
}
