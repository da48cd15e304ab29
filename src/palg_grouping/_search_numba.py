"""The "numba" kernel: the source of `_search_python` compiled with `njit(cache=True)`.

Imported lazily (only when numba is installed and the numba kernel is asked for), so the
package works without numba.
"""

from pathlib import Path

import numba

_SOURCE = Path(__file__).with_name("_search_python.py")
_namespace: dict = {"__name__": __name__, "_jit": numba.njit(cache=True)}
exec(compile(_SOURCE.read_text(), str(_SOURCE), "exec"), _namespace)

search = _namespace["search"]
rebuild = _namespace["rebuild"]
