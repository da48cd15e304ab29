"""Which search engine runs: numba's compiled kernels, or the pure-Python twin that warns.

numba is a core dependency wherever it has wheels (pyproject.toml), so every ordinary install
gets the compiled kernels. The pure-Python twin runs the same algorithm step for step and stays
for the tests that compare the two and as the fallback where numba cannot be imported; there it
is many times slower, so a search with the same time limit reaches worse groupings (on held-out
MDGPLIB instances the mean gap to the best known grew from 0.04% to 0.58%). That must not pass
unnoticed: the first search that falls back warns, once per process.
"""

from __future__ import annotations

import functools
import warnings


class SlowEngineWarning(RuntimeWarning):
    """numba could not be imported, so the grouping search runs on the pure-Python twin."""


MSG_SLOW_ENGINE = (
    "numba could not be imported ({error}), so palg_grouping searches with its pure-Python "
    "twin: many times slower, and in the same time limit it finds worse groupings. Install "
    "numba (`pip install numba`; it has wheels for CPython on Linux x86_64 and aarch64, macOS "
    "arm64 and 64-bit Windows)."
)

_warned = False


@functools.cache
def numba_problem() -> str | None:
    """Why numba cannot be imported, or None when it can."""
    try:
        import numba  # noqa: F401
    except ImportError as error:
        return str(error) or type(error).__name__
    return None


def warn_slow_engine() -> None:
    """Warn, once per process, that the search falls back to the pure-Python twin."""
    global _warned
    problem = numba_problem()
    if problem is None or _warned:
        return
    _warned = True
    warnings.warn(MSG_SLOW_ENGINE.format(error=problem), SlowEngineWarning, stacklevel=3)
