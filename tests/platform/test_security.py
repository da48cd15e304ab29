"""Production settings: deploy checks, Argon2, HTTPS-only cookies and HSTS, CSRF, headers.

Settings are read from the environment once, at import, so production settings are examined in
a fresh Python process with production environment variables.
"""

import json
import os
import secrets
import subprocess
import sys
import textwrap

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

import palg.settings
from tests.conftest import PASSWORD

# Asks for a page over HTTPS the way the TLS proxy would, and reports what would reach a browser.
PROBE = textwrap.dedent(
    """
    import json
    import django
    from django.test import Client
    from django.test.utils import override_settings

    django.setup()
    from django.conf import settings

    plain = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES={**settings.STORAGES, **plain}):
        client = Client(SERVER_NAME="palg.example")
        secure = client.get("/login/", secure=True)
        insecure = client.get("/login/")
    print(json.dumps({
        "status": secure.status_code,
        "hsts": secure.headers.get("Strict-Transport-Security", ""),
        "csrf_cookie": secure.cookies["csrftoken"].output(),
        "insecure_status": insecure.status_code,
        "insecure_location": insecure.headers.get("Location", ""),
        "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
        "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
        "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
        "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
        "hashers": settings.PASSWORD_HASHERS,
        "debug": settings.DEBUG,
    }))
    """
)


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    # A clean production environment: no PALG_* from the test run, and not the browser tests'
    # DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly warns about.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PALG_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="palg.settings",
        PALG_HTTPS="1",
        PALG_SECRET_KEY=secrets.token_urlsafe(60),
        PALG_JOURNAL_KEYS=Fernet.generate_key().decode(),
        EMAIL_HOST="smtp.palg.example",  # without it mail goes to files, which deploy flags
        PALG_DEBUG="0",
        PALG_ALLOWED_HOSTS="palg.example",
        PALG_DATA_DIR=str(tmp_path),
    )
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def production(production_env) -> dict:
    result = run([sys.executable, "-c", PROBE], production_env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_deploy_checks_pass_with_production_settings(production_env):
    check = [sys.executable, "-m", "palg", "manage", "check", "--deploy", "--fail-level", "WARNING"]
    result = run(check, production_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_flag_the_development_secret_key(production_env):
    del production_env["PALG_SECRET_KEY"]
    check = [sys.executable, "-m", "palg", "manage", "check", "--deploy", "--fail-level", "WARNING"]
    result = run(check, production_env)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_settings_hash_passwords_with_argon2(production, settings):
    assert production["hashers"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert palg.settings.PASSWORD_HASHERS[0] == production["hashers"][0]
    # tests/conftest.py swaps in a fast hasher; put the real list back to hash one password.
    settings.PASSWORD_HASHERS = palg.settings.PASSWORD_HASHERS
    assert make_password(PASSWORD).startswith("argon2$argon2id$")


def test_https_makes_cookies_secure_and_sends_hsts(production):
    assert production["debug"] is False
    assert production["status"] == 200
    assert production["session_cookie_secure"] is True
    assert production["session_cookie_httponly"] is True
    assert production["csrf_cookie_secure"] is True
    assert "; Secure" in production["csrf_cookie"]
    assert "max-age=31536000" in production["hsts"]
    assert "includeSubDomains" in production["hsts"]


def test_https_redirects_plain_http_and_trusts_the_proxy_header(production):
    assert production["insecure_status"] == 301
    assert production["insecure_location"].startswith("https://palg.example/")
    assert production["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.django_db
def test_a_login_post_without_a_csrf_token_is_refused(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("login"), {"login": cast.users["member"].email, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_pages_send_the_security_headers(client):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
