"""Actor benchmarks: CAMEO source/target span F1 and PLOVER GSR actor code/sector accuracy.

    python -m benchmarks.actors [DATA_DIR]   (default ../shared/data or MARSAD_DEV_DATA)

* **CAMEO S/T spans** (``roles/cameo_ner_train.txt``): every sentence goes through the whole
  pipeline (``Pipeline().process``); the source is the first (most salient) event's actor(s),
  the target its recipient(s). When no event is coded, a fallback rule takes the first actor
  mention before the sentence's main verb as source and the first after it as target.
  Entity-level precision/recall/F1 for S and T separately and micro-averaged, exact spans and
  partial overlap (one-to-one), on the first and the second half of the file.
* **PLOVER GSR** (``events/PLOVER_GSR_CAMEO.json``): the actor mention overlapping each gold
  ``actorText``; code accuracy (CAMEO country/IGO code against the mention's country, id prefix
  or sector) and sector accuracy (gold three-letter sector codes).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

# CAMEO country codes that are not ISO 3166 alpha-3
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "SRB": "SRB", "ROM": "ROU", "GER": "DEU"}
ROLES = ("S", "T")


def data_dir(argv: list[str]) -> Path | None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data"
    path = Path(argv[1]) if len(argv) > 1 else Path(os.environ.get("MARSAD_DEV_DATA", default))
    return path if path.is_dir() else None


def _pipeline() -> Any:
    from marsad import Pipeline

    return Pipeline()


def _process(pipeline: Any, text: str) -> Any:
    return pipeline.process(text)


# ---------------------------------------------------------------------- PLOVER GSR
def gsr(path: Path, pipeline: Any) -> dict[str, Any]:
    records = [r for r in json.loads(path.read_text("utf-8")) if r.get("text")]
    found = code_ok = sector_ok = sector_total = total = 0
    for r in records:
        doc = _process(pipeline, r["text"])
        for side in ("source", "target"):
            for gold in r.get(side) or []:
                if not isinstance(gold, dict) or not gold.get("actorText"):
                    continue
                total += 1
                g0 = r["text"].find(gold["actorText"])
                g1 = g0 + len(gold["actorText"])
                hits = [m for m in doc.actor_mentions if g0 >= 0 and m.start < g1 and g0 < m.end]
                m = min(hits, key=lambda m: abs(m.start - g0) + abs(m.end - g1)) if hits else None
                if m is None:
                    continue
                found += 1
                code = (gold.get("code") or "")[:3]
                code = CAMEO_TO_ISO.get(code, code)
                if code and code in (m.country, (m.actor_id or "")[:3], m.sector):
                    code_ok += 1
                if gold.get("sector") and len(gold["sector"]) == 3 and gold["sector"] != "***":
                    sector_total += 1
                    sector_ok += int(m.sector == gold["sector"])
    return {
        "actors": total,
        "found": found / total,
        "code_accuracy": code_ok / total,
        "sector_accuracy": sector_ok / max(sector_total, 1),
        "sector_n": sector_total,
    }


# ---------------------------------------------------------------------- CAMEO S/T spans
def read_cameo(path: Path) -> list[tuple[str, set[tuple[str, int, int]]]]:
    """Sentences (tokens joined by spaces) with their gold (role, start, end) spans."""
    sents: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            sents.append([])
            continue
        tok, _, tag = line.rpartition(" ")
        sents[-1].append((tok, tag))
    out = []
    for sent in (s for s in sents if s):
        text, offs, gold = "", [], set()
        for tok, _tag in sent:
            offs.append(len(text))
            text += tok + " "
        cur: tuple[str, int] | None = None
        for i, (_tok, tag) in enumerate([*sent, ("", "O")]):
            if cur and not tag.startswith("I-"):
                gold.add((cur[0], offs[cur[1]], offs[i - 1] + len(sent[i - 1][0])))
                cur = None
            if tag.startswith("B-") and tag[2:] in ROLES:
                cur = (tag[2:], i)
        out.append((text.rstrip(), gold))
    return out


def predict_roles(doc: Any) -> tuple[set[tuple[str, int, int]], str]:
    """(role, start, end) of the source(s) and target(s), and how they were found."""
    if doc.events:
        ev = doc.events[0]
        pred = {("S", m.start, m.end) for m in ev.actors} | {("T", m.start, m.end) for m in ev.recipients}
        if pred:
            return pred, "event"
    mentions = [
        m for m in doc.actor_mentions if not (m.method == "coref" and m.text.lower() in ("he", "him", "she"))
    ]
    root = next((t for t in doc.spacy_doc if t.dep_ == "ROOT"), None) if doc.spacy_doc is not None else None
    pivot = root.idx if root is not None else 0
    before = [m for m in mentions if m.start < pivot]
    after = [m for m in mentions if m.start >= pivot]
    pred = set()
    if before:
        pred.add(("S", before[0].start, before[0].end))
    if after:
        pred.add(("T", after[0].start, after[0].end))
    return pred, "fallback"


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / max(p + r, 1e-9), 4)}


def _match(pred: set[tuple[str, int, int]], gold: set[tuple[str, int, int]], partial: bool) -> int:
    """Matched pairs, one-to-one, same role; exact spans or overlapping ones."""
    used: set[tuple[str, int, int]] = set()
    tp = 0
    for p in sorted(pred, key=lambda x: (x[1], x[2])):
        for g in sorted(gold, key=lambda x: (x[1], x[2])):
            if g in used or g[0] != p[0]:
                continue
            if (p[1:] == g[1:]) or (partial and p[1] < g[2] and g[1] < p[2]):
                used.add(g)
                tp += 1
                break
    return tp


def score_cameo(items: list[tuple[set[tuple[str, int, int]], set[tuple[str, int, int]]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for mode in ("exact", "partial"):
        counts = {}
        for role in ROLES:
            tp = fp = fn = 0
            for pred, gold in items:
                p = {x for x in pred if x[0] == role}
                g = {x for x in gold if x[0] == role}
                k = _match(p, g, mode == "partial")
                tp, fp, fn = tp + k, fp + len(p) - k, fn + len(g) - k
            counts[role] = (tp, fp, fn)
        micro = tuple(sum(c[i] for c in counts.values()) for i in range(3))
        out[mode] = {**{r: _prf(*counts[r]) for r in ROLES}, "micro": _prf(*micro)}
    return out


def cameo(path: Path, pipeline: Any, limit: int | None = None) -> dict[str, Any]:
    sents = read_cameo(path)[:limit]
    items = []
    how: dict[str, int] = {}
    n_gold = exact_any = overlap_any = 0
    for text, gold in sents:
        doc = _process(pipeline, text)
        pred, source = predict_roles(doc)
        how[source] = how.get(source, 0) + 1
        items.append((pred, gold))
        spans = {(m.start, m.end) for m in doc.actor_mentions}
        for _role, g0, g1 in gold:
            n_gold += 1
            exact_any += (g0, g1) in spans
            overlap_any += any(s < g1 and g0 < e for s, e in spans)
    half = len(items) // 2
    # the actors stage alone: is each gold S/T span some actor mention (whatever the role)?
    mentions = {
        "gold_spans": n_gold,
        "exact": round(exact_any / max(n_gold, 1), 4),
        "overlap": round(overlap_any / max(n_gold, 1), 4),
    }
    return {
        "n": len(items),
        "roles_from": how,
        "first_half": score_cameo(items[:half]),
        "second_half": score_cameo(items[half:]),
        "all": score_cameo(items),
        "mention_recall": mentions,
    }


def main(argv: list[str] | None = None) -> None:
    argv = argv if argv is not None else sys.argv
    root = data_dir(argv)
    if root is None:
        print("actors benchmark: development data absent; skipped")
        return
    pipeline = _pipeline()
    t0 = time.perf_counter()
    result = gsr(root / "events" / "PLOVER_GSR_CAMEO.json", pipeline)
    print("PLOVER GSR actors:", json.dumps({k: round(v, 4) for k, v in result.items()}))
    t1 = time.perf_counter()
    res = cameo(root / "roles" / "cameo_ner_train.txt", pipeline)
    print("CAMEO S/T sentences:", res["n"], "roles from:", json.dumps(res["roles_from"]))
    print("CAMEO S/T spans found as actor mentions (actors stage alone):", json.dumps(res["mention_recall"]))
    for part in ("first_half", "second_half", "all"):
        for mode in ("exact", "partial"):
            print(f"CAMEO S/T {part:<11} {mode:<7}", json.dumps(res[part][mode]))
    t2 = time.perf_counter()
    print(f"time: GSR {t1 - t0:.1f}s, CAMEO {t2 - t1:.1f}s")


if __name__ == "__main__":
    main()
