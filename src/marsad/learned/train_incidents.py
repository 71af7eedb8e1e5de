"""Train the incident model: ``python -m marsad.learned.train_incidents``.

Input: whole articles annotated by incident (``corpus/events/incidents_train.jsonl``, guide §10,
joined with the shared data), coded by the learned coder up to its article-level decisions
(``LearnedEventCoder.candidates``). Each candidate event is a **keep** example: yes when its
evidence overlaps an annotated incident's. Each pair of candidate events that both overlap
incidents, the later against every earlier one, is a **same** example: yes when they overlap the
same incident. Logistic regressions on standardised features (:mod:`marsad.learned.incidents`),
C chosen by cross-validated log loss grouped by article. Which merge follows the keep decision
(the coder's merge rules or the pairwise head) and the thresholds are chosen by the F1 of events per
incident out of fold on the training articles (each fold decided by heads fitted on the others).
The development articles (``incidents_dev.jsonl``) are only reported; the test articles are never
read. Config: ``configs/incident_model.yaml``.
Output: ``models/incidents-<version>/model.json`` and its model card's figures, printed.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import sys
from pathlib import Path
from typing import Any

import yaml

from marsad.learned.incidents import (
    MODEL_DIR,
    ArticleContext,
    IncidentModel,
    LogisticHead,
    event_features,
    pair_features,
)

CONFIG = Path(__file__).parent / "configs" / "incident_model.yaml"


def _overlapping(e, incidents: list[list[tuple[int, int]]]) -> set[int]:  # type: ignore[no-untyped-def]
    from marsad.learned.tune_coder import overlaps

    spans = [(e.evidence.start, e.evidence.end)]
    return {i for i, inc in enumerate(incidents) if overlaps(inc, spans)}


def coded_candidates(articles: list[dict], log=print) -> tuple[dict[str, tuple], Any]:  # type: ignore[no-untyped-def]
    """Each article's document and the coder's candidates (events, non-incidents, P(same), sentences)."""
    from marsad import Pipeline
    from marsad.learned.coder import LearnedEventCoder
    from marsad.learned.event_model import default_model
    from marsad.learned.tune_coder import ReadingCache, parsed_articles

    pipe = Pipeline()
    docs = parsed_articles(articles, pipe)
    coder = LearnedEventCoder(model=ReadingCache(default_model()), incidents=None)
    out = {}
    for i, (key, doc) in enumerate(docs.items()):
        coder.rules(doc)
        out[key] = (doc, *coder.candidates(doc))
        if (i + 1) % 10 == 0:
            log(f"  coded {i + 1}/{len(docs)} articles")
    return out, coder


def examples(articles: list[dict], cands: dict, article_context: bool = False) -> tuple[list, list]:  # type: ignore[type-arg]
    """(features, yes, article) rows of the keep head and of the same head; the keep head's with
    the article-level features when ``article_context`` (config ``article_context``, from 1.2)."""
    keep, same = [], []
    for art in articles:
        doc, events, _non, same_p, n_sents = cands[art["key"]]
        context = ArticleContext.of(doc, events) if article_context else None
        incidents = [[(e["start"], e["end"]) for e in inc["evidence"]] for inc in art["incidents"]]
        events = sorted(events, key=lambda ev: ev.evidence.start)
        hits = [_overlapping(e, incidents) for e in events]
        for e, hit in zip(events, hits, strict=True):
            row = event_features(doc.date, e, n_sents, same_p.get(e.id, 0.0), context)
            keep.append((row, bool(hit), art["key"]))
        for j, b in enumerate(events):
            for i in range(j):
                if hits[i] and hits[j]:
                    row = pair_features(events[i], b, same_p.get(b.id, 0.0))
                    same.append((row, bool(hits[i] & hits[j]), art["key"]))
    return keep, same


def fit(rows: list, c_grid: list[float], folds: int, seed: int) -> tuple[LogisticHead, dict]:  # type: ignore[type-arg]
    """A logistic head, C chosen by log loss in article-grouped cross-validation."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.model_selection import GroupKFold

    names = sorted(rows[0][0])
    X = np.array([[r[0][n] for n in names] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=int)
    groups = [r[2] for r in rows]
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = (X - mean) / scale
    losses = {}
    for c in c_grid:
        pred = np.zeros(len(y))
        for tr, te in GroupKFold(n_splits=folds).split(Z, y, groups):
            clf = LogisticRegression(C=c, max_iter=2000, random_state=seed).fit(Z[tr], y[tr])
            pred[te] = clf.predict_proba(Z[te])[:, 1]
        losses[c] = log_loss(y, pred)
    best = min(c_grid, key=lambda c: (round(losses[c], 4), c))
    clf = LogisticRegression(C=best, max_iter=2000, random_state=seed).fit(Z, y)
    head = LogisticHead(
        weights={n: round(float(w), 6) for n, w in zip(names, clf.coef_[0], strict=True)},
        bias=round(float(clf.intercept_[0]), 6),
        mean={n: round(float(m), 6) for n, m in zip(names, mean, strict=True)},
        scale={n: round(float(s), 6) for n, s in zip(names, scale, strict=True)},
    )
    info = {
        "examples": len(y),
        "positive": int(y.sum()),
        "articles": len(set(groups)),
        "C": best,
        "cv_log_loss": {str(c): round(v, 4) for c, v in losses.items()},
    }
    return head, info


def _decide_all(coder, model: IncidentModel, articles: list[dict], cands: dict) -> dict[str, list]:  # type: ignore[no-untyped-def]
    coder.incidents = model
    coded = {}
    for art in articles:
        doc, events, non, same_p, n_sents = cands[art["key"]]
        events, non = copy.deepcopy((events, non))  # the decisions change events in place
        coded[art["key"]] = coder._decide(doc, events, non, same_p, n_sents)
    return coded


def choose_by_out_of_fold(coder, articles: list[dict], cands: dict, cfg: dict, log=print) -> tuple:  # type: ignore[no-untyped-def]
    """The merge ("rules" or "pairwise") and thresholds with the best F1 of events per incident
    out of fold: each fold's articles decided by heads fitted on the other folds' articles.
    Ties go to the merge rules, then to the higher thresholds."""
    from sklearn.model_selection import GroupKFold

    from marsad.learned.tune_coder import score_articles

    keys = [a["key"] for a in articles]
    settings = [("rules", k, 1.0) for k in cfg["keep_grid"]]
    settings += [("pairwise", k, s) for k in cfg["keep_grid"] for s in cfg["same_grid"]]
    coded: dict[tuple, dict] = {st: {} for st in settings}
    for tr, te in GroupKFold(n_splits=cfg["folds"]).split(keys, groups=keys):
        part = [articles[i] for i in tr]
        keep_rows, same_rows = examples(part, cands, cfg.get("article_context", False))
        keep, _ = fit(keep_rows, cfg["c_grid"], cfg["folds"] - 1, cfg["seed"])
        same, _ = fit(same_rows, cfg["c_grid"], cfg["folds"] - 1, cfg["seed"])
        model = IncidentModel(keep, same, {"version": "fold"})
        for st in settings:
            model.merge, model.keep_threshold, model.same_threshold = st
            coded[st].update(_decide_all(coder, model, [articles[i] for i in te], cands))
    scores = {st: score_articles(articles, c) for st, c in coded.items()}
    best = max(settings, key=lambda st: (round(scores[st]["f1"], 4), st[0] == "rules", st[1], st[2]))
    log(f"out of fold: {len(settings)} settings, best {best}: F1 {scores[best]['f1']:.3f}")
    return best, scores[best], scores.get(("rules", 0.0, 1.0))


def _rounded(scores: dict) -> dict:
    return {key: round(v, 4) if isinstance(v, float) else v for key, v in scores.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--out", type=Path, default=None, help="model folder (default: the shipped one)")
    args = ap.parse_args(argv)
    from marsad.learned.corpus.sources import DataUnavailable
    from marsad.learned.tune_coder import load_articles

    cfg = yaml.safe_load(args.config.read_text(encoding="utf-8"))
    out = args.out or MODEL_DIR.parent / f"incidents-{cfg['version']}"
    try:
        # the file grows by rounds, appended in order: a model trained before a round reads the
        # articles that came before it
        train = load_articles(cfg["train"])[: cfg.get("train_articles")]
        dev = load_articles(cfg["dev"])
        print(f"coding {len(train)} training and {len(dev)} development articles")
        cands, coder = coded_candidates(train + dev)
    except DataUnavailable as exc:
        print(f"skipped: {exc}", file=sys.stderr)
        return 1
    (merge, k, s), oof, oof_no_keep = choose_by_out_of_fold(coder, train, cands, cfg)
    keep_rows, same_rows = examples(train, cands, cfg.get("article_context", False))
    keep, keep_info = fit(keep_rows, cfg["c_grid"], cfg["folds"], cfg["seed"])
    same, same_info = fit(same_rows, cfg["c_grid"], cfg["folds"], cfg["seed"])
    meta = {
        "name": "marsad.incident_model",
        "version": cfg["version"],
        "trained_on": f"corpus/events/{cfg['train']} ({len(train)} articles)",
        "keep": keep.to_dict(),
        "same": same.to_dict(),
        "training": {"keep": keep_info, "same": same_info},
        "decision": {
            "merge": merge,
            "keep_threshold": k,
            "same_threshold": s,
            "chosen_by": f"F1 of events per incident, out of {cfg['folds']} folds of the training articles",
            "out_of_fold": _rounded(oof),
            "out_of_fold_merge_rules_alone": _rounded(oof_no_keep) if oof_no_keep else None,
        },
    }
    from marsad.learned.tune_coder import score_articles

    model = IncidentModel(keep, same, meta)
    meta["development"] = _rounded(score_articles(dev, _decide_all(coder, model, dev, cands)))
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: meta[k] for k in ("training", "decision", "development")}, indent=1))
    for name, head in (("keep", keep), ("same", same)):
        top = sorted(head.weights.items(), key=lambda kv: -abs(kv[1]))[:8]
        print(f"{name}: " + ", ".join(f"{n} {w:+.2f}" for n, w in top))
    print(f"written to {out / 'model.json'}")
    return 0 if math.isfinite(meta["development"]["f1"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
