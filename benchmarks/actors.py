"""Actor benchmarks: PLOVER GSR actor code/sector accuracy, CAMEO source/target span F1.

    python -m benchmarks.actors [DATA_DIR]   (default ../shared/data or MARSAD_DEV_DATA)

Source/target roles are assigned by a simple rule (an actor mention before the sentence's
main verb is a source, after it a target): the figure measures the actor spans this stage
gives the events stage, not the events stage's role assignment.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any


def data_dir(argv: list[str]) -> Path | None:
    path = Path(argv[1]) if len(argv) > 1 else Path(os.environ.get("MARSAD_DEV_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    return path if path.is_dir() else None


def _resolver() -> tuple[Any, Any]:
    from marsad.actors.kb import ActorKB
    from marsad.actors.resolver import ActorResolver
    from marsad.nlp.loader import load_spacy

    class S:
        actor_kb = ActorKB.load()

    return load_spacy(), ActorResolver(S)


def _doc(nlp: Any, resolver: Any, text: str) -> Any:
    from marsad.model import Document

    doc = Document(id="b", text=text)
    doc.spacy_doc = nlp(text)
    return resolver(doc)


def gsr(path: Path, nlp: Any, resolver: Any) -> dict[str, Any]:
    records = [r for r in json.loads(path.read_text("utf-8")) if r.get("text")]
    found = code_ok = sector_ok = sector_total = total = 0
    for r in records:
        doc = _doc(nlp, resolver, r["text"])
        for side in ("source", "target"):
            for gold in r.get(side) or []:
                if not isinstance(gold, dict) or not gold.get("actorText"):
                    continue
                total += 1
                g0 = r["text"].find(gold["actorText"])
                g1 = g0 + len(gold["actorText"])
                m = next((m for m in doc.actor_mentions if g0 >= 0 and m.start < g1 and g0 < m.end), None)
                if m is None:
                    continue
                found += 1
                code = (gold.get("code") or "")[:3]
                if code and code in (m.country, (m.actor_id or "")[:3], m.sector):
                    code_ok += 1
                if gold.get("sector") and len(gold["sector"]) == 3:
                    sector_total += 1
                    sector_ok += int(m.sector == gold["sector"])
    return {"actors": total, "found": found / total, "code_accuracy": code_ok / total,
            "sector_accuracy": sector_ok / max(sector_total, 1), "sector_n": sector_total}


def cameo_ner(path: Path, nlp: Any, resolver: Any) -> dict[str, float]:
    sents: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            sents.append([])
            continue
        tok, _, tag = line.rpartition(" ")
        sents[-1].append((tok, tag))
    tp = fp = fn = 0
    for sent in (s for s in sents if s):
        text, offs, gold = "", [], set()
        for tok, _tag in sent:
            offs.append(len(text))
            text += tok + " "
        cur = None
        for i, (_tok, tag) in enumerate(sent + [("", "O")]):
            if cur and not tag.startswith("I-"):
                gold.add((cur[0], offs[cur[1]], offs[i - 1] + len(sent[i - 1][0])))
                cur = None
            if tag.startswith("B-") and tag[2:] in ("S", "T"):
                cur = (tag[2:], i)
        doc = _doc(nlp, resolver, text)
        root = next((t for t in doc.spacy_doc if t.dep_ == "ROOT"), None)
        pred = set()
        for m in doc.actor_mentions:
            if m.method == "coref" and m.text.lower() in ("he", "him", "she"):
                continue
            role = "S" if root is None or m.start < root.idx else "T"
            pred.add((role, m.start, m.end))
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return {"precision": p, "recall": r, "f1": 2 * p * r / max(p + r, 1e-9)}


def main(argv: list[str] | None = None) -> None:
    argv = argv if argv is not None else sys.argv
    root = data_dir(argv)
    if root is None:
        print("actors benchmark: development data absent; skipped")
        return
    nlp, resolver = _resolver()
    t0 = time.perf_counter()
    print("PLOVER GSR actors:", json.dumps({k: round(v, 4) for k, v in gsr(root / "events" / "PLOVER_GSR_CAMEO.json", nlp, resolver).items()}))
    t1 = time.perf_counter()
    print("CAMEO S/T entity F1:", json.dumps({k: round(v, 4) for k, v in cameo_ner(root / "roles" / "cameo_ner_train.txt", nlp, resolver).items()}))
    t2 = time.perf_counter()
    print(f"time: GSR {t1 - t0:.1f}s, CAMEO NER {t2 - t1:.1f}s")


if __name__ == "__main__":
    main()
