"""`palg demo --port N` makes the links it sends point at port N, unless PALG_SITE_URL is set."""

import os

import pytest
from typer.testing import CliRunner

from palg import cli
from palg.cli import app


@pytest.mark.django_db
def test_the_demo_s_links_point_at_the_port_it_serves_on(monkeypatch):
    monkeypatch.setenv("PALG_SITE_URL", "set, so that monkeypatch restores it afterwards")
    monkeypatch.delenv("PALG_SITE_URL")
    result = CliRunner().invoke(app, ["demo", "--port", "8123", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert os.environ["PALG_SITE_URL"] == "http://127.0.0.1:8123"


def test_a_site_url_that_is_set_wins_over_the_port(monkeypatch):
    monkeypatch.setenv("PALG_SITE_URL", "https://palg.example.org")
    cli.links_use_port(8123)
    assert os.environ["PALG_SITE_URL"] == "https://palg.example.org"
