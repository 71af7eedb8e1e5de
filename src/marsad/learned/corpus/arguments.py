"""Event arguments of the annotated corpus (guide §11): actor, recipient, location, date, tolls.

Input: the event items of the corpus (``load_corpus``, label not ``NONE``) and, for
conversion, annotator records that copy each span as a string (``"text#2"`` for a second
occurrence). Output: stand-off records in ``corpus/events/arguments/*.jsonl`` — spans as
``[start, end]`` offsets relative to the item's sentence, no text — and, joined again,
:class:`ArgumentExample` records for training and evaluation. A string not found in its
sentence is reported and that record is kept out, never guessed.

``python -m marsad.learned.corpus.arguments sample --out DIR`` writes annotation batches
(scratch files holding shared text: never commit them); ``convert BATCH_OUT --name NAME``
stores a batch's annotations (``--name agreement``: the second, independent annotation of a
sample); ``stats`` prints the counts and the agreement.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from marsad.learned.corpus.join import CORPUS_DIR, Example, load_corpus, load_labels, read_jsonl
from marsad.learned.corpus.sample import context_before
from marsad.learned.corpus.sources import DataUnavailable, load_docs

ARGUMENTS_DIR = CORPUS_DIR / "arguments"
AGREEMENT_FILE = CORPUS_DIR / "arguments_agreement.jsonl"  # second, independent annotations
SPAN_FIELDS = ("actor", "recipient", "location")
SEED = 29
Span = tuple[int, int]


@dataclass
class ArgumentExample:
    """One event item with its trigger and gold arguments (offsets into ``text``)."""

    example: Example
    trigger: Span
    actor: list[Span] = field(default_factory=list)
    recipient: list[Span] = field(default_factory=list)
    location: list[Span] = field(default_factory=list)
    date: Span | None = None
    killed: dict | None = None
    injured: dict | None = None
    actor_unnamed: bool = False

    @property
    def text(self) -> str:
        return self.example.text

    @property
    def split(self) -> str:
        return self.example.random_split


def find_span(text: str, quoted: str) -> Span | None:
    """Offsets of an exactly copied string; ``"x#2"`` is the second occurrence of ``x``."""
    m = re.fullmatch(r"(.*)#(\d+)", quoted, flags=re.S)
    target, nth = (m.group(1), int(m.group(2))) if m and m.group(1) in text else (quoted, 1)
    if not target:
        return None
    pos = -1
    for _ in range(nth):
        pos = text.find(target, pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(target)


def convert(records: list[dict], texts: dict[str, str], annotator: str, warn=print) -> list[dict]:
    """Annotator records (strings) to stand-off records (offsets); unmatched records are dropped."""
    out = []
    for rec in records:
        text = texts.get(rec.get("id", ""))
        if text is None:
            warn(f"arguments: unknown item {rec.get('id')!r}; skipped")
            continue
        row: dict = {"id": rec["id"], "annotator": annotator}
        ok = True
        for name in SPAN_FIELDS:
            spans = []
            for quoted in rec.get(name) or []:
                span = find_span(text, quoted)
                if span is None:
                    warn(f"arguments: {rec['id']}: {name} {quoted!r} is not in the sentence; record skipped")
                    ok = False
                    break
                spans.append(list(span))
            row[name] = spans
        date = rec.get("date") or ""
        row["date"] = list(find_span(text, date) or ()) if date else None
        if date and not row["date"]:
            warn(f"arguments: {rec['id']}: date {date!r} is not in the sentence; date dropped")
            row["date"] = None
        for name in ("killed", "injured"):
            row[name] = _toll(rec.get(name))
        row["actor_unnamed"] = bool(rec.get("actor_unnamed"))
        if ok:
            out.append(row)
    return out


def _toll(value) -> dict | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return {"low": int(value), "best": int(value), "high": None}
    toll = {k: (int(value[k]) if value.get(k) is not None else None) for k in ("low", "best", "high")}
    if toll["best"] is None:
        toll["best"] = toll["low"] if toll["low"] is not None else toll["high"]
    return toll if toll["best"] is not None else None


def load_arguments(
    data: Path | None = None, corpus_dir: Path = CORPUS_DIR, warn=print
) -> list[ArgumentExample]:
    """Every event item with stored arguments, joined with its text and trigger."""
    args_dir = corpus_dir / "arguments"
    records = {r["id"]: r for p in sorted(args_dir.glob("*.jsonl")) for r in read_jsonl(p)}
    labels = load_labels(corpus_dir)
    out = []
    for ex in load_corpus(data, corpus_dir, written=False, warn=warn):
        rec = records.get(ex.id)
        lab = labels.get(ex.id, {})
        if rec is None or lab.get("trigger_start") is None:
            continue
        out.append(
            ArgumentExample(
                example=ex,
                trigger=_trigger(lab, ex),
                actor=[tuple(s) for s in rec["actor"]],
                recipient=[tuple(s) for s in rec["recipient"]],
                location=[tuple(s) for s in rec["location"]],
                date=tuple(rec["date"]) if rec.get("date") else None,
                killed=rec.get("killed"),
                injured=rec.get("injured"),
                actor_unnamed=bool(rec.get("actor_unnamed")),
            )
        )
    return out


def _trigger(label: dict, ex: Example) -> Span:
    """The trigger's offsets in the sentence (labels store them in the source document)."""
    return label["trigger_start"] - ex.start, label["trigger_end"] - ex.start


def draw_items(
    examples: list[Example], labels: dict[str, dict], n_train: int, seed: int = SEED
) -> list[Example]:
    """Every held-out (fold 0) event item, and ``n_train`` training event items drawn at random."""
    events = [
        e
        for e in examples
        if e.label != "NONE" and not e.written and labels.get(e.id, {}).get("trigger_start") is not None
    ]
    test = [e for e in events if e.random_split == "test"]
    train = sorted((e for e in events if e.random_split == "train"), key=lambda e: e.id)
    random.Random(seed).shuffle(train)
    return test + train[:n_train]


def _marked(text: str, start: int, end: int) -> str:
    return f"{text[:start]}[[{text[start:end]}]]{text[end:]}"


def _sample(args: argparse.Namespace) -> int:
    examples = load_corpus(args.data, written=False, warn=lambda m: None)
    labels = load_labels()
    docs = load_docs(args.data)
    done = {r["id"] for p in sorted(ARGUMENTS_DIR.glob("*.jsonl")) for r in read_jsonl(p)}
    chosen = [e for e in draw_items(examples, labels, args.n_train) if e.id not in done]
    random.Random(SEED).shuffle(chosen)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    size = -(-len(chosen) // args.batches)
    for b in range(args.batches):
        with (out / f"args_batch_{b + 1}.jsonl").open("w", encoding="utf-8") as fh:
            for e in chosen[b * size : (b + 1) * size]:
                lab = labels[e.id]
                row = {
                    "id": e.id,
                    "source": e.source,
                    "label": e.label,
                    "context_before": context_before(docs[e.key].text, e.start),
                    "text": _marked(e.text, *_trigger(lab, e)),
                }
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(chosen)} items in {args.batches} batches under {out}")
    return 0


def agreement(first: dict[str, dict], second: dict[str, dict]) -> dict:
    """Agreement of two annotations of the same items: exact-span F1 per field (either one
    taken as reference: F1 is symmetric), and how often the killed figure (best) is the same."""
    out: dict = {"items": 0}
    ids = sorted(set(first) & set(second))
    out["items"] = len(ids)
    for name in SPAN_FIELDS:
        a = [{tuple(x) for x in first[i][name]} for i in ids]
        b = [{tuple(x) for x in second[i][name]} for i in ids]
        both = sum(len(x & y) for x, y in zip(a, b, strict=True))
        total = sum(map(len, a)) + sum(map(len, b))
        out[f"{name}_exact_f1"] = round(2 * both / max(total, 1), 4)
        overlap = sum(
            sum(1 for s in x if any(s[0] < t[1] and t[0] < s[1] for t in y))
            for x, y in zip(a, b, strict=True)
        )
        overlap += sum(
            sum(1 for s in y if any(s[0] < t[1] and t[0] < s[1] for t in x))
            for x, y in zip(a, b, strict=True)
        )
        out[f"{name}_overlap_f1"] = round(overlap / max(total, 1), 4)
    same = [
        ((first[i].get("killed") or {}).get("best"), (second[i].get("killed") or {}).get("best")) for i in ids
    ]
    out["killed_same"] = round(sum(x == y for x, y in same) / max(len(same), 1), 4)
    return out


def _convert(args: argparse.Namespace) -> int:
    texts = {e.id: e.text for e in load_corpus(args.data, written=False, warn=lambda m: None)}
    problems: list[str] = []
    records = read_jsonl(Path(args.batch))
    rows = convert(records, texts, args.annotator, warn=problems.append)
    for p in problems:
        print(p, file=sys.stderr)
    ARGUMENTS_DIR.mkdir(parents=True, exist_ok=True)
    dest = AGREEMENT_FILE if args.name == "agreement" else ARGUMENTS_DIR / f"{args.name}.jsonl"
    dest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} of {len(records)} records stored in {dest}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    rows = load_arguments(args.data, warn=lambda m: None)
    print(f"{len(rows)} events with arguments")
    print("split:", dict(Counter(r.split for r in rows)))
    print("source:", dict(Counter(r.example.source for r in rows)))
    for name in SPAN_FIELDS:
        print(f"{name}: {sum(1 for r in rows if getattr(r, name))} events with a span")
    print("killed given:", sum(1 for r in rows if r.killed), "date given:", sum(1 for r in rows if r.date))
    if AGREEMENT_FILE.exists():
        first = {r["id"]: r for p in sorted(ARGUMENTS_DIR.glob("*.jsonl")) for r in read_jsonl(p)}
        second = {r["id"]: r for r in read_jsonl(AGREEMENT_FILE)}
        print("agreement (second annotation):", json.dumps(agreement(first, second)))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="shared data dir (default: MARSAD_DEV_DATA)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample", help="write annotation batches (scratch: they hold shared text)")
    s.add_argument("--out", required=True)
    s.add_argument("--n-train", type=int, default=2300)
    s.add_argument("--batches", type=int, default=8)
    c = sub.add_parser("convert", help="store one annotated batch as stand-off offsets")
    c.add_argument("batch")
    c.add_argument(
        "--name", required=True, help='file name under arguments/; "agreement" for the second annotation'
    )
    c.add_argument("--annotator", default="helper")
    sub.add_parser("stats", help="counts of the stored arguments")
    args = ap.parse_args(argv)
    try:
        return {"sample": _sample, "convert": _convert, "stats": _stats}[args.cmd](args)
    except DataUnavailable as exc:
        print(f"arguments: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
