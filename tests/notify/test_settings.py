"""Email settings come from the environment: files under PALG_DATA_DIR/mail by default, SMTP
once EMAIL_HOST is set, and a bad choice stops palg with the variable's name. Each case imports
the settings in a fresh Python process, as `palg` would."""

import json
import os
import subprocess
import sys

import pytest

SHOW = (
    "import json; from django.conf import settings; "
    "m = settings.MAILERS['default']; "
    "print(json.dumps({'backend': m['BACKEND'], 'options': {k: str(v) for k, v in "
    "m['OPTIONS'].items()}, 'from': settings.DEFAULT_FROM_EMAIL}))"
)
EMAIL_VARIABLES = ("EMAIL_", "PALG_EMAIL", "PALG_FROM_EMAIL")  # prefixes, _FILE included


def settings_with(tmp_path, **variables) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(EMAIL_VARIABLES)}
    env.update(DJANGO_SETTINGS_MODULE="palg.settings", PALG_DATA_DIR=str(tmp_path), **variables)
    code = f"import django; django.setup(); {SHOW}"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def mailer(tmp_path, **variables) -> dict:
    result = settings_with(tmp_path, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_a_host_mail_goes_to_files_under_the_data_dir(tmp_path):
    found = mailer(tmp_path)
    assert found["backend"] == "palg.notify.mailfolder.EmailBackend"
    assert found["options"] == {"file_path": str(tmp_path / "mail")}


def test_a_host_switches_to_smtp_with_the_password_from_a_file(tmp_path):
    secret = tmp_path / "password"
    secret.write_text("s3cret\n")
    found = mailer(
        tmp_path, EMAIL_HOST="smtp.example.org", EMAIL_PORT="587", EMAIL_HOST_USER="palg",
        EMAIL_HOST_PASSWORD_FILE=str(secret), EMAIL_USE_TLS="1",
        PALG_FROM_EMAIL="Leadership <leaders@example.org>",
    )  # fmt: skip
    assert found["backend"].endswith("smtp.EmailBackend")
    assert found["options"] == {
        "host": "smtp.example.org", "port": "587", "username": "palg", "password": "s3cret",
        "use_tls": "True", "use_ssl": "False", "timeout": "30",
    }  # fmt: skip
    assert found["from"] == "Leadership <leaders@example.org>"


def test_console_can_be_chosen_even_with_a_host(tmp_path):
    found = mailer(tmp_path, EMAIL_HOST="smtp.example.org", PALG_EMAIL="console")
    assert found["backend"].endswith("console.EmailBackend")


@pytest.mark.parametrize(
    "variables,message",
    [
        ({"PALG_EMAIL": "carrier-pigeon"}, "PALG_EMAIL must be smtp, file or console"),
        ({"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "not both"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number"),
    ],
)
def test_a_bad_email_setting_stops_palg_with_its_name(tmp_path, variables, message):
    result = settings_with(tmp_path, **variables)
    assert result.returncode != 0 and message in result.stderr
