"""palg_guardrail is a pure package: importing all of it loads neither Django nor palg, and it
needs nothing beyond the standard library."""

import subprocess
import sys

SCRIPT = """
import importlib, pkgutil, sys
import palg_guardrail
for module in pkgutil.walk_packages(palg_guardrail.__path__, "palg_guardrail."):
    importlib.import_module(module.name)
palg_guardrail.classify("Why don't you ask HR?")
palg_guardrail.score(palg_guardrail.load_examples("dev"))
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("django", "palg", "numpy"))
print(",".join(loaded))
"""


def test_importing_and_running_every_module_loads_no_django_palg_or_numpy():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""
