"""Compile a kernel module's whole source with numba, so its functions can call each other.

A kernel module is plain Python (the slow twin) whose functions are decorated with a `jit`
that is the identity unless the module's globals hold `_jit`. Running the same source here
with `_jit = numba.njit(cache=True)` gives the fast path, step for step the same algorithm.
Imported lazily: only when numba is installed and asked for.
"""

import functools
import importlib
from pathlib import Path

import numba


@functools.cache
def compiled(module_name: str) -> dict:
    """The namespace of `module_name`'s source executed with numba's njit as `_jit`."""
    source = Path(importlib.import_module(module_name).__file__)
    namespace: dict = {"__name__": module_name, "_jit": numba.njit(cache=True)}
    exec(compile(source.read_text(), str(source), "exec"), namespace)
    return namespace
