"""The fast engine is what every install gets; without numba the search warns that it is slow."""

import os
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

from packaging.requirements import Requirement

from palg_grouping import engine

ROOT = Path(__file__).resolve().parents[2]

# numba is blocked as if it were not installed (the import machinery raises ImportError).
WITHOUT_NUMBA = """
import sys, warnings
sys.modules["numba"] = None
warnings.simplefilter("always")
import numpy as np
import palg_grouping as pg
from palg_grouping.engine import SlowEngineWarning
d = np.ones((4, 4)) - np.eye(4)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    pg.form_groups(pg.GroupingProblem(d, [2, 2], [2, 2]), max_iterations=5)
    pg.form_groups(pg.GroupingProblem(d, [2, 2], [2, 2]), max_iterations=5)
    pg.plan_rounds(4, 2, min_size=2, max_size=2, time_limit=0.2)
slow = [w for w in caught if issubclass(w.category, SlowEngineWarning)]
print(len(slow))
print(slow[0].message)
"""


def run_without_numba(script: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )


def test_the_search_warns_once_when_numba_cannot_be_imported():
    lines = run_without_numba(WITHOUT_NUMBA).stdout.strip().splitlines()
    assert lines[0] == "1"
    assert "pure-Python twin" in lines[1]
    assert "pip install numba" in lines[1]


def test_palg_group_prints_the_warning_when_numba_cannot_be_imported(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("id,name,function\na,A,x\nb,B,y\nc,C,x\nd,D,y\n")
    script = (
        "import sys; sys.modules['numba'] = None\n"
        "from palg.cli import app\n"
        f"app(['group', {str(people)!r}, '--out', {str(tmp_path / 'g.csv')!r}, "
        "'--min-size', '2', '--max-size', '2', '--seconds', '1', '--diversify', 'function'], "
        "standalone_mode=False)\n"
    )
    done = run_without_numba(script)
    assert "SlowEngineWarning" in done.stderr
    assert "pure-Python twin" in done.stderr


def test_the_search_does_not_warn_when_numba_is_installed():
    assert engine.numba_problem() is None
    script = WITHOUT_NUMBA.replace('sys.modules["numba"] = None', "")
    script = script.replace("print(slow[0].message)", "")
    assert run_without_numba(script).stdout.strip() == "0"


def test_numba_is_a_core_dependency_on_every_platform_with_wheels():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    numba = [Requirement(r) for r in project["dependencies"] if r.startswith("numba")]
    assert len(numba) == 1
    marker = numba[0].marker
    wheels = [
        ("linux", "x86_64"),
        ("linux", "aarch64"),
        ("darwin", "arm64"),
        ("win32", "AMD64"),
        ("win32", "ARM64"),
    ]
    for platform, machine in wheels:
        environment = {
            "sys_platform": platform,
            "platform_machine": machine,
            "platform_python_implementation": "CPython",
        }
        assert marker.evaluate(environment), (platform, machine)
    assert not marker.evaluate({"sys_platform": "linux", "platform_machine": "ppc64le"})
    assert not marker.evaluate({"platform_python_implementation": "PyPy"})
    assert (
        "fast" not in project.get("optional-dependencies", {})
        or not (project["optional-dependencies"]["fast"])
    )


def test_the_warning_is_a_runtime_warning_of_its_own():
    assert issubclass(engine.SlowEngineWarning, RuntimeWarning)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        engine.warn_slow_engine()  # numba is importable here: nothing to say
