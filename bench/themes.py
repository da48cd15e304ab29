"""The themes engine (palg_themes): clustering quality on palg's evaluation set, and the time and
memory to embed and cluster N statements on this machine.

    .venv/bin/python bench/themes.py quality            # ARI / NMI / one-offs left out, per split
    .venv/bin/python bench/themes.py speed 2000 50000   # one fresh process per size

quality compares the engine (catalogue-guided, no k), the engine without the catalogue, the
engine with the catalogue patterns of the held-out set's two new themes removed (a theme the
catalogue does not know), and the issue's baseline (MiniLM + k-means at the true k). Settings
were chosen on `tune` only. Scoring: see palg_themes.evaluation (every statement in no cluster
is its own label). speed makes N distinct statements by varying the evaluation set's sentences
and reports model load, embedding and clustering seconds and the process's peak memory (RSS).
"""

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

# Patterns a held-out theme names: removed together to see a theme the catalogue does not know.
UNKNOWN_PATTERNS = ("workspace", "appraisal")
OPENERS = [
    "",
    "Honestly, ",
    "In our directorate, ",
    "For the third year running, ",
    "On the night shift, ",
    "Across the region, ",
    "In the finance team, ",
    "Since the spring, ",
    "As one member put it, ",
    "Frankly, ",
]
CLOSERS = [
    "",
    " It wears people down.",
    " Nobody seems to notice.",
    " This has gone on for months.",
    " We raised it twice already.",
    " The set kept coming back to this.",
]


def machine() -> str:
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} cores, load {load:.2f}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def quality() -> None:
    import numpy as np

    import palg_themes.catalogue as catalogue
    from palg_embed import default_embedder
    from palg_themes import cluster_vectors, kmeans_baseline, load_examples, score
    from palg_themes.embedding import statement_vectors

    model = default_embedder()

    def guide(skip=()):
        rows = [
            model.embed(list(p)).mean(axis=0)
            for name, p in catalogue.PATTERNS.items()
            if name not in skip
        ]
        g = np.stack(rows)
        return g / np.linalg.norm(g, axis=1, keepdims=True)

    full, partial = guide(), guide(UNKNOWN_PATTERNS)
    print("| split | method | ARI | NMI | one-offs left out | clusters (true) | seconds |")
    print("|---|---|---|---|---|---|---|")
    for split in ("tune", "heldout"):
        examples = load_examples(split)
        texts = [e.text for e in examples]
        themes = [e.theme for e in examples]
        start = time.perf_counter()
        vectors = statement_vectors(texts)
        embed_s = time.perf_counter() - start
        runs = [
            ("engine (catalogue-guided, no k)", full),
            ("engine without the catalogue", None),
            (f"engine, catalogue without {' / '.join(UNKNOWN_PATTERNS)}", partial),
            ("baseline: MiniLM + k-means at true k", "kmeans"),
        ]
        for name, how in runs:
            start = time.perf_counter()
            if isinstance(how, str):
                labels = kmeans_baseline(vectors, themes)
            else:
                labels = cluster_vectors(texts, vectors, guide=how).labels
            seconds = time.perf_counter() - start + embed_s
            s = score(themes, labels)
            print(
                f"| {split} ({len(texts)}) | {name} | {s.ari:.3f} | {s.nmi:.3f} | "
                f"{s.singletons_out:.0%} | {s.clusters} ({s.themes}) | {seconds:.1f} |"
            )
    print(f"\nMachine: {machine()}.")


def statements(n: int, seed: int = 14) -> list[tuple[str, str]]:
    """n distinct (set, text) pairs varied from the evaluation set's sentences."""
    from palg_themes import load_examples

    base = [e.text for split in ("tune", "heldout") for e in load_examples(split)]
    rng = random.Random(seed)
    seen, out = set(), []
    while len(out) < n:
        text = rng.choice(OPENERS) + rng.choice(base) + rng.choice(CLOSERS)
        text = text[0].upper() + text[1:]
        if text in seen:
            text = f"{text} ({len(out)})"
        seen.add(text)
        out.append((f"S{rng.randrange(1, 1 + max(3, n // 8)):04d}", text))
    return out


def one_size(n: int) -> dict:
    """Run in a fresh process: load, embed, cluster and release n statements."""
    from palg_embed import default_embedder
    from palg_themes import ReleaseRule, cluster_vectors, release
    from palg_themes.embedding import catalogue_vectors

    rows = statements(n)
    texts = [t for _, t in rows]
    start = time.perf_counter()
    model = default_embedder()
    guide = catalogue_vectors(model)
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    vectors = model.embed(texts)
    embed_s = time.perf_counter() - start
    start = time.perf_counter()
    result = cluster_vectors(texts, vectors, guide=guide)
    releases = release(
        {c.id: c.members for c in result.clusters}, [s for s, _ in rows], range(n), ReleaseRule()
    )
    cluster_s = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "n": n,
        "load_s": load_s,
        "embed_s": embed_s,
        "cluster_s": cluster_s,
        "peak_mb": peak_mb,
        "clusters": len(result.clusters),
        "released": sum(r.released for r in releases.values()),
        "unclustered": result.labels.count(None) / n,
    }


def speed(sizes: list[int]) -> None:
    print(
        "| statements | model load s | embed s | cluster + release s | total s | "
        "statements/s (embed) | peak RSS MB | clusters | released | in no cluster |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        done = subprocess.run(
            [sys.executable, __file__, "_one", str(n)], capture_output=True, text=True, check=True
        )
        r = json.loads(done.stdout.strip().splitlines()[-1])
        total = r["load_s"] + r["embed_s"] + r["cluster_s"]
        print(
            f"| {n:,} | {r['load_s']:.2f} | {r['embed_s']:.1f} | {r['cluster_s']:.1f} | "
            f"{total:.1f} | {n / r['embed_s']:.0f} | {r['peak_mb']:.0f} | {r['clusters']} | "
            f"{r['released']} | {r['unclustered']:.0%} |"
        )
    print(f"\nMachine: {machine()}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("quality")
    p = sub.add_parser("speed")
    p.add_argument("sizes", nargs="*", type=int, default=[2000])
    p = sub.add_parser("_one")
    p.add_argument("n", type=int)
    args = parser.parse_args()
    if args.what == "quality":
        quality()
    elif args.what == "speed":
        speed(args.sizes)
    else:
        print(json.dumps(one_size(args.n)))


if __name__ == "__main__":
    main()
