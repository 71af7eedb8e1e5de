"""Inter-annotator agreement on the doubly annotated sample.

``python -m marsad.learned.corpus.agreement`` compares ``corpus/events/agreement.jsonl`` (the
second, independent annotation of a random sample) with the first annotation of the same items
in ``corpus/events/labels/`` and prints Cohen's kappa and raw agreement for the ACLED label, the
PLOVER type, event vs NONE, and the status of items both annotators read as events.

``--revision N`` compares ``corpus/events/revisions_agreement.jsonl`` (a second, independent
re-reading of a sample of revision N's items) with revision N itself (``revisions/revN_*.jsonl``).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from marsad.learned.corpus.join import CORPUS_DIR, load_labels, read_jsonl


def cohen_kappa(a: list[str], b: list[str]) -> float:
    n = len(a)
    if n == 0:
        return float("nan")
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agreement(first: dict[str, dict], second: dict[str, dict]) -> dict[str, dict[str, float]]:
    ids = sorted(set(first) & set(second))
    out: dict[str, dict[str, float]] = {}

    def add(name: str, a: list[str], b: list[str]) -> None:
        raw = sum(x == y for x, y in zip(a, b, strict=True)) / len(a) if a else float("nan")
        out[name] = {"items": len(a), "kappa": round(cohen_kappa(a, b), 3), "agreement": round(raw, 3)}

    add("label", [first[i]["label"] for i in ids], [second[i]["label"] for i in ids])
    add("plover", [first[i]["plover"] or "NONE" for i in ids], [second[i]["plover"] or "NONE" for i in ids])
    add(
        "event_vs_none",
        [str(first[i]["label"] != "NONE") for i in ids],
        [str(second[i]["label"] != "NONE") for i in ids],
    )
    both = [i for i in ids if first[i]["label"] != "NONE" and second[i]["label"] != "NONE"]
    add("status", [first[i]["status"] or "-" for i in both], [second[i]["status"] or "-" for i in both])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--revision", type=int, default=None, help="the agreement on label revision N")
    args = ap.parse_args(argv)
    if args.revision is None:
        path, first = CORPUS_DIR / "agreement.jsonl", load_labels(revisions=0)
    else:
        path = CORPUS_DIR / "revisions_agreement.jsonl"
        first = {
            r["id"]: r
            for f in sorted((CORPUS_DIR / "revisions").glob(f"rev{args.revision}_*.jsonl"))
            for r in read_jsonl(f)
        }
    if not path.exists():
        print(f"no second annotation at {path}")
        return 0
    second = {
        r["id"]: r
        for r in read_jsonl(Path(path))
        if args.revision is None or r.get("revision") == args.revision
    }
    for name, row in agreement(first, second).items():
        print(
            f"{name:<14} items {row['items']:>4}  kappa {row['kappa']:.3f}  agreement {row['agreement']:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
