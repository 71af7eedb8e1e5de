"""Relation benchmark: precision/recall of hostile/ally relations against the
``FightingAgainst``/``AlliesOf`` relations of re3d (dstl), matched by overlapping spans of
the relation's source and target (unordered pairs). Each document goes through the whole
pipeline (``Pipeline().process``), so event-derived relations count.

    python -m benchmarks.relations [DATA_DIR]
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict

from benchmarks.actors import _pipeline, _process, data_dir

GOLD = {"FightingAgainst": "hostile", "AlliesOf": "ally"}


def _lines(path):  # type: ignore[no-untyped-def]
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def main(argv: list[str] | None = None) -> None:
    root = data_dir(argv if argv is not None else sys.argv)
    if root is None:
        print("relations benchmark: development data absent; skipped")
        return
    pipeline = _pipeline()
    tp = fp = fn = 0
    t0 = time.perf_counter()
    for folder in sorted((root / "re3d").iterdir()):
        if not (folder / "documents.json").exists():
            continue
        gold: dict[str, set] = defaultdict(set)
        for r in _lines(folder / "relations.json"):
            if r["type"] in GOLD:
                gold[r["documentId"]].add(
                    (GOLD[r["type"]], (r["sourceBegin"], r["sourceEnd"]), (r["targetBegin"], r["targetEnd"]))
                )
        for d in _lines(folder / "documents.json"):
            doc = _process(pipeline, d["text"])
            spans = defaultdict(list)
            for m in doc.actor_mentions:
                spans[m.actor_id].append((m.start, m.end))
            golds = gold.get(d["_id"], set())
            matched = set()
            for rel in doc.relations:
                if rel.type not in ("hostile", "ally"):
                    continue
                hit = None
                for g in golds:
                    if g[0] != rel.type:
                        continue
                    for a, b in ((rel.source, rel.target), (rel.target, rel.source)):
                        if any(s < g[1][1] and g[1][0] < e for s, e in spans[a]) and any(
                            s < g[2][1] and g[2][0] < e for s, e in spans[b]
                        ):
                            hit = g
                if hit is None:
                    fp += 1
                else:
                    matched.add(hit)
            # gold relations are listed in both directions: count unordered pairs
            pairs = {(g[0], frozenset((g[1], g[2]))) for g in golds}
            got = {(g[0], frozenset((g[1], g[2]))) for g in matched}
            tp += len(got)
            fn += len(pairs - got)
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    print(
        "re3d FightingAgainst/AlliesOf:",
        json.dumps(
            {
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "precision": round(p, 4),
                "recall": round(r, 4),
                "f1": round(2 * p * r / max(p + r, 1e-9), 4),
            }
        ),
    )
    print(f"time: {time.perf_counter() - t0:.1f}s")


if __name__ == "__main__":
    main()
