"""The Django admin is off by default; with PALG_ADMIN=1 it follows the app's access rules.

Whether the admin is installed is decided when settings are imported, so the admin's own tests
(tests/platform/admin_checks.py) run in a separate pytest process with PALG_ADMIN=1.
"""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
ADMIN_MODULES = ("palg.people.admin", "palg.programmes.admin", "palg.accounts.admin")


@pytest.mark.django_db
def test_it_is_off_by_default(client):
    assert not apps.is_installed("django.contrib.admin")
    assert client.get("/admin/").status_code == 404


def test_admin_modules_import_without_the_admin_installed():
    for name in ADMIN_MODULES:
        assert importlib.import_module(name).register


def test_with_palg_admin_it_registers_metadata_only_and_scopes_staff():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_XDIST", "PYTEST_CURRENT_TEST"))
    }
    # A database of its own, so that it never meets the outer run's test database.
    env.update(PALG_ADMIN="1", DB_TEST_NAME=f"test_palg_admin_{os.getpid()}")
    # The browser and fuzzing plugins are not needed there and take seconds to load.
    plugins = ["-p", "no:xdist", "-p", "no:playwright", "-p", "no:schemathesis"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *plugins, "tests/platform/admin_checks.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
    assert "skipped" not in result.stdout
