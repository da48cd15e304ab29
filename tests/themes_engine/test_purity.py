"""palg_themes and palg_embed are pure packages: importing and running them loads neither Django
nor palg, and `palg themes cluster` runs without setting Django up."""

import subprocess
import sys

SCRIPT = """
import importlib, pkgutil, sys
import palg_embed, palg_themes
for package in (palg_embed, palg_themes):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
palg_themes.cluster(["Too many meetings fill the day.", "The lift is broken."])
palg_themes.similar("Meetings all day", ["Too many meetings"])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("django", "palg", "torch"))
print(",".join(loaded))
"""

COMMAND = """
import sys, tempfile, pathlib
from typer.testing import CliRunner
from palg.cli import app
folder = pathlib.Path(tempfile.mkdtemp())
(folder / "in.tsv").write_text("set\\ttext\\nA\\tToo many meetings fill the day.\\n")
r = CliRunner().invoke(app, ["themes", "cluster", str(folder / "in.tsv"), "--out",
                             str(folder / "out.csv")])
assert r.exit_code == 0, r.output
apps = sys.modules.get("django.apps")
print("ready" if apps is not None and apps.apps.ready else "not set up")
"""


def test_importing_and_running_both_packages_loads_no_django_no_palg_and_no_torch():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""


def test_the_command_runs_without_setting_django_up():
    done = subprocess.run(
        [sys.executable, "-c", COMMAND], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "not set up"
