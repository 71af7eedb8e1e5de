"""Benchmarks for the events stage (``python -m benchmarks.events [DATA_DIR]``).

Figures: PLOVER event-type accuracy and macro F1 on PLOVER_GSR_CAMEO.json (text → main
event), event-type accuracy on PETR.UnitTest.records.xml (CAMEO codes mapped through
CAMEO2PLOVER-2021.txt), quad-class macro F1 on cameo_class_train.tsv, and throughput of
spaCy + event coder as a ratio to bare spaCy ``nlp.pipe`` on the same texts, with peak
memory. The coder runs on a spaCy parse with no actors/places stage (NER fallback), so
these are figures for the events stage on its own. Skips cleanly when the data is absent.
"""

from __future__ import annotations

import json
import os
import re
import resource
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

OLD_TO_NEW = {"FIGHT": "ASSAULT", "DISAPPROVE": "ACCUSE", "DEMAND": "REQUEST", "INVESTIGATE": "ACCUSE"}


def data_dir() -> Path | None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    arg = args[0] if args else os.environ.get("MARSAD_DEV_DATA")
    path = Path(arg) if arg else Path(__file__).resolve().parents[2] / "shared" / "data"
    return path if path.is_dir() else None


def macro_f1(gold: list, pred: list) -> float:
    labels = sorted(set(gold))
    scores = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def code_texts(nlp, coder, texts: list[str]) -> list:  # type: ignore[no-untyped-def]
    from marsad.model import Document, Zone

    docs = []
    for i, sdoc in enumerate(nlp.pipe(texts)):
        doc = Document(
            id=f"b{i}", text=texts[i], date=date(2000, 1, 1), zones=[Zone("body", 0, len(texts[i]))]
        )
        doc.spacy_doc = sdoc
        docs.append(coder(doc))
    return docs


def cameo_map(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d+):\s*([A-Z]+)", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def plover_for(code: str, table: dict[str, str]) -> str | None:
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def petr_side(code: str, mentions: list) -> bool:  # type: ignore[type-arg]
    """Whether a coded side matches a PETR actor code ("ARNGOV" ↔ "Arnor's government"): the
    actors are fictional, so a word of the side's span must start with the code's first three
    letters (PETR codes a country by its name's first letters)."""
    prefix = code.strip('"')[:3].upper()
    if len(prefix) < 3:
        return False
    return any(w.upper().startswith(prefix) for m in mentions for w in re.findall(r"[A-Za-z]+", m.text))


def report(name: str, gold: list[str], pred: list[str]) -> None:
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    print(f"{name}: n={len(gold)} accuracy={acc:.3f} macro_f1={macro_f1(gold, pred):.3f}")


def confusion(gold: list[str], pred: list[str]) -> None:
    """Print the confusion matrix (rows gold, columns predicted) with per-label F1."""
    labels = sorted(set(gold) | set(pred))
    counts = Counter(zip(gold, pred, strict=True))
    width = max(len(lab) for lab in labels) + 1
    print("  confusion (rows gold, columns predicted; abbreviated labels):")
    print(" " * (width + 2) + " ".join(f"{lab[:4]:>4}" for lab in labels) + "    F1")
    for g in labels:
        tp = counts[(g, g)]
        n_pred = sum(counts[(o, g)] for o in labels)
        n_gold = sum(counts[(g, o)] for o in labels)
        f1 = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0
        row = " ".join(f"{counts[(g, p)] or '.':>4}" for p in labels)
        print(f"  {g:<{width}}{row}  {f1:.2f}")


def main_mention(doc):  # type: ignore[no-untyped-def]
    """The main event, or when the coder printed none, its first non-incident mention that has a
    status (negated, hypothetical, generic): the type question apart from the incident question."""
    if doc.events:
        return doc.events[0]
    return next((e for e in getattr(doc, "non_incidents", []) if e.status != "none"), None)


def trained_cameo_rows() -> set[int]:
    """Rows of cameo_class_train.tsv in the training part of the annotated event corpus: the
    learned coder's quad figure is also given without them."""
    items = Path(__file__).resolve().parents[1] / "corpus" / "events" / "items.jsonl"
    if not items.exists():
        return set()
    from marsad.learned.corpus.join import Example

    rows = set()
    for line in items.read_text(encoding="utf-8").splitlines():
        it = json.loads(line)
        ex = Example(id=it["id"], source=it["source"], text="", label="", plover="", mode=None, status=None)
        if it["source"] == "cameo" and ex.random_split == "train":
            rows.add(int(it["key"].rsplit(":", 1)[1]))
    return rows


def main() -> None:
    from marsad.events.coder import EventCoder
    from marsad.learned.coder import LearnedEventCoder
    from marsad.nlp.loader import load_spacy

    base = data_dir()
    if base is None:
        print("development data absent: skipped (pass DATA_DIR or set MARSAD_DEV_DATA)")
        return
    nlp = load_spacy()
    for name, coder in (("learned (default)", LearnedEventCoder()), ("rules", EventCoder())):
        print(f"\n######## events component: {name} — {coder.component}")
        run(base, nlp, coder)


def run(base: Path, nlp, coder) -> None:  # type: ignore[no-untyped-def]
    from marsad.events.dating import resolve_cached
    from marsad.events.quad import quad_class

    recs = [
        r
        for r in json.loads((base / "events" / "PLOVER_GSR_CAMEO.json").read_text())
        if r["event"] != "DOCUMENT"
    ]
    docs = code_texts(nlp, coder, [r["text"] for r in recs])
    gold = [OLD_TO_NEW.get(r["event"], r["event"]) for r in recs]
    pred = [d.events[0].type if d.events else "NONE" for d in docs]
    report("PLOVER_GSR_CAMEO event type (main event)", gold, pred)
    coded = [main_mention(d) for d in docs]
    report(
        "PLOVER_GSR_CAMEO event type (main coded mention: incidents, then negated/hypothetical/generic ones)",
        gold,
        [e.type if e else "NONE" for e in coded],
    )
    confusion(gold, pred)
    if "-v" in sys.argv:
        for r, g, p in zip(recs, gold, pred, strict=True):
            if g != p:
                print(f"    gold={g} pred={p}: {r['text']}")
    anyhit = sum(g in {e.type for e in d.events} for g, d in zip(gold, docs, strict=True)) / len(gold)
    print(f"  gold type among coded events: {anyhit:.3f}")

    table = cameo_map(base / "events" / "CAMEO2PLOVER-2021.txt")
    root = ET.fromstring((base / "events" / "PETR.UnitTest.records.xml").read_text(encoding="utf-8"))
    texts, golds, pairs = [], [], []
    for sent in root.iter("Sentence"):
        codings = [c for c in sent.findall("EventCoding") if c.get("eventcode")]
        text = " ".join((sent.findtext("Text") or "").split())
        types = {plover_for(c.get("eventcode"), table) for c in codings} - {None}
        if text and types:
            texts.append(text)
            golds.append(types)
            pairs.append([(c.get("sourcecode") or "", c.get("targetcode") or "") for c in codings])
    docs = code_texts(nlp, coder, texts)
    hits = [bool(d.events) and d.events[0].type in g for d, g in zip(docs, golds, strict=True)]
    anyh = [bool({e.type for e in d.events} & g) for d, g in zip(docs, golds, strict=True)]
    print(
        f"PETR unit tests event type: n={len(texts)} main-event accuracy={sum(hits) / len(hits):.3f} "
        f"any-event accuracy={sum(anyh) / len(anyh):.3f}"
    )
    src_ok = tgt_ok = 0
    for d, gold_pairs in zip(docs, pairs, strict=True):
        ev = d.events[0] if d.events else None
        src_ok += any(ev is not None and petr_side(s, ev.actors) for s, _ in gold_pairs)
        tgt_ok += any(ev is not None and petr_side(t, ev.recipients) for _, t in gold_pairs)
    print(
        f"  main-event source accuracy={src_ok / len(docs):.3f} target accuracy={tgt_ok / len(docs):.3f} "
        "(a side is right when a word of its span starts with the gold code's 3-letter country prefix)"
    )

    rows = [
        line.rsplit("\t", 1) for line in (base / "roles" / "cameo_class_train.tsv").read_text().splitlines()
    ]
    rows = [(t, int(c)) for t, c in rows if c.strip().isdigit()]
    docs = code_texts(nlp, coder, [t for t, _ in rows])
    gold_q = [str(c) for _, c in rows]
    pred_q = [str(quad_class(d.events[0] if d.events else None)) for d in docs]
    pred_qm = [str(quad_class(main_mention(d))) for d in docs]
    report("Quad class (cameo_class_train), PLOVER manual categories", gold_q, pred_q)
    confusion(gold_q, pred_q)
    pred_c = [str(quad_class(d.events[0] if d.events else None, scheme="cameo")) for d in docs]
    report("Quad class (cameo_class_train), CAMEO convention (SANCTION = verbal conflict)", gold_q, pred_c)
    confusion(gold_q, pred_c)
    print("  gold distribution:", dict(sorted(Counter(gold_q).items())))
    seen = trained_cameo_rows()
    keep = [i for i in range(len(rows)) if i not in seen]
    report(
        f"Quad class, rows never in the event corpus's training part ({len(keep)} of {len(rows)})",
        [gold_q[i] for i in keep],
        [pred_q[i] for i in keep],
    )
    report("Quad class, main coded mention (all rows)", gold_q, pred_qm)
    report(
        "Quad class, main coded mention, rows never in training",
        [gold_q[i] for i in keep],
        [pred_qm[i] for i in keep],
    )

    texts = [t for t, _ in rows]
    resolve_cached.cache_clear()  # time a cold run: no date resolutions memoised by the passes above
    t0 = time.perf_counter()
    list(nlp.pipe(texts))
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    code_texts(nlp, coder, texts)
    full = time.perf_counter() - t0
    print(
        f"throughput: spaCy alone {len(texts) / bare:.1f} texts/s, spaCy+events {len(texts) / full:.1f} texts/s, "
        f"ratio {bare / full:.3f} (1.0 = no overhead)"
    )
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
