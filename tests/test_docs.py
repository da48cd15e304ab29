"""README.md documents every setting, every `palg` command and the demo accounts (the
Datasette tests/test_docs.py pattern)."""

import re
from pathlib import Path

import pytest
import typer.main

from palg.cli import app
from palg.demo import DEMO_PASSWORD, demo_accounts

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
SETTINGS = (ROOT / "src" / "palg" / "settings.py").read_text()
ENV_CALL = re.compile(r"\benv(?:str|bool|int|list)\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")


def settings_variables() -> list[str]:
    return sorted(set(ENV_CALL.findall(SETTINGS)))


def palg_commands() -> list[str]:
    """Every command, with the subcommands of groups: `serve`, `import people`, ..."""
    names = []
    for name, command in typer.main.get_command(app).commands.items():
        names.append(name)
        names += [f"{name} {sub}" for sub in getattr(command, "commands", {})]
    return sorted(names)


def section(title: str) -> str:
    """The README text from a `## title` heading to the next `## ` heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def test_it_finds_the_settings_variables():
    # Guards the regex: if it stopped matching, the next test would pass vacuously.
    assert {"DB", "DB_NAME", "PALG_SECRET_KEY", "PALG_HTTPS"} <= set(settings_variables())


@pytest.mark.parametrize("name", settings_variables())
def test_every_settings_variable_is_in_the_configuration_table(name):
    assert f"| `{name}` |" in section("Configuration")


def test_it_finds_the_palg_commands():
    assert {"serve", "worker", "demo", "manage", "import people"} <= set(palg_commands())


@pytest.mark.parametrize("command", palg_commands())
def test_every_palg_command_is_documented(command):
    # In inline code (`palg serve`) or at the start of a line in a code block.
    pattern = rf"(?:`|^)palg {re.escape(command)}\b"
    assert re.search(pattern, README, re.M), f"`palg {command}` is not in README.md"


def test_the_quick_start_shows_make_demo_and_make_test():
    quick_start = section("Quick start")
    assert "make demo" in quick_start
    assert "make test" in quick_start


def test_the_readme_lists_every_demo_account_and_the_password():
    accounts = section("Demo accounts")
    assert DEMO_PASSWORD in accounts
    for role, email in demo_accounts():
        assert f"| {role} | `{email}` |" in accounts
