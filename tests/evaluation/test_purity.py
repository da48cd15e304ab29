"""palg_evaluation is a pure package: importing all of it loads neither Django nor palg, and the
two commands run without Django."""

import subprocess
import sys

SCRIPT = """
import importlib, pkgutil, sys
import palg_evaluation
for module in pkgutil.walk_packages(palg_evaluation.__path__, "palg_evaluation."):
    importlib.import_module(module.name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("django", "palg"))
print(",".join(loaded))
"""

COMMANDS = """
import sys
from typer.testing import CliRunner
from palg.cli import app
r = CliRunner().invoke(app, ["instruments", "score", "-"],
                       input="respondent,item,value\\nx,ucla.1,1\\nx,ucla.2,2\\n")
assert r.exit_code == 0, r.output
r = CliRunner().invoke(app, ["evaluate", "paired", "-"],
                       input="respondent,before,after\\n" + "".join(
                           f"p{i},{i},{i * 1.5}\\n" for i in range(14)))
assert r.exit_code == 0, r.output
apps = sys.modules.get("django.apps")
print("ready" if apps is not None and apps.apps.ready else "not set up")
"""


def test_importing_every_module_loads_no_django_and_no_palg():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""


def test_the_two_commands_run_without_setting_django_up():
    done = subprocess.run(
        [sys.executable, "-c", COMMANDS], capture_output=True, text=True, check=True
    )
    # Other command modules may import parts of Django, but nothing sets it up.
    assert done.stdout.strip() == "not set up"
