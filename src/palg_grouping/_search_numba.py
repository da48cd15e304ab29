"""The "numba" kernel: the source of `_search_python` compiled with `njit(cache=True)`.

Imported lazily (only when numba is installed and the numba kernel is asked for), so the
package works without numba.
"""

from palg_grouping._twin import compiled

_namespace = compiled("palg_grouping._search_python")
search = _namespace["search"]
rebuild = _namespace["rebuild"]
