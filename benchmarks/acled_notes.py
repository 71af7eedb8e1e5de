"""ACLED sub-event type of the main event on short ACLED-style notes.

``python -m benchmarks.acled_notes [-v] [--split dev|test]`` runs the full
``marsad.Pipeline`` on each note of ``benchmarks/data/acled_notes.jsonl`` (written for marsad:
one to six notes per ACLED sub-event type and per non-ACLED category, Africa, Middle East,
South Asia and Latin America) and reports, for each split (``dev``: the half used while
developing the rules; ``test``: the half kept aside), the weighted and macro F1 of the main
event's ACLED sub-event type and the accuracy of its ACLED event type. ``-v`` lists misses.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "acled_notes.jsonl"


def f1_scores(gold: list[str], pred: list[str]) -> tuple[float, float]:
    """(weighted F1, macro F1) over the gold labels."""
    support = Counter(gold)
    per: dict[str, float] = {}
    for lab in support:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = support[lab] - tp
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[lab] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    weighted = sum(per[lab] * n for lab, n in support.items()) / len(gold)
    return weighted, sum(per.values()) / len(per)


def main() -> None:
    from marsad import Pipeline

    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    only = sys.argv[sys.argv.index("--split") + 1] if "--split" in sys.argv else None
    pipeline = Pipeline()
    results: dict[str, list[tuple[dict, str, str]]] = {}
    for row in rows:
        if only and row["split"] != only:
            continue
        doc = pipeline.process(row["text"], date="2022-01-01")
        main_event = doc.events[0] if doc.events else None
        sub = (main_event.acled_sub_event_type if main_event else None) or "NONE"
        etype = (main_event.acled_event_type if main_event else None) or "NONE"
        results.setdefault(row["split"], []).append((row, sub, etype))
    for split, res in sorted(results.items()):
        gold = [r["sub_event_type"] for r, _, _ in res]
        pred = [s for _, s, _ in res]
        weighted, macro = f1_scores(gold, pred)
        et_acc = sum(r["event_type"] == e for r, _, e in res) / len(res)
        print(
            f"ACLED notes [{split}] n={len(res)} sub-event weighted_F1={weighted:.3f} macro_F1={macro:.3f} "
            f"accuracy={sum(g == p for g, p in zip(gold, pred, strict=True)) / len(res):.3f} "
            f"event_type_accuracy={et_acc:.3f}"
        )
        if "-v" in sys.argv:
            for r, s, _ in res:
                if s != r["sub_event_type"]:
                    print(f"  MISS gold={r['sub_event_type']!r} pred={s!r}: {r['text']}")


if __name__ == "__main__":
    main()
