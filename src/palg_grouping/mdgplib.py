"""MDGPLIB instance files (RanReal, RanInt, Geo) and solution files.

An instance starts with `n G ss|ds a_0 b_0 ... a_{G-1} b_{G-1}`, then one `i j d_ij` line per
pair i < j. A solution file holds one group index per line, in element order.
"""

from pathlib import Path

import numpy as np

from palg_grouping.problem import GroupingProblem

MSG_HEADER = "{path}: the first line must be `n G ss|ds` and two size bounds per group"
MSG_PAIRS = "{path}: expected {expected} lines `i j d` after the header, found {found}"


def read_instance(path) -> GroupingProblem:
    """Read an MDGPLIB instance file into a GroupingProblem."""
    path = Path(path)
    with path.open() as handle:
        header = handle.readline().split()
        body = handle.read()
    try:
        n, G = int(header[0]), int(header[1])
        bounds = np.array(header[3 : 3 + 2 * G], dtype=np.int64).reshape(G, 2)
    except (IndexError, ValueError) as error:
        raise ValueError(MSG_HEADER.format(path=path)) from error
    if header[2] not in ("ss", "ds") or bounds.shape != (G, 2):
        raise ValueError(MSG_HEADER.format(path=path))
    values = np.array(body.split(), dtype=np.float64)
    expected = n * (n - 1) // 2
    if values.size != 3 * expected:
        raise ValueError(MSG_PAIRS.format(path=path, expected=expected, found=values.size // 3))
    triples = values.reshape(-1, 3)
    i, j = triples[:, 0].astype(np.int64), triples[:, 1].astype(np.int64)
    d = np.zeros((n, n))
    d[i, j] = triples[:, 2]
    d[j, i] = triples[:, 2]
    return GroupingProblem(d, bounds[:, 0], bounds[:, 1])


def write_solution(path, labels) -> None:
    """Write one group index per line, in element order."""
    Path(path).write_text("".join(f"{int(g)}\n" for g in labels))


def read_solution(path) -> np.ndarray:
    """Read a solution file written by `write_solution`."""
    return np.array(Path(path).read_text().split(), dtype=np.int64)
