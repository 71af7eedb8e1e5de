"""Choose the learned coder's decision thresholds on the development articles.

``python -m marsad.learned.tune_coder [--model DIR]`` codes the 20 development articles of
``corpus/events/incidents_dev.jsonl`` (never the 24 test articles) up to the dates stage once,
then runs the learned events component under each combination of thresholds of the grid — the
event probability (1 - P(NONE)) a sentence needs when the rules found an event in it, and when
they did not, and the restatement probability above which an event merges into the one before
— scores events per incident (precision, recall; see
``benchmarks/incidents.py``) and writes the chosen setting into the model's ``model.json``
(``decision``), where the coder reads it — by the one-standard-error rule (:func:`choose`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from marsad.learned.corpus.join import CORPUS_DIR, read_jsonl
from marsad.model import Event

EVENT_GRID = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97)  # sentences with a rule event
MODEL_ONLY_GRID = (0.8, 0.9, 0.95, 0.97, 0.99, 1.01)  # sentences with none (1.01: never)
SAME_GRID = (0.5, 0.7, 0.9, 1.01)


def overlaps(spans: list[tuple[int, int]], ev: list[tuple[int, int]]) -> bool:
    return any(a < d and c < b for a, b in spans for c, d in ev)


def event_classes(art: dict, events: list[Event]) -> tuple[list[tuple[Event, str]], dict[int, Event]]:
    """Each printed event of an annotated article, in text order, with what it is: ``incident``
    (the first event on an incident), ``duplicate`` (another on an incident already claimed),
    ``non-incident`` (on an annotated non-incident) or ``nothing``; and the incidents claimed."""
    incidents = [[(e["start"], e["end"]) for e in inc["evidence"]] for inc in art["incidents"]]
    nons = [[(e["start"], e["end"]) for e in inc["evidence"]] for inc in art["non_incidents"]]
    claimed: dict[int, Event] = {}
    out: list[tuple[Event, str]] = []
    for ev in sorted(events, key=lambda e: e.evidence.start):
        spans = [(ev.evidence.start, ev.evidence.end)] + [(s.start, s.end) for s in ev.extra_evidence]
        hit = [i for i, inc in enumerate(incidents) if overlaps(inc, spans)]
        new = [i for i in hit if i not in claimed]
        if new:
            claimed[new[0]] = ev
            out.append((ev, "incident"))
        elif hit:
            out.append((ev, "duplicate"))
        elif any(overlaps(n, spans) for n in nons):
            out.append((ev, "non-incident"))
        else:
            out.append((ev, "nothing"))
    return out, claimed


def score_articles(articles: list[dict], coded: dict[str, list]) -> dict[str, float]:
    """Events per incident: precision (printed events that are distinct incidents), recall
    (incidents with an event), and the breakdown of the rest."""
    printed = distinct = found = total = on_non = duplicates = fat_ok = fat_n = 0
    pred_fat = gold_fat = 0
    for art in articles:
        classes, claimed = event_classes(art, coded[art["key"]])
        for ev, what in classes:
            printed += 1
            pred_fat += ev.fatalities or 0
            distinct += what == "incident"
            duplicates += what == "duplicate"
            on_non += what == "non-incident"
        total += len(art["incidents"])
        found += len(claimed)
        for i, inc in enumerate(art["incidents"]):
            if inc.get("fatalities") is not None:
                fat_n += 1
                gold_fat += inc["fatalities"]
                ev = claimed.get(i)
                fat_ok += bool(ev is not None and (ev.fatalities or 0) == inc["fatalities"])
    p = distinct / printed if printed else 0.0
    r = found / total if total else 0.0
    return {
        "printed": printed,
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "incidents": total,
        "duplicates": duplicates,
        "false_incidents": on_non,
        "unmatched": printed - distinct - duplicates - on_non,
        "fatalities_exact": fat_ok / fat_n if fat_n else 0.0,
        "fatalities_printed_total": pred_fat,
        "fatalities_gold_total": gold_fat,
    }


def choose(grid: list[tuple[float, float, float, dict]]) -> tuple[float, float, float, dict]:
    """The one-standard-error rule: among the settings whose F1 is within one standard error of
    the best (sqrt(F1(1-F1)/incidents): 20 articles are few), the one with the highest recall
    (then precision). Within the noise of the best, an analyst is better served by an event
    flagged with its probability than by one silently dropped."""
    best = max(grid, key=lambda g: g[3]["f1"])[3]
    se = (best["f1"] * (1 - best["f1"]) / max(1, best["incidents"])) ** 0.5
    near = [g for g in grid if g[3]["f1"] >= best["f1"] - se]
    return max(near, key=lambda g: (round(g[3]["recall"], 6), round(g[3]["precision"], 6), -g[0], -g[1]))


def load_articles(name: str = "incidents_dev.jsonl") -> list[dict]:
    return read_jsonl(CORPUS_DIR / name)


class ReadingCache:
    """A sentence model whose readings are kept by sentence text: the grid codes the same
    articles under every setting, and a transformer would read each sentence every time."""

    def __init__(self, model) -> None:  # type: ignore[no-untyped-def]
        self.model = model
        self.ref, self.decision = model.ref, model.decision
        self.readings: dict[str, object] = {}

    def read_many(self, sents):  # type: ignore[no-untyped-def]
        todo = [s for s in sents if s.text not in self.readings]
        for s, r in zip(todo, self.model.read_many(todo) if todo else [], strict=True):
            self.readings[s.text] = r
        return [self.readings[s.text] for s in sents]


def parsed_articles(articles: list[dict], pipe) -> dict:  # type: ignore[no-untyped-def]
    """Each article through the stages before events, once."""
    from marsad.ingest import document_from_text
    from marsad.learned.corpus.sources import load_docs

    texts = {k: d.text for k, d in load_docs(sources=("muc4", "insight_crime", "tr_news", "satp")).items()}
    out = {}
    for art in articles:
        doc = document_from_text(texts[art["key"]].replace("\n", " "), doc_id=art["key"])
        for stage in ("nlp", "actors", "places", "dates"):
            pipe.component(stage)(doc)
        out[art["key"]] = doc
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", type=Path, default=None, help="model folder (default: the fast profile's)")
    ap.add_argument("--dry-run", action="store_true", help="write nothing")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every point of the grid")
    ap.add_argument("--plover", action="store_true", help="also choose the PLOVER fallback to the rules")
    args = ap.parse_args(argv)
    from marsad import Pipeline
    from marsad.learned import coder as coder_module
    from marsad.learned.event_model import DEFAULT_MODEL, default_model

    folder = args.model or DEFAULT_MODEL
    model = ReadingCache(default_model(str(folder)))
    pipe = Pipeline()
    articles = load_articles()
    docs = parsed_articles(articles, pipe)
    coder = coder_module.LearnedEventCoder(model=model)
    grid = []
    for same in SAME_GRID:
        for alone in MODEL_ONLY_GRID:
            for event in EVENT_GRID:
                coder.event_threshold, coder.model_only_threshold, coder.same_threshold = event, alone, same
                coded = {k: coder(doc).events for k, doc in docs.items()}
                s = score_articles(articles, coded)
                grid.append((event, alone, same, s))
                if args.verbose:
                    print(
                        f"event ≥ {event:<5} alone ≥ {alone:<5} same ≥ {same:<5} printed {s['printed']:>4}  "
                        f"P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
                    )
    event, alone, same, s = choose(grid)
    print(
        f"chosen: event ≥ {event} (rule event), ≥ {alone} (model alone), same ≥ {same} "
        f"(dev F1 {s['f1']:.3f}, P {s['precision']:.3f}, R {s['recall']:.3f}, printed {s['printed']})"
    )
    plover_below = tune_plover_fallback(folder) if args.plover else None
    if not args.dry_run:
        meta_path = folder / "model.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if plover_below is None:
            plover_below = meta.get("decision", {}).get("plover_rule_below", 0.0)
        meta["decision"] = {
            "plover_rule_below": plover_below,
            "event_threshold": event,
            "model_only_threshold": alone,
            "same_threshold": same,
            "tuned_on": f"corpus/events/incidents_dev.jsonl ({len(articles)} articles), one-standard-error rule",
            "dev": {k: round(v, 4) if isinstance(v, float) else v for k, v in s.items()},
        }
        meta_path.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written to {meta_path}")
    return 0


PLOVER_GRID = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def rule_main_types(docs) -> list[str | None]:  # type: ignore[no-untyped-def]
    """The rule coder's main-event PLOVER type of each parsed sentence (None: no rule event)."""
    from datetime import date

    from marsad.events.coder import EventCoder
    from marsad.model import Document, Zone

    coder = EventCoder()
    out = []
    for i, sdoc in enumerate(docs):
        doc = Document(
            id=f"t{i}", text=sdoc.text, date=date(2000, 1, 1), zones=[Zone("body", 0, len(sdoc.text))]
        )
        doc.spacy_doc = sdoc
        coder(doc)
        out.append(doc.events[0].type if doc.events else None)
    return out


def tune_plover_fallback(folder: Path, log=print) -> float:
    """Below which model probability of its PLOVER type the rule coder's type is kept instead,
    chosen by out-of-fold accuracy on the training part of the corpus (folds 1-4; the held-out
    fold 0 is never read), over the real items with a PLOVER event where the rules found one."""
    from marsad.events.lexicon import load_lexicon
    from marsad.learned import train_events as T
    from marsad.learned.corpus.join import load_corpus
    from marsad.learned.event_model import EventSentenceModel
    from marsad.learned.features import featurize
    from marsad.nlp.loader import load_spacy

    model = EventSentenceModel(folder)
    cfg = T.load_config(T.ACCURATE_CONFIG_PATH if model.model.dense else T.CONFIG_PATH)
    cfg = dict(cfg, heads={"plover": "plover"})
    revisions = model.model.meta.get("label_revisions", 0)  # the labels the model learned
    train = [e for e in load_corpus(warn=lambda m: None, revisions=revisions) if e.random_split == "train"]
    nlp, lex = load_spacy(), load_lexicon()
    docs = list(nlp.pipe([e.text for e in train], batch_size=64))
    feats = [featurize(d, lex) for d in docs]
    dense = T.embed([e.text for e in train], cfg)
    rules = rule_main_types(docs)
    c = float(model.model.meta.get("C", 1.0))
    oof: dict[int, tuple[str, float]] = {}
    for k in sorted({e.fold for e in train if not e.written}):
        tr = [i for i, e in enumerate(train) if e.written or e.fold != k]
        te = [i for i, e in enumerate(train) if not e.written and e.fold == k]
        m = T.fit_model(
            [feats[i] for i in tr], [train[i] for i in tr], cfg, c, dense=None if dense is None else dense[tr]
        )
        for i in te:
            p = m.predict(feats[i], None if dense is None else dense[i])["plover"]
            oof[i] = max(p.items(), key=lambda kv: kv[1])
    items = [i for i in oof if train[i].plover != "NONE" and rules[i] is not None]
    best_t, best_acc = 0.0, -1.0
    for t in PLOVER_GRID:
        right = sum((oof[i][0] if oof[i][1] >= t else rules[i]) == train[i].plover for i in items)
        acc = right / max(1, len(items))
        log(f"  rule type below model P < {t}: PLOVER accuracy {acc:.3f} (n={len(items)})")
        if acc > best_acc + 1e-9:
            best_t, best_acc = t, acc
    log(f"chosen: keep the rule type when the model's PLOVER probability is below {best_t} ({best_acc:.3f})")
    return best_t


if __name__ == "__main__":
    raise SystemExit(main())
