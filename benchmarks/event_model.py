"""The learned event sentence model on held-out parts of the annotated corpus.

``python -m benchmarks.event_model [--no-rules] [--no-sources] [--profile P] [--json PATH]
[--train-rounds R] [--test-rounds R]`` (the rounds of the corpus's sampling, ``join.ROUNDS``:
to compare with a figure measured before a round, test on the rounds it had)

For each shipped profile — ``fast`` (sparse words, parse and rule features; NumPy),
``accurate`` (the same plus all-MiniLM-L6-v2 embeddings in ONNX int8; onnxruntime) and
``tuned`` (all-MiniLM-L6-v2 fine-tuned on the corpus, ONNX int8; no source split for it):

- **random split**: the shipped model (trained on folds 1-4) on the held-out fold 0, which no
  training or tuning looked at: ACLED sub-event type over all items (30 labels + NONE) and over
  the gold events only (30 labels; predicting NONE counts as wrong), accuracy, weighted and
  macro F1, a per-label table and the most frequent confusions; PLOVER type; event vs NONE;
  status of the gold events. The old rule coder's main event on the same sentences is the
  baseline.
- **source split**: for each source, a model trained (same config and C) on every other source
  and tested on all of that source's items: the figure for text of a kind never seen.
- **speed**: sentences per second of the model (features, embeddings, inference) against bare
  spaCy ``nlp.pipe`` on the same sentences, in the same run.

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
    """Accuracy, and weighted/macro F1 over the labels present in ``gold``."""
    table = prf(gold, pred)
    support = Counter(gold)
    n = len(gold) or 1
    return {
        "n": len(gold),
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / n,
        "weighted_f1": sum(table[lab]["f1"] * support[lab] for lab in support) / n,
        "macro_f1": sum(table[lab]["f1"] for lab in support) / max(1, len(support)),
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
    pipe = Pipeline(cfg, stages=("nlp", "actors", "places", "dates", "events"))
    out = []
    for t in texts:
        doc = pipe.process(t)
        out.append(code_for(doc.events[0].acled_sub_event_type) if doc.events else "NONE")
    return out


def evaluate(test, readings) -> dict:
    gold = [e.label for e in test]
    pred = [r.label for r in readings]
    ev = [(e, r) for e, r in zip(test, readings, strict=True) if e.label != "NONE"]
    return {
        "label": summary(gold, pred),
        "label_gold_events": summary([e.label for e, _ in ev], [r.label for _, r in ev]),
        "plover": summary([e.plover for e in test], [r.plover for r in readings]),
        "event_vs_none": summary(
            [str(e.label != "NONE") for e in test], [str(r.label != "NONE") for r in readings]
        ),
        "status": summary([e.status or "asserted" for e, _ in ev], [r.status for _, r in ev]),
        "per_label": prf(gold, pred),
        "confusions": Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p).most_common(12),
    }


def print_random(name: str, res: dict, verbose: bool) -> None:
    print(f"\n== {name}: random split, held-out fold 0 ==")
    print(f"ACLED sub-event, all items (30 + NONE) : {fmt(res['label'])}")
    print(f"ACLED sub-event, gold events (30)      : {fmt(res['label_gold_events'])}")
    print(f"PLOVER type                            : {fmt(res['plover'])}")
    print(f"event vs NONE                          : {fmt(res['event_vs_none'])}")
    print(f"status of gold events                  : {fmt(res['status'])}")
    if not verbose:
        return
    print(f"\n{'label':<15} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}")
    for lab, row in sorted(res["per_label"].items(), key=lambda kv: -kv[1]["support"]):
        print(f"{lab:<15} {row['p']:>6.2f} {row['r']:>6.2f} {row['f1']:>6.2f} {row['support']:>5}")
    print("most frequent confusions (gold -> predicted):")
    for (g, p), n in res["confusions"]:
        print(f"  {g:<14} -> {p:<14} {n}")


def by_source(
    corpus, feats_of, cfg, c, dense_of=None, *, train_rounds=99, test_rounds=99, train_corpus=None
) -> dict:
    """Leave one source out; trained on the items of sampling rounds up to ``train_rounds``,
    tested on those up to ``test_rounds`` (to compare with figures measured before a round).
    ``train_corpus``: the same items with the labels the profile's config trains on (its
    ``label_revisions``) where they differ from the labels tested (``corpus``)."""
    import numpy as np

    from marsad.learned import train_events as T

    cfg_src = dict(cfg, heads={"label": "label", "plover": "plover"})
    real = [e for e in corpus if not e.written and e.round <= test_rounds]
    out: dict = {"sources": {}}
    gl, pl, gp, pp = [], [], [], []
    for source in sorted({e.source for e in real}):
        train = [e for e in train_corpus or corpus if e.source != source and e.round <= train_rounds]
        held = [e for e in real if e.source == source]
        dense = np.vstack([dense_of[e.id] for e in train]) if dense_of else None
        m = T.fit_model([feats_of[e.id] for e in train], train, cfg_src, c, dense=dense)
        preds = [m.predict(feats_of[e.id], dense_of[e.id] if dense_of else None) for e in held]
        lab = [max(p["label"].items(), key=lambda kv: kv[1])[0] for p in preds]
        plo = [max(p["plover"].items(), key=lambda kv: kv[1])[0] for p in preds]
        out["sources"][source] = {
            "label": summary([e.label for e in held], lab),
            "plover": summary([e.plover for e in held], plo),
        }
        gl += [e.label for e in held]
        pl += lab
        gp += [e.plover for e in held]
        pp += plo
    out["label"] = summary(gl, pl)
    out["plover"] = summary(gp, pp)
    out["mean_weighted_f1"] = sum(s["label"]["weighted_f1"] for s in out["sources"].values()) / len(
        out["sources"]
    )
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-rules", action="store_true", help="skip the rule-coder baseline")
    ap.add_argument("--no-sources", action="store_true", help="skip the leave-one-source-out models")
    ap.add_argument("-v", action="store_true", help="per-label tables and confusions")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument(
        "--profile", choices=("fast", "accurate", "tuned"), default=None, help="only this profile"
    )
    ap.add_argument(
        "--train-rounds",
        type=int,
        default=99,
        help="source split: train on the items of sampling rounds up to this one only",
    )
    ap.add_argument(
        "--test-rounds",
        type=int,
        default=99,
        help="test on the items of sampling rounds up to this one only (figures measured before a later round)",
    )
    ap.add_argument(
        "--label-revisions",
        type=int,
        default=None,
        help="the guide's label revisions applied (default all; 0: the labels as first given)",
    )
    args = ap.parse_args(argv)
    from marsad.learned.corpus.join import load_corpus
    from marsad.learned.corpus.sources import DataUnavailable

    try:
        corpus = load_corpus(warn=lambda m: None, revisions=args.label_revisions)
    except DataUnavailable as exc:
        print(f"skipped: {exc}")
        return {}
    from marsad.events.lexicon import load_lexicon
    from marsad.learned import train_events as T
    from marsad.learned.event_model import ACCURATE_MODEL, DEFAULT_MODEL, TUNED_MODEL, EventSentenceModel
    from marsad.nlp.loader import load_spacy

    nlp, lex = load_spacy(), load_lexicon()
    test = [e for e in corpus if e.random_split == "test" and e.round <= args.test_rounds]
    results: dict = {
        "corpus_items": len(corpus),
        "test_items": len(test),
        "label_revisions": "all" if args.label_revisions is None else args.label_revisions,
        "profiles": {},
    }
    print(f"corpus {len(corpus)} items; held-out fold 0: {len(test)} items")
    t0 = time.perf_counter()
    docs = list(nlp.pipe([e.text for e in test], batch_size=64))
    t_spacy = time.perf_counter() - t0
    feats_of = {
        e.id: f
        for e, f in zip(
            corpus, T.featurize_texts([e.text for e in corpus], nlp, lex, progress=False), strict=True
        )
    }

    profiles = [
        ("fast", DEFAULT_MODEL, T.CONFIG_PATH),
        ("accurate", ACCURATE_MODEL, T.ACCURATE_CONFIG_PATH),
        ("tuned", TUNED_MODEL, None),
    ]
    for name, folder, cfg_path in profiles:
        if args.profile and name != args.profile:
            continue
        try:
            if cfg_path is None:  # the fine-tuned transformer
                from marsad.learned.tuned_model import TunedSentenceModel

                model = TunedSentenceModel(folder)
            else:
                model = EventSentenceModel(folder, lexicon=lex)
        except (FileNotFoundError, ImportError) as exc:
            print(f"\n{name}: skipped ({exc})")
            continue
        model.read_many(docs[:8])  # warm up (ONNX session, caches)
        t0 = time.perf_counter()
        readings = model.read_many(docs)
        t_model = time.perf_counter() - t0
        res = evaluate(test, readings)
        res["model"] = model.ref
        res["speed"] = {
            "spacy_sentences_per_s": len(test) / t_spacy,
            "model_sentences_per_s": len(test) / t_model,
            "spacy_plus_model_vs_spacy": t_spacy / (t_spacy + t_model),
        }
        print_random(f"{name} ({model.ref})", res, args.v)
        print(
            f"speed: spaCy {res['speed']['spacy_sentences_per_s']:.0f} sentences/s; model {res['speed']['model_sentences_per_s']:.0f}/s; "
            f"spaCy + model runs at {res['speed']['spacy_plus_model_vs_spacy']:.2f}x spaCy alone"
        )
        if cfg_path is None and not args.no_sources:
            # a fine-tuning per held-out source is hours of CPU; the source split is measured
            # for the linear profiles only
            print(f"-- {name}: source split not measured (one fine-tuning per source) --")
        elif not args.no_sources:
            cfg = T.load_config(cfg_path)
            dense_of = None
            if cfg.get("dense"):
                emb = T.embed([e.text for e in corpus], cfg)
                dense_of = {e.id: emb[i] for i, e in enumerate(corpus)}
            revisions = cfg.get("label_revisions", 0)
            same = args.label_revisions == revisions
            train_corpus = corpus if same else load_corpus(warn=lambda m: None, revisions=revisions)
            print(f"-- {name}: source split trained on label revisions up to {revisions} --")
            src = by_source(
                corpus,
                feats_of,
                cfg,
                float(model.model.meta.get("C", 1.0)),
                dense_of,
                train_rounds=args.train_rounds,
                test_rounds=args.test_rounds,
                train_corpus=train_corpus,
            )
            res["by_source"] = src
            print(f"-- {name}: source split (train on the other sources, test on this one) --")
            for s, row in src["sources"].items():
                print(f"{s:<14} ACLED {fmt(row['label'])} | PLOVER acc {row['plover']['accuracy']:.3f}")
            print(f"{'pooled':<14} ACLED {fmt(src['label'])}")
            print(f"{'pooled':<14} PLOVER {fmt(src['plover'])}")
            print(f"mean over sources of the ACLED weighted F1: {src['mean_weighted_f1']:.3f}")
        results["profiles"][name] = res

    if not args.no_rules:
        rules = rules_main_labels([e.text for e in test])
        results["rules_label"] = summary([e.label for e in test], rules)
        ev = [(e.label, r) for e, r in zip(test, rules, strict=True) if e.label != "NONE"]
        results["rules_label_gold_events"] = summary([g for g, _ in ev], [r for _, r in ev])
        print(f"\nbaseline, the rule coder's main event, all items : {fmt(results['rules_label'])}")
        print(
            f"baseline, the rule coder's main event, gold events: {fmt(results['rules_label_gold_events'])}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
