"""Train the relation model: ``python -m marsad.learned.train_relations``.

Input: whole articles annotated by reading them for relations (``corpus/relations/
relations_train.jsonl``, guide ``docs/ANNOTATION.md`` §13) joined with the shared data, coded by
the pipeline (the rule extractor's relations are features). Each pair of actors named in one
sentence (:func:`marsad.learned.relation_model.sentence_pairs`) is an example: its label is the
annotated relation whose evidence is that sentence and whose sides the two actors' mentions
match (either way round: who is the member or leader is read from the pair), ``none`` when no annotated
relation joins them anywhere in the article; a pair that an annotated relation joins only in
another sentence is left out (the annotation lists one sentence per relation). Logistic
regression over the pair features (config ``configs/relation_model.yaml``: C, seed, the
minimum count of a feature); the threshold is chosen by the F1 of relation labels out of fold,
article-grouped, on the training articles. The development articles are only reported (as
``benchmarks/relations_articles.py`` scores them); the test articles are never read.
Output: ``models/relations-<version>/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from marsad.learned.corpus.relations import actor_sides
from marsad.learned.relation_model import (
    LABELS,
    MODEL_DIR,
    VERSION,
    pair_features,
    rule_types,
    sentence_pairs,
)

CONFIG = Path(__file__).parent / "configs" / "relation_model.yaml"
DIRECTED = ("member_of", "leads")


def label_of(pair: Any, gold: list[Any], sides: dict[str, list[Any]]) -> str | None:
    """The pair's label from the article's annotated relations, or None (left out)."""
    sa, sb = sides.get(pair.a.actor_id, []), sides.get(pair.b.actor_id, [])
    s0, s1 = pair.sent.start_char, pair.sent.end_char
    anywhere = False
    for g in gold:
        if g.type == "controls":
            continue
        here = g.evidence[0] < s1 and s0 < g.evidence[1]
        if g.type in DIRECTED:
            ab = any(g.source.matches(x) for x in sa) and any(g.target.matches(x) for x in sb)
            ba = any(g.source.matches(x) for x in sb) and any(g.target.matches(x) for x in sa)
            if (ab or ba) and here:
                return g.type
            anywhere |= ab or ba
        elif g.matches(g.type, sa, sb):
            if here:
                return g.type
            anywhere = True
    return None if anywhere else "none"


def examples(articles: dict[str, Any], gold: dict[str, list[Any]]) -> list[tuple[list[str], str, str]]:
    """(features, label, article) of every pair with a label."""
    rows = []
    for key, doc in articles.items():
        sides = actor_sides(doc)
        rules = rule_types(doc.relations)
        for pair in sentence_pairs(doc):
            label = label_of(pair, gold.get(key, []), sides)
            if label is not None:
                rows.append((pair_features(doc, pair, rules), label, key))
    return rows


def fit(rows: list[tuple[list[str], str, str]], cfg: dict) -> Any:
    from marsad.learned.linear import SparseLinearModel
    from marsad.learned.train_events import _fit_head, _head_from, build_vocab, design

    feats = [r[0] for r in rows]
    vocab = build_vocab(feats, cfg["min_count"])
    X = design(feats, vocab)
    clf = _fit_head(
        X, [r[1] for r in rows], cfg["C"], {"seed": cfg["seed"], "class_weight": cfg.get("class_weight")}
    )
    meta = {"name": "marsad.relation_model", "version": VERSION, "C": cfg["C"], "min_count": cfg["min_count"]}
    return SparseLinearModel(vocab, {"label": _head_from(clf, "label", len(vocab))}, meta)


def choose_threshold(rows: list[tuple[list[str], str, str]], cfg: dict) -> dict:
    """The threshold with the best F1 of relation labels (not none), out of fold by article."""
    import tempfile

    from sklearn.model_selection import GroupKFold

    from marsad.learned.relation_model import RelationModel

    keys = [r[2] for r in rows]
    scored: list[tuple[str, str, float]] = []  # gold, predicted label, probability
    with tempfile.TemporaryDirectory() as tmp:
        for tr, te in GroupKFold(n_splits=cfg["folds"]).split(rows, groups=keys):
            fit([rows[i] for i in tr], cfg).save(Path(tmp))
            model = RelationModel(Path(tmp))
            for i in te:
                label, p = model.read(rows[i][0])
                scored.append((rows[i][1], label, p))
    f1s = {}
    for t in cfg["thresholds"]:
        printed = [(g, lab) for g, lab, p in scored if p >= t]
        right = sum(g == lab for g, lab in printed)
        gold_n = sum(g != "none" for g, _, _ in scored)
        prec, rec = right / max(1, len(printed)), right / max(1, gold_n)
        f1s[t] = round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0
    best = max(cfg["thresholds"], key=lambda t: (f1s[t], t))
    return {"threshold": best, "out_of_fold_f1": f1s}


def coded(rows: list[dict], texts: dict[str, str]) -> dict[str, Any]:
    from marsad import Pipeline
    from marsad.config import PipelineConfig

    cfg = PipelineConfig()
    cfg.components["relations"] = "marsad.relation_extractor"  # the rules' relations as features
    pipe = Pipeline(cfg)
    return {r["key"]: pipe.process(texts[r["key"]].replace("\n", " "), doc_id=r["key"]) for r in rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    args = ap.parse_args(argv)
    from collections import Counter

    from marsad.learned.corpus.join import CORPUS_DIR, read_jsonl
    from marsad.learned.corpus.relations import joined, texts_of
    from marsad.learned.corpus.sources import DataUnavailable

    cfg = yaml.safe_load(args.config.read_text(encoding="utf-8"))
    train_rows = read_jsonl(CORPUS_DIR.parent / "relations" / cfg["train"])
    try:
        texts = texts_of(r["key"] for r in train_rows)
    except DataUnavailable as exc:
        print(f"skipped: {exc}", file=sys.stderr)
        return 1
    gold = joined(train_rows, texts)
    print(f"coding {len(train_rows)} training articles ({sum(len(v) for v in gold.values())} relations)")
    rows = examples(coded(train_rows, texts), gold)
    counts = Counter(r[1] for r in rows)
    print(f"{len(rows)} pairs: " + ", ".join(f"{lab} {counts.get(lab, 0)}" for lab in LABELS))
    choice = choose_threshold(rows, cfg)
    model = fit(rows, cfg)
    model.meta.update(
        threshold=choice["threshold"],
        threshold_out_of_fold_f1=choice["out_of_fold_f1"],
        trained_on=f"corpus/relations/{cfg['train']} ({len(train_rows)} articles)",
        pairs={lab: counts.get(lab, 0) for lab in LABELS},
    )
    model.save(args.out)
    print(f"threshold {choice['threshold']} (out of fold F1 by threshold: {choice['out_of_fold_f1']})")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
