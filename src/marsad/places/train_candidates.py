"""Train the toponym candidate classifier (``marsad.places.candidates``).

    python -m marsad.places.train_candidates [DATA_DIR] [--out PATH]

Run from the repository root (it reads the corpora with ``benchmarks.geoparse``'s
loaders from ``DATA_DIR/geoparsing/``, default ``$MARSAD_DEV_DATA``). Trains ONLY on the
development parts: TR-News and GeoVirus articles outside the held-out hash part and the
TUD-Loc2013 training part; the threshold is chosen on out-of-fold predictions of those
articles and on TUD-Loc2013 validation. Config (seed, C, grid):
``toponym_model/config.json``. Writes ``toponym_model/weights.json``.

Labels: a candidate (a span the rule recogniser did not take, see ``propose``) is
positive when it overlaps a gold toponym. Candidates whose role is ``demonym`` or
``embedded`` are left out (kept or dropped by rule at run time): the corpora disagree on
them — TR-News annotates nationality adjectives and names inside organisation names,
GeoVirus and TUD-Loc2013 do not — so they have no consistent label.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

MODEL_DIR = Path(__file__).resolve().parent / "toponym_model"


def _rows(
    arts: list[Any], corpus: str, nlp: Any, gaz: Any, skip_roles: frozenset[str]
) -> list[dict[str, Any]]:
    from marsad.places.candidates import propose, role_of
    from marsad.places.recognize import Recognizer, _Ranges

    rec = Recognizer(gaz)
    rows = []
    for n, art in enumerate(arts):
        sdoc = nlp(art.text)
        mentions = rec(sdoc)
        taken: set[int] = set()
        for m in mentions:
            span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                taken.update(range(span.start, span.end))
        place_texts = {m.query for m in mentions}
        for p in propose(sdoc, gaz, rec, taken, _Ranges([(0, len(art.text))]), _Ranges([]), place_texts):
            role, _ = role_of(sdoc, p.i, p.j, p.kind)
            if role in skip_roles:
                # demonyms and names inside organisation names are kept by rule, not by the
                # classifier: the corpora disagree on them (TR-News annotates nationality
                # adjectives and "[Queensland] Police Service", GeoVirus and TUD do not)
                continue
            s, e = sdoc[p.i].idx, sdoc[p.j - 1].idx + len(sdoc[p.j - 1].text)
            label = any(g.start < e and s < g.end for g in art.gold)
            rows.append(
                {
                    "doc": f"{corpus}:{n}",
                    "features": p.features,
                    "y": int(label),
                    "corpus": corpus,
                    "text": sdoc[p.i : p.j].text,
                    "kind": p.kind,
                }
            )
    return rows


def _f1(y: list[int], prob: list[float], t: float) -> tuple[float, float, float]:
    tp = sum(1 for a, b in zip(y, prob, strict=True) if a and b >= t)
    fp = sum(1 for a, b in zip(y, prob, strict=True) if not a and b >= t)
    fn = sum(1 for a, b in zip(y, prob, strict=True) if a and b < t)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def main(argv: list[str] | None = None) -> int:
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    sys.path.insert(0, os.getcwd())
    from benchmarks.geoparse import load_geovirus, load_trnews, load_tud, part_of

    from marsad.nlp.component import with_entity_ruler
    from marsad.nlp.loader import load_spacy
    from marsad.places.gazetteer import Gazetteer

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", nargs="?", default=os.environ.get("MARSAD_DEV_DATA", "../shared/data"))
    ap.add_argument("--out", default=str(MODEL_DIR / "weights.json"))
    args = ap.parse_args(argv)
    cfg = json.loads((MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    geo = Path(args.data_dir) / "geoparsing"
    gaz = Gazetteer.open(None)
    nlp = with_entity_ruler(load_spacy(), gaz.ruler_patterns())
    t0 = time.perf_counter()
    rule_roles = frozenset(cfg["roles_kept_by_rule"])
    trn = [a for a in load_trnews(geo / "TR-News.xml")[0] if part_of(a.text) == "dev"]
    gv = [a for a in load_geovirus(geo / "GeoVirus.xml")[0] if part_of(a.text) == "dev"]
    tud_train = load_tud(geo / "TUD-Loc2013.zip", "train")[0]
    tud_val = load_tud(geo / "TUD-Loc2013.zip", "validation")[0]
    rows = (
        _rows(trn, "TR-News-dev", nlp, gaz, rule_roles)
        + _rows(gv, "GeoVirus-dev", nlp, gaz, rule_roles)
        + _rows(tud_train, "TUD-train", nlp, gaz, rule_roles)
    )
    val = _rows(tud_val, "TUD-validation", nlp, gaz, rule_roles)
    print(
        f"candidates: train {len(rows)} ({sum(r['y'] for r in rows)} positive), "
        f"validation {len(val)} ({sum(r['y'] for r in val)} positive); {time.perf_counter() - t0:.0f} s"
    )
    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform([r["features"] for r in rows])
    y = np.array([r["y"] for r in rows])
    groups = [r["doc"] for r in rows]

    def fit(xx: Any, yy: Any) -> Any:
        return LogisticRegression(
            C=cfg["C"], class_weight=cfg["class_weight"], max_iter=cfg["max_iter"], random_state=cfg["seed"]
        ).fit(xx, yy)

    oof = np.zeros(len(rows))
    for tr, te in GroupKFold(n_splits=cfg["folds"]).split(x, y, groups):
        oof[te] = fit(x[tr], y[tr]).predict_proba(x[te])[:, 1]
    clf = fit(x, y)
    pv = clf.predict_proba(vec.transform([r["features"] for r in val]))[:, 1] if val else np.zeros(0)
    yy = list(y) + [r["y"] for r in val]
    pp = list(oof) + list(pv)

    def net(t: float) -> int:  # candidates kept right minus kept wrong
        return sum((1 if a else -1) for a, b in zip(yy, pp, strict=True) if b >= t)

    best = max(cfg["threshold_grid"], key=lambda t: (net(t), t))
    if net(best) <= 0:
        best = 1.0  # no threshold keeps more right candidates than wrong ones: keep none
    for t in cfg["threshold_grid"]:
        f, p, r = _f1(yy, pp, t)
        fv = _f1([r_["y"] for r_ in val], list(pv), t)
        print(
            f"  threshold {t:.2f}: tune net {net(t):+d} F1 {f:.3f} P {p:.3f} R {r:.3f} | TUD validation F1 {fv[0]:.3f} P {fv[1]:.3f} R {fv[2]:.3f}"
            + ("  <- chosen" if t == best else "")
        )
    model = {
        "name": "marsad toponym candidate classifier",
        "version": 1,
        "features": list(vec.get_feature_names_out()),
        "coef": [round(float(c), 6) for c in clf.coef_[0]],
        "intercept": round(float(clf.intercept_[0]), 6),
        "threshold": best,
        "config": cfg,
        "trained_on": {
            "TR-News dev articles": len(trn),
            "GeoVirus dev articles": len(gv),
            "TUD-Loc2013 training texts": len(tud_train),
            "candidates": len(rows),
            "positive": int(y.sum()),
        },
        "tuned_on": {"TUD-Loc2013 validation texts": len(tud_val), "validation candidates": len(val)},
    }
    Path(args.out).write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(model['features'])} features, threshold {best}")
    for n, c in sorted(zip(model["features"], model["coef"], strict=True), key=lambda t: -abs(t[1]))[:15]:
        print(f"  {c:+.3f} {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
