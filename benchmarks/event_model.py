"""The learned event sentence model on held-out parts of the annotated corpus.

``python -m benchmarks.event_model [--no-rules] [--json PATH]``

- **random split**: the shipped model (trained on folds 1-4) on the held-out fold 0, which no
  training or tuning looked at: ACLED sub-event type (30 labels + NONE) accuracy, weighted and
  macro F1, a per-label table and the most frequent confusions; PLOVER type; event vs NONE;
  status of the gold events. The old rule coder's main event on the same sentences is the
  baseline.
- **source split**: for each source, a model trained (same config and C) on every other source
  and tested on all of that source's items: the figure for text of a kind never seen.
- **speed**: sentences per second of the model (features + inference) against bare spaCy
  ``nlp.pipe`` on the same sentences, in the same run.

Data: ``corpus/events`` joined with ``MARSAD_DEV_DATA``; skips when that is absent.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path


def prf(gold: list[str], pred: list[str]) -> dict[str, dict[str, float]]:
    labels = sorted(set(gold) | set(pred))
    out = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        out[lab] = {"p": pr, "r": rc, "f1": 2 * pr * rc / (pr + rc) if pr + rc else 0.0, "support": tp + fn}
    return out


def summary(gold: list[str], pred: list[str]) -> dict[str, float]:
    table = prf(gold, pred)
    support = Counter(gold)
    n = len(gold) or 1
    present = [lab for lab in support]
    return {
        "n": len(gold),
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / n,
        "weighted_f1": sum(table[lab]["f1"] * support[lab] for lab in present) / n,
        "macro_f1": sum(table[lab]["f1"] for lab in present) / max(1, len(present)),
    }


def fmt(s: dict[str, float]) -> str:
    return f"n={s['n']:>5}  acc {s['accuracy']:.3f}  weighted F1 {s['weighted_f1']:.3f}  macro F1 {s['macro_f1']:.3f}"


def rules_main_labels(texts: list[str]) -> list[str]:
    """The old rule coder's main event of each sentence, as a label code (NONE when none)."""
    from marsad import Pipeline
    from marsad.config import PipelineConfig
    from marsad.learned.event_model import code_for

    cfg = PipelineConfig()
    cfg.components["events"] = "marsad.event_coder"
    cfg.components["relations"] = cfg.components["relations"]
    pipe = Pipeline(cfg, stages=("nlp", "actors", "places", "dates", "events"))
    out = []
    for t in texts:
        doc = pipe.process(t)
        out.append(code_for(doc.events[0].acled_sub_event_type) if doc.events else "NONE")
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-rules", action="store_true", help="skip the rule-coder baseline")
    ap.add_argument("--no-sources", action="store_true", help="skip the leave-one-source-out models")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    from marsad.learned.corpus.join import load_corpus
    from marsad.learned.corpus.sources import DataUnavailable

    try:
        corpus = load_corpus(warn=lambda m: None)
    except DataUnavailable as exc:
        print(f"skipped: {exc}")
        return {}
    from marsad.events.lexicon import load_lexicon
    from marsad.learned import train_events as T
    from marsad.learned.event_model import EventSentenceModel
    from marsad.nlp.loader import load_spacy

    nlp, lex = load_spacy(), load_lexicon()
    model = EventSentenceModel(lexicon=lex)
    cfg = T.load_config()
    results: dict = {"model": model.ref, "corpus_items": len(corpus)}
    test = [e for e in corpus if e.random_split == "test"]
    print(f"model {model.ref}; corpus {len(corpus)} items; held-out fold 0: {len(test)} items")

    t0 = time.perf_counter()
    docs = list(nlp.pipe([e.text for e in test], batch_size=64))
    t_spacy = time.perf_counter() - t0
    t0 = time.perf_counter()
    readings = [model.read(d) for d in docs]
    t_model = time.perf_counter() - t0
    results["speed"] = {
        "sentences": len(test),
        "spacy_per_s": len(test) / t_spacy,
        "model_per_s": len(test) / t_model,
        "pipeline_ratio_spacy_plus_model_vs_spacy": t_spacy / (t_spacy + t_model),
    }
    gold = [e.label for e in test]
    pred = [r.label for r in readings]
    results["random_label"] = summary(gold, pred)
    results["random_plover"] = summary([e.plover for e in test], [r.plover for r in readings])
    ev = [(e, r) for e, r in zip(test, readings, strict=True) if e.label != "NONE"]
    results["random_status"] = summary([e.status or "asserted" for e, _ in ev], [r.status for _, r in ev])
    results["random_event_vs_none"] = summary(
        [str(e.label != "NONE") for e in test], [str(r.label != "NONE") for r in readings]
    )
    results["per_label"] = prf(gold, pred)
    results["confusions"] = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p).most_common(15)
    print("\n== random split, held-out fold 0 (shipped model) ==")
    print(f"ACLED sub-event type : {fmt(results['random_label'])}")
    print(f"PLOVER type          : {fmt(results['random_plover'])}")
    print(f"event vs NONE        : {fmt(results['random_event_vs_none'])}")
    print(f"status (gold events) : {fmt(results['random_status'])}")
    print(f"\n{'label':<15} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}")
    for lab, row in sorted(results["per_label"].items(), key=lambda kv: -kv[1]["support"]):
        print(f"{lab:<15} {row['p']:>6.2f} {row['r']:>6.2f} {row['f1']:>6.2f} {row['support']:>5}")
    print("\nmost frequent confusions (gold -> predicted):")
    for (g, p), n in results["confusions"]:
        print(f"  {g:<14} -> {p:<14} {n}")
    print(
        f"\nspeed: spaCy {results['speed']['spacy_per_s']:.0f} sentences/s, model {results['speed']['model_per_s']:.0f}/s; "
        f"spaCy+model vs spaCy alone: {results['speed']['pipeline_ratio_spacy_plus_model_vs_spacy']:.2f}x"
    )

    if not args.no_rules:
        rules = rules_main_labels([e.text for e in test])
        results["rules_label"] = summary(gold, rules)
        print(f"\nbaseline, rule coder's main event on the same items: {fmt(results['rules_label'])}")

    if not args.no_sources:
        c = float(model.model.meta.get("C", 1.0))
        cfg_src = dict(cfg, heads={"label": "label", "plover": "plover"})
        real = [e for e in corpus if not e.written]
        feats_all = T.featurize_texts([e.text for e in corpus], nlp, lex, progress=False)
        fid = {id(e): f for e, f in zip(corpus, feats_all, strict=True)}
        all_gold, all_pred, all_pg, all_pp = [], [], [], []
        results["by_source"] = {}
        print("\n== source split: train on the other sources, test on this one ==")
        for source in sorted({e.source for e in real}):
            train = [e for e in corpus if e.source != source]
            held = [e for e in real if e.source == source]
            m = T.fit_model([fid[id(e)] for e in train], train, cfg_src, c)
            preds = [m.predict(fid[id(e)]) for e in held]
            lab = [max(p["label"].items(), key=lambda kv: kv[1])[0] for p in preds]
            plo = [max(p["plover"].items(), key=lambda kv: kv[1])[0] for p in preds]
            s = summary([e.label for e in held], lab)
            results["by_source"][source] = {"label": s, "plover": summary([e.plover for e in held], plo)}
            print(f"{source:<14} ACLED {fmt(s)} | PLOVER acc {results['by_source'][source]['plover']['accuracy']:.3f}")
            all_gold += [e.label for e in held]
            all_pred += lab
            all_pg += [e.plover for e in held]
            all_pp += plo
        results["source_label"] = summary(all_gold, all_pred)
        results["source_plover"] = summary(all_pg, all_pp)
        print(f"{'all (pooled)':<14} ACLED {fmt(results['source_label'])}")
        print(f"{'all (pooled)':<14} PLOVER {fmt(results['source_plover'])}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
