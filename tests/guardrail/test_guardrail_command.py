"""`palg guardrail FILE`: one verdict per contribution line, from a file or standard input, with
clear errors and exit status 1 for input it cannot read."""

import pytest
from typer.testing import CliRunner

from palg.cli import app
from palg.commands import guardrail as command

runner = CliRunner()

LINES = [
    "What would success look like for you?",
    "Why don't you just ask HR?",
    "Is the budget fixed?",
    "That sounds exhausting.",
    "",
]


@pytest.fixture
def contributions(tmp_path):
    path = tmp_path / "contributions.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path


def test_it_prints_one_verdict_per_input_line_in_order(contributions):
    result = runner.invoke(app, ["guardrail", str(contributions)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["question", "advice", "question", "other", "other"]


def test_a_dash_reads_standard_input():
    result = runner.invoke(app, ["guardrail", "-"], input="Have you tried a one-to-one?\r\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["advice"]


def test_explain_adds_the_kind_the_cue_and_the_nudge(contributions):
    result = runner.invoke(app, ["guardrail", str(contributions), "--explain"])
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0][:3] == ["question", "open", 'question-word="What"']
    assert rows[1][:3] == [
        "advice",
        "advice",
        'why-dont-you="Why don\'t you"; just-do-it="just ask"',
    ]
    assert rows[1][3].startswith("‘Why don't you…’ often lands as advice.")
    assert rows[4] == ["other", "statement", "-", "-"]


def test_non_utf8_input_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("What is going on?\nCould you ask the café owner?\n".encode("latin-1"))
    result = runner.invoke(app, ["guardrail", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == command.MSG_NOT_UTF8.format(name=str(path), position=40, line=2)
    assert "line 2" in result.stderr


def test_a_missing_file_is_refused_with_a_clear_message(tmp_path):
    result = runner.invoke(app, ["guardrail", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert result.stderr.strip() == command.MSG_UNREADABLE.format(
        name=str(tmp_path / "nope.txt"), reason="No such file or directory"
    )


def test_it_needs_no_database(contributions, monkeypatch):
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    result = runner.invoke(app, ["guardrail", str(contributions)])
    assert result.exit_code == 0, result.output
