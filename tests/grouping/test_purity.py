"""palg_grouping is a pure package: importing all of it loads neither Django nor palg."""

import subprocess
import sys

SCRIPT = """
import importlib, pkgutil, sys
import palg_grouping
for module in pkgutil.walk_packages(palg_grouping.__path__, "palg_grouping."):
    importlib.import_module(module.name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("django", "palg"))
print(",".join(loaded))
"""


def test_importing_every_module_loads_no_django_and_no_palg():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""


def test_the_package_imports_without_numba():
    script = "import sys; sys.modules['numba'] = None\n" + (
        "import numpy as np, palg_grouping as pg\n"
        "d = np.ones((4, 4)) - np.eye(4)\n"
        "r = pg.form_groups(pg.GroupingProblem(d, [2, 2], [2, 2]), max_iterations=5)\n"
        "print(r.objective)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "2.0"
