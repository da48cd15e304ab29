"""Where the shared MDGPLIB instances live (beside the repository, as in CI)."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = next(
    (p for p in (ROOT.parent / "shared/bench/mdgp", Path("/work/shared/bench/mdgp")) if p.is_dir()),
    None,
)


def instance_path(name: str) -> Path:
    """The file of an instance such as RanReal_n010_ss_01; skips the test without the data."""
    if BENCH is None:
        pytest.skip("the shared MDGPLIB instances are not beside the repository")
    return BENCH / name.split("_")[0] / f"{name}.txt"


def best_known() -> dict[str, tuple[float, str]]:
    """Instance name -> (value, kind) from best_known.tsv."""
    if BENCH is None:
        return {}
    rows = (BENCH / "best_known.tsv").read_text().splitlines()[1:]
    return {r.split("\t")[0]: (float(r.split("\t")[1]), r.split("\t")[2]) for r in rows}
