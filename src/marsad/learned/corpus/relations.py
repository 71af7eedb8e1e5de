"""Stand-off annotations of relations between actors and control of territory, by article.

``python -m marsad.learned.corpus.relations ANNOTATED.jsonl --out corpus/relations/relations_dev.jsonl``
turns an annotator's file (guide ``docs/ANNOTATION.md`` §13: per article ``key`` and
``relations``, each with ``type``, ``certainty``, the evidence sentence and its two sides as
exact quotes) into stand-off records: offsets and SHA-1s of the evidence and of each side in the
article as stored in the shared data, so that no text is committed. A quote not found is reported
and the relation dropped. ``--agreement FIRST SECOND`` compares two stand-off files on the
articles they share.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from marsad.learned.corpus.join import read_jsonl, span_sha1
from marsad.learned.corpus.sources import load_docs
from marsad.learned.relation_model import named_actors
from marsad.model import Document

TYPES = ("hostile", "ally", "member_of", "leads", "controls")
UNORDERED = frozenset(["hostile", "ally"])
CERTAINTIES = ("asserted", "reported", "hedged", "claimed")
SOURCES = ("muc4", "insight_crime", "tr_news", "satp")
ARTICLES = ("a ", "an ", "the ")


@dataclass(frozen=True)
class Side:
    """One side of a relation (or the place of a ``controls``) as it stands in the article."""

    start: int
    end: int
    text: str

    def matches(self, other: Side) -> bool:
        """The same side: overlapping words, or the same name written elsewhere in the article."""
        return (self.start < other.end and other.start < self.end) or _norm(self.text) == _norm(other.text)


@dataclass(frozen=True)
class GoldRelation:
    type: str
    certainty: str
    source: Side
    target: Side
    evidence: tuple[int, int]

    def matches(self, type_: str, source: Iterable[Side], target: Iterable[Side]) -> bool:
        """Whether a relation of ``type_`` between sides written as ``source`` and ``target``
        (each a set of mentions of one actor or place) is this one; hostile and ally either way."""
        if type_ != self.type:
            return False
        src, tgt = list(source), list(target)

        def hit(gold: Side, sides: list[Side]) -> bool:
            return any(gold.matches(s) for s in sides)

        if hit(self.source, src) and hit(self.target, tgt):
            return True
        return self.type in UNORDERED and hit(self.source, tgt) and hit(self.target, src)


def actor_sides(doc: Document) -> dict[str, list[Side]]:
    """Every place in the article where each actor is named (the actors stage's mentions, the
    events' sides, the actor's own mentions, which include names nested in another mention: the
    "Honduran" of "Honduran President X", "Awakenings" in a coalition's name; and its name), as
    the annotation's sides are compared with them."""
    out: dict[str, list[Side]] = {}
    for m in named_actors(doc):
        if m.actor_id:
            out.setdefault(m.actor_id, []).append(Side(m.start, m.end, m.text))
    for actor in doc.actors:
        sides = out.setdefault(actor.id, [])
        sides += [Side(s.start, s.end, s.text) for s in actor.mentions]  # nested ones too
        sides.append(Side(-1, -1, actor.name))
    return out


def _norm(text: str) -> str:
    t = " ".join(text.lower().split())
    for article in ARTICLES:
        if t.startswith(article):
            return t[len(article) :]
    return t


def _offsets(quote: str, flat: str, within: tuple[int, int]) -> tuple[int, int] | None:
    i = flat.find(quote, within[0], within[1])
    return (i, i + len(quote)) if i >= 0 and quote else None


def _standoff(text: str, span: tuple[int, int]) -> dict:
    return {"start": span[0], "end": span[1], "sha1": span_sha1(text[span[0] : span[1]])}


def convert(records: list[dict], texts: dict[str, str], warn: Callable[[str], None] = print) -> list[dict]:
    """Stand-off rows of annotated articles (quotes → offsets and SHA-1s)."""
    rows = []
    for rec in records:
        key, text = rec["key"], texts[rec["key"]]
        flat = text.replace("\n", " ")  # annotators read the article with line breaks as spaces
        out = []
        for rel in rec.get("relations", []):
            ev = _offsets(rel["evidence"], flat, (0, len(flat)))
            src = _offsets(rel["source"], flat, ev) if ev else None
            tgt = _offsets(rel["target"], flat, ev) if ev else None
            if rel.get("type") not in TYPES or not (ev and src and tgt):
                warn(f"relations: {key}: not a {TYPES} relation with quotes found, dropped: {rel}")
                continue

            out.append(
                {
                    "type": rel["type"],
                    "certainty": rel.get("certainty") if rel.get("certainty") in CERTAINTIES else "asserted",
                    "evidence": _standoff(text, ev),
                    "source": _standoff(text, src),
                    "target": _standoff(text, tgt),
                }
            )
        rows.append({"key": key, "relations": out})
    return rows


def joined(
    rows: list[dict], texts: dict[str, str], warn: Callable[[str], None] = print
) -> dict[str, list[GoldRelation]]:
    """The stand-off rows joined with their articles' texts; a span whose SHA-1 differs (the
    shared text changed) drops its relation, with a warning."""
    out: dict[str, list[GoldRelation]] = {}
    for row in rows:
        text = texts.get(row["key"])
        if text is None:
            warn(f"relations: {row['key']}: article not in the shared data, skipped")
            continue
        rels = []
        for rel in row["relations"]:
            spans = [rel[k] for k in ("evidence", "source", "target")]
            if any(span_sha1(text[s["start"] : s["end"]]) != s["sha1"] for s in spans):
                warn(f"relations: {row['key']}: a span no longer matches its text, dropped")
                continue
            ev, src, tgt = spans
            rels.append(
                GoldRelation(
                    rel["type"],
                    rel["certainty"],
                    Side(src["start"], src["end"], text[src["start"] : src["end"]]),
                    Side(tgt["start"], tgt["end"], text[tgt["start"] : tgt["end"]]),
                    (ev["start"], ev["end"]),
                )
            )
        out[row["key"]] = rels
    return out


def _matched(gold: list[GoldRelation], other: list[GoldRelation]) -> int:
    return sum(any(g.matches(o.type, [o.source], [o.target]) for o in other) for g in gold)


def agreement(first: dict[str, list[GoldRelation]], second: dict[str, list[GoldRelation]]) -> dict:
    """Agreement of two annotations on the articles both cover: the share of each one's relations
    the other has (same type and sides), and their F1, overall and per type."""
    keys = sorted(set(first) & set(second))
    out: dict = {"articles": len(keys)}
    for type_ in (None, *TYPES):

        def pick(rels: list[GoldRelation], t: str | None = type_) -> list[GoldRelation]:
            return [r for r in rels if t is None or r.type == t]

        n1 = sum(len(pick(first[k])) for k in keys)
        n2 = sum(len(pick(second[k])) for k in keys)
        m1 = sum(_matched(pick(first[k]), second[k]) for k in keys)
        m2 = sum(_matched(pick(second[k]), first[k]) for k in keys)
        r1, r2 = m1 / max(1, n1), m2 / max(1, n2)
        f1 = 2 * r1 * r2 / (r1 + r2) if r1 + r2 else 0.0
        out[type_ or "all"] = {"first": n1, "second": n2, "first_found_by_second": round(r1, 4),
                               "second_found_by_first": round(r2, 4), "f1": round(f1, 4)}  # fmt: skip
    return out


def texts_of(keys: Iterable[str]) -> dict[str, str]:
    docs = load_docs(sources=SOURCES)
    return {k: docs[k].text for k in keys if k in docs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("annotated", type=Path, nargs="?")
    ap.add_argument("--out", type=Path, help="write the stand-off records here")
    ap.add_argument("--agreement", nargs=2, type=Path, metavar=("FIRST", "SECOND"))
    args = ap.parse_args(argv)
    if args.agreement:
        first, second = (read_jsonl(p) for p in args.agreement)
        texts = texts_of({r["key"] for r in first + second})
        print(json.dumps(agreement(joined(first, texts), joined(second, texts)), indent=1))
        return 0
    if args.out is None or args.annotated is None:
        ap.error("ANNOTATED and --out are required")
    records = read_jsonl(args.annotated)
    rows = convert(records, texts_of(r["key"] for r in records))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    print(f"{len(rows)} articles, {sum(len(r['relations']) for r in rows)} relations -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
