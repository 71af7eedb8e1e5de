"""Relations and control of territory on real articles annotated by reading them.

``python -m benchmarks.relations_articles [--set dev|test] [-v]`` codes each article of the
events-per-incident sets (``--set dev``: the 20 development articles, whose errors may be read;
``test``: the 24 test articles, never tuned on; ``--set train``: the 200 articles the relation
model was trained on, development data as well) with the whole pipeline and compares
``doc.relations`` and ``doc.territory`` with the relations annotated in
``corpus/relations/relations_<set>.jsonl`` (guide ``docs/ANNOTATION.md`` §13), joined with the
shared data (``MARSAD_DEV_DATA``).

Each relation is a fact of its article, whatever sentence tells it. A printed relation is right
when an annotated one has its type (hostile, ally, member_of, leads, controls) and sides: a side
is right when one of the actor's mentions in the article (the actors stage's, and the events'
sides) overlaps the annotated span or is the same name written elsewhere; the place of a control
claim likewise; hostile and ally either way round. Types are compared as the guide defines them:
``linked`` counts as ally, ``formerly_member_of`` as member_of, territory claims ``controls``,
``capital`` and ``seized`` as controls (``presence`` is no control); a printed ``member_of`` is
right where the annotation has ``leads`` for the pair (leading a group is membership of it).

The guide's sides are organised actors: relations marsad prints with civilians on one side
(sector CVL: "ISIS killed 20 civilians" is hostility of ISIS in marsad's graph) are outside what
was annotated; they are counted apart ("not scored"), never as errors. (Unidentified armed men
are no side either, but marsad also files gangs it cannot name under them, so those count.) Reported: printed, annotated, precision, recall and F1, overall and per type.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from marsad.learned.corpus.relations import TYPES, GoldRelation, Side, actor_sides, joined, texts_of

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "relations"
TYPE_OF = {
    "hostile": "hostile",
    "ally": "ally",
    "linked": "ally",
    "member_of": "member_of",
    "formerly_member_of": "member_of",
    "leads": "leads",
    "controls": "controls",
}
CONTROL_CLAIMS = frozenset(["controls", "capital", "seized"])
UNSCORED_SECTORS = frozenset(["CVL"])

Printed = tuple[str, list[Side], list[Side], str]  # type, source sides, target sides, evidence


def printed(doc) -> tuple[list[Printed], int]:  # type: ignore[no-untyped-def]
    """The article's relations as the guide types them, and how many have a side outside it."""
    sides = actor_sides(doc)
    unscored = {a.id for a in doc.actors if a.sector in UNSCORED_SECTORS or a.kind == "civilians"}
    out: list[Printed] = []
    skipped = 0
    for rel in doc.relations:
        type_ = TYPE_OF.get(rel.type)
        if type_ and unscored & {rel.source, rel.target}:
            skipped += 1
        elif type_:
            out.append((type_, sides.get(rel.source, []), sides.get(rel.target, []), rel.evidence.text))
    for claim in doc.territory:
        if claim.claim in CONTROL_CLAIMS:
            place = [Side(claim.place.start, claim.place.end, claim.place.text)]
            if claim.place.name:
                place.append(Side(-1, -1, claim.place.name))
            out.append(("controls", sides.get(claim.actor, []), place, claim.evidence.text))
    return out, skipped


def _right(g: GoldRelation, type_: str, src: list[Side], tgt: list[Side]) -> bool:
    return g.matches(type_, src, tgt) or (type_ == "member_of" and g.matches("leads", src, tgt))


def score(gold: dict[str, list[GoldRelation]], coded: dict[str, list[Printed]]) -> dict:
    counts = {t: {"printed": 0, "right": 0, "annotated": 0, "found": 0} for t in ("all", *TYPES)}
    for key, rels in gold.items():
        got = coded.get(key, [])
        for type_, src, tgt, _ in got:
            ok = any(_right(g, type_, src, tgt) for g in rels)
            for t in ("all", type_):
                counts[t]["printed"] += 1
                counts[t]["right"] += ok
        for g in rels:
            ok = any(g.matches(type_, src, tgt) for type_, src, tgt, _ in got)
            for t in ("all", g.type):
                counts[t]["annotated"] += 1
                counts[t]["found"] += ok
    for c in counts.values():
        p = c["right"] / c["printed"] if c["printed"] else 0.0
        r = c["found"] / c["annotated"] if c["annotated"] else 0.0
        c.update(
            precision=round(p, 3), recall=round(r, 3), f1=round(2 * p * r / (p + r), 3) if p + r else 0.0
        )
    return counts


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--set",
        choices=("train", "dev", "test"),
        default="test",
        help="test: never tuned on; dev and train (the relation model's 200 training articles): development data",
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="print each article's relations")
    ap.add_argument(
        "--relations",
        default=None,
        help="the relations component (default: the pipeline's; e.g. marsad.relation_extractor, the rules)",
    )
    args = ap.parse_args(argv)
    from marsad import Pipeline
    from marsad.learned.corpus.join import read_jsonl
    from marsad.learned.corpus.sources import DataUnavailable

    rows = read_jsonl(CORPUS / f"relations_{args.set}.jsonl")
    try:
        texts = texts_of(r["key"] for r in rows)
    except DataUnavailable as exc:
        print(f"skipped: {exc}")
        return {}
    gold = joined(rows, texts)
    print(f"{args.set} set: {len(gold)} articles, {sum(len(v) for v in gold.values())} annotated relations")
    from marsad.config import PipelineConfig

    cfg = PipelineConfig()
    if args.relations:
        cfg.components["relations"] = args.relations
    pipe = Pipeline(cfg)
    print(f"relations component: {cfg.components['relations']}")
    coded = {}
    unscored = 0
    for key in gold:
        doc = pipe.process(texts[key].replace("\n", " "), doc_id=key)
        coded[key], skipped = printed(doc)
        unscored += skipped
        if args.verbose:
            print(f"\n# {key}")
            for g in gold[key]:
                hit = any(g.matches(t, s, o) for t, s, o, _ in coded[key])
                print(f"  gold {'+' if hit else '-'} {g.type:<9} {g.source.text!r} -> {g.target.text!r}")
            for t, s, o, ev in coded[key]:
                ok = any(_right(g, t, s, o) for g in gold[key])
                names = sorted({x.text for x in s})[:2], sorted({x.text for x in o})[:2]
                print(f"  out  {'+' if ok else '-'} {t:<9} {names[0]} -> {names[1]}  | {ev[:80]!r}")
    counts = score(gold, coded)
    print(f"not scored: {unscored} printed relations with civilians on a side")
    print(
        f"{'type':<10} {'printed':>8} {'right':>6} {'annotated':>10} {'found':>6} {'P':>6} {'R':>6} {'F1':>6}"
    )
    for t, c in counts.items():
        print(
            f"{t:<10} {c['printed']:>8} {c['right']:>6} {c['annotated']:>10} {c['found']:>6} "
            f"{c['precision']:>6.3f} {c['recall']:>6.3f} {c['f1']:>6.3f}"
        )
    return counts


if __name__ == "__main__":
    main()
