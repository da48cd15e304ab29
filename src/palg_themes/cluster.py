"""Clustering statements into themes without being told how many there are.

Sentence embeddings alone separate systemic themes poorly when sets word the same pattern in
different words (docs/benchmarks.md, "Themes"): neighbours by cosine share a theme only a third of
the time. So the clustering works in two spaces:

- the guided space Z: each statement's embedding joined with a soft profile of how close it
  comes to each pattern of the catalogue (catalogue.py). Statements that share no word but
  point at the same pattern get close there;
- the plain embedding X, used as a gate: a statement joins a cluster only if it is also close
  to the cluster's mean in X. Unrelated one-off statements ("the lift is broken") stay out.

Steps: (1) seeds: statements clearly near a catalogue pattern start a cluster for that pattern;
(2) discovery: HDBSCAN runs over the plain embeddings of the statements no pattern seeded, and
each dense, cohesive group it finds starts a cluster too, so a theme the catalogue does not know
still forms one; (3) refine: like k-means, but with an exit: each statement joins the nearest
cluster mean if both similarities pass their thresholds, otherwise it is in no cluster; means
are recomputed until nothing moves, and clusters below min_size dissolve; (4) people's
confirmations ("ours is the same as that one") are must-links: confirmed statements are pulled
to their common mean before clustering and put in one cluster after it.

Everything is deterministic: no random state, ties broken by row order.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from palg_themes.labels import NOISE, ctfidf_words, label_text, representative

MSG_BAD_CONFIRMATION = (
    "Confirmation {pair} names statement {index}, but there are only {n} statements (0 to {last})."
)
MSG_SHAPE = "Expected one embedding per statement: {rows} vectors for {n} statements."


@dataclass(frozen=True)
class Params:
    """The clustering's settings; the defaults are those measured in docs/benchmarks.md."""

    # Fewest statements in a cluster; a smaller group stays unclustered.
    min_size: int = 4
    # A statement at least this close (cosine) to a catalogue pattern seeds that pattern's cluster.
    seed_similarity: float = 0.40
    # Softmax temperature and weight of the catalogue profile in the guided space.
    guide_temperature: float = 0.03
    guide_weight: float = 0.5
    # Joining a cluster needs cosine >= join_similarity to its mean in the guided space and
    # >= gate_similarity to its mean in the plain embedding.
    join_similarity: float = 0.35
    gate_similarity: float = 0.40
    # Discovering clusters the catalogue does not know: HDBSCAN's min_samples over the plain
    # embeddings of the statements no pattern seeded, and the mean cosine between a new
    # cluster's members that it needs to stand (no pattern vouches for it).
    discover_min_samples: int = 4
    discover_cohesion: float = 0.30
    # HDBSCAN over more statements costs time and memory that grow fast; beyond this many it
    # reads an evenly spaced sample, and the clusters it starts then draw in the rest.
    discover_sample: int = 4000
    max_rounds: int = 30


@dataclass(frozen=True)
class Cluster:
    """A theme: id (1, 2, … in order of first row), member rows, label words, representative."""

    id: int
    members: tuple[int, ...]
    words: tuple[str, ...]
    representative: int

    @property
    def label(self) -> str:
        return label_text(self.words)


@dataclass(frozen=True)
class Clustering:
    """labels[i] is the id of statement i's cluster, or None when it is in no cluster."""

    labels: tuple[int | None, ...]
    clusters: tuple[Cluster, ...]

    def cluster(self, cluster_id: int) -> Cluster:
        return next(c for c in self.clusters if c.id == cluster_id)


def _unit(m: np.ndarray) -> np.ndarray:
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)


def components(n: int, confirmations: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Groups of statements joined by confirmations (union-find), each of two or more, sorted."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for pair in confirmations:
        for index in pair:
            if not 0 <= index < n:
                raise ValueError(
                    MSG_BAD_CONFIRMATION.format(pair=tuple(pair), index=index, n=n, last=n - 1)
                )
        a, b = find(pair[0]), find(pair[1])
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return [g for g in groups.values() if len(g) > 1]


def guided_space(x: np.ndarray, guide: np.ndarray | None, params: Params):
    """(Z, seeds): unit vectors in the guided space, and each row's catalogue pattern or NOISE."""
    if guide is None or len(guide) == 0:
        return x, np.full(len(x), NOISE)
    near = x @ guide.T
    logits = (near - near.max(axis=1, keepdims=True)) / params.guide_temperature
    profile = np.exp(logits)
    profile /= profile.sum(axis=1, keepdims=True)
    z = _unit(np.hstack([x, params.guide_weight * _unit(np.sqrt(profile))]))
    seeds = np.where(near.max(axis=1) >= params.seed_similarity, near.argmax(axis=1), NOISE)
    return z, seeds


def _means(v: np.ndarray, index: np.ndarray, k: int) -> np.ndarray:
    """Unit mean direction of the rows of v in each of k groups (index[i] in 0..k-1, or -1)."""
    from scipy.sparse import csr_matrix

    rows = np.nonzero(index >= 0)[0]
    one_hot = csr_matrix((np.ones(len(rows)), (index[rows], rows)), shape=(k, len(v)))
    return _unit(np.asarray(one_hot @ v))


def _refine(z: np.ndarray, x: np.ndarray, labels: np.ndarray, params: Params) -> np.ndarray:
    labels = labels.copy()
    for _ in range(params.max_rounds):
        ids, sizes = np.unique(labels[labels != NOISE], return_counts=True)
        ids = ids[sizes >= params.min_size]
        if not len(ids):
            return np.full(len(labels), NOISE)
        # Position of each row's cluster among ids, or -1 (noise, or a cluster too small).
        position = np.full(len(labels), -1)
        member = np.isin(labels, ids)
        position[member] = np.searchsorted(ids, labels[member])
        centre_z = _means(z, position, len(ids))
        centre_x = _means(x, position, len(ids))
        near = z @ centre_z.T
        best = near.argmax(axis=1)
        gate = np.einsum("ij,ij->i", x, centre_x[best])
        keep = (near[np.arange(len(z)), best] >= params.join_similarity) & (
            gate >= params.gate_similarity
        )
        new = np.where(keep, ids[best], NOISE)
        if np.array_equal(new, labels):
            break
        labels = new
    return labels


def _cohesion(x: np.ndarray) -> float:
    n = len(x)
    return float(((x @ x.T).sum() - n) / (n * n - n)) if n > 1 else 1.0


def _discover(x: np.ndarray, labels: np.ndarray, params: Params) -> np.ndarray:
    """Start clusters among statements no pattern seeded, from their density alone (HDBSCAN)."""
    left = np.nonzero(labels == NOISE)[0]
    if len(left) <= max(params.min_size, params.discover_min_samples):
        return labels
    if len(left) > params.discover_sample:
        left = left[np.linspace(0, len(left) - 1, params.discover_sample).round().astype(int)]
    from sklearn.cluster import HDBSCAN

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        found = HDBSCAN(
            min_cluster_size=params.min_size,
            min_samples=params.discover_min_samples,
            cluster_selection_method="leaf",
            # Exact neighbours from one distance matrix: in 384 dimensions a tree is slower.
            algorithm="brute",
            copy=True,
        ).fit_predict(x[left])
    labels = labels.copy()
    offset = int(labels.max()) + 1 if (labels != NOISE).any() else 0
    for k in np.unique(found[found != NOISE]):
        rows = left[found == k]
        if _cohesion(x[rows]) >= params.discover_cohesion:
            labels[rows] = offset + int(k)
    return labels


def _must_link(labels: np.ndarray, groups: list[list[int]], params: Params) -> np.ndarray:
    labels = labels.copy()
    for group in groups:
        held = [int(labels[i]) for i in group if labels[i] != NOISE]
        if held:
            # The cluster most of the group is in; on a tie, the one the earliest row is in.
            counts = {k: held.count(k) for k in held}
            target = max(held, key=lambda k: (counts[k], -held.index(k)))
        elif len(group) >= params.min_size:
            target = int(labels.max()) + 1 if (labels != NOISE).any() else 0
        else:
            continue
        labels[group] = target
    return labels


def cluster_vectors(
    texts: Sequence[str],
    vectors: np.ndarray,
    *,
    guide: np.ndarray | None = None,
    confirmations: Sequence[tuple[int, int]] = (),
    params: Params = Params(),
) -> Clustering:
    """Cluster statements given their unit embeddings (and the catalogue's, as guide)."""
    n = len(texts)
    x = np.asarray(vectors, dtype=np.float64)
    if x.shape[0] != n:
        raise ValueError(MSG_SHAPE.format(rows=x.shape[0], n=n))
    groups = components(n, confirmations)
    if n == 0:
        return Clustering(labels=(), clusters=())
    x = _unit(x.copy())
    for group in groups:  # pull confirmed statements to one point, so they cluster as one
        x[group] = _unit(x[group].mean(axis=0, keepdims=True))
    z, seeds = guided_space(x, guide, params)
    labels = _refine(z, x, _discover(x, seeds, params), params)
    labels = _must_link(labels, groups, params)
    return _result(texts, x, labels)


def _result(texts: Sequence[str], x: np.ndarray, labels: np.ndarray) -> Clustering:
    # Ids 1, 2, … in order of each cluster's first row: stable and independent of seeds.
    order: dict[int, int] = {}
    for label in labels:
        if label != NOISE and int(label) not in order:
            order[int(label)] = len(order) + 1
    ids = [order.get(int(label)) for label in labels]
    words = ctfidf_words(texts, [NOISE if i is None else i for i in ids])
    grouped: dict[int, list[int]] = {cid: [] for cid in range(1, len(order) + 1)}
    for i, cid in enumerate(ids):
        if cid is not None:
            grouped[cid].append(i)
    clusters = []
    for cid, rows in grouped.items():
        members = tuple(rows)
        clusters.append(
            Cluster(
                id=cid,
                members=members,
                words=words.get(cid, ()),
                representative=representative(x, members),
            )
        )
    return Clustering(labels=tuple(ids), clusters=tuple(clusters))


def cluster(
    texts: Sequence[str],
    *,
    confirmations: Sequence[tuple[int, int]] = (),
    params: Params = Params(),
    guided: bool = True,
    embedder=None,
) -> Clustering:
    """Embed the statements offline and cluster them (see the module's docstring).

    confirmations are pairs (i, j) of statement rows that people said mean the same; guided=False
    leaves the catalogue out (data-driven discovery only).
    """
    from palg_themes.embedding import catalogue_vectors, statement_vectors

    vectors = statement_vectors(texts, embedder)
    guide = catalogue_vectors(embedder) if guided else None
    return cluster_vectors(texts, vectors, guide=guide, confirmations=confirmations, params=params)
