"""Migrations match the models and run both ways, on whichever database the suite uses."""

import pytest
from django.core.management import call_command
from django.db import connection

OUR_TABLES = ("people_", "programmes_", "accounts_")


def our_tables() -> set[str]:
    return {name for name in connection.introspection.table_names() if name.startswith(OUR_TABLES)}


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    # --check exits with status 1 when makemigrations would write something.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_our_apps_migrate_to_zero_and_back():
    before = our_tables()
    assert {"people_person", "programmes_meeting", "accounts_user"} <= before
    # Unapplying people also unapplies the accounts and programmes migrations that depend on it.
    call_command("migrate", "people", "zero", verbosity=0)
    assert our_tables() == set()
    call_command("migrate", verbosity=0)
    assert our_tables() == before
