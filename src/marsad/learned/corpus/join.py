"""Join the stand-off event corpus with the shared texts.

Input: ``corpus/events/items.jsonl`` (id, source, key, start, end, sha1 of the span),
``corpus/events/labels/*.jsonl`` (labels by item id, no text), ``corpus/events/written.jsonl``
(sentences we wrote, with their text) and the shared data directory. Output:
:class:`Example` records with the sentence text, its labels and its fixed splits. A span
whose text no longer matches its SHA-1 is reported and skipped, never silently relabelled.

``python -m marsad.learned.corpus.join`` prints the counts per label, source and split.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from marsad.learned.corpus.sources import DataUnavailable, load_docs

CORPUS_DIR = Path(__file__).resolve().parents[4] / "corpus" / "events"
TEST_FOLD = 0  # random split: items whose id hashes to fold 0 of 5 are the held-out test set
N_FOLDS = 5


@dataclass
class Example:
    id: str
    source: str
    text: str
    label: str
    plover: str
    mode: str | None
    status: str | None
    key: str = ""
    start: int = 0
    end: int = 0
    written: bool = False
    same_as_context: bool = False
    also: list[str] = field(default_factory=list)
    round: int = 1  # the sampling round that drew it (``ROUNDS``); written items: 1

    @property
    def fold(self) -> int:
        return int(hashlib.sha1(self.id.encode()).hexdigest(), 16) % N_FOLDS

    @property
    def random_split(self) -> str:
        """``test`` for the fixed held-out fifth (never a written item), else ``train``."""
        return "test" if self.fold == TEST_FOLD and not self.written else "train"


def span_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


#: the label fields a revision may change; offsets, triggers and the annotator's other fields stay
REVISED_FIELDS = ("label", "plover", "mode", "status")


def load_revisions(corpus_dir: Path = CORPUS_DIR, upto: int | None = None) -> dict[str, dict]:
    """Re-decisions of earlier labels after a change of the guide, by item id (real or written):
    ``revisions/revN_*.jsonl``, applied in order of N, those after ``upto`` left out (a model
    trained before revision N reads the labels as they were)."""
    out: dict[str, dict] = {}
    for path in sorted((corpus_dir / "revisions").glob("rev*.jsonl"), key=_revision_number):
        if upto is not None and _revision_number(path) > upto:
            continue
        for rec in read_jsonl(path):
            out[rec["id"]] = {**out.get(rec["id"], {}), **{k: rec[k] for k in REVISED_FIELDS if k in rec}}
    return out


def _revision_number(path: Path) -> int:
    return int(path.name[3:].split("_", 1)[0])


def load_labels(corpus_dir: Path = CORPUS_DIR, revisions: int | None = None) -> dict[str, dict]:
    """Every item's labels, with the guide's revisions up to ``revisions`` (all by default)."""
    labels: dict[str, dict] = {}
    for path in sorted((corpus_dir / "labels").glob("*.jsonl")):
        for rec in read_jsonl(path):
            labels[rec["id"]] = rec
    for id_, change in load_revisions(corpus_dir, revisions).items():
        if id_ in labels:
            labels[id_] = {**labels[id_], **change}
    return labels


def excluded_keys(corpus_dir: Path = CORPUS_DIR) -> set[str]:
    """Documents kept out of training: the articles of the incident benchmark."""
    path = corpus_dir / "incident_article_keys.json"
    return set(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else set()


#: the sampling round of each stratum of ``items.jsonl`` (see ``sample.py``)
ROUNDS = {"random": 1, "pool": 1, "pool2": 2, "random3": 3, "pool4": 4}


def load_corpus(
    data: Path | None = None,
    corpus_dir: Path = CORPUS_DIR,
    written: bool = True,
    warn=print,
    revisions: int | None = None,
) -> list[Example]:
    """Every labelled item with its text, its labels revised up to ``revisions`` (all by
    default; 0 for the labels as first given). Raises DataUnavailable without the shared data."""
    items = read_jsonl(corpus_dir / "items.jsonl")
    labels = load_labels(corpus_dir, revisions)
    docs = load_docs(data)
    skip_keys = excluded_keys(corpus_dir)
    out: list[Example] = []
    for it in items:
        rec = labels.get(it["id"])
        if rec is None or it["key"] in skip_keys:
            continue
        doc = docs.get(it["key"])
        text = doc.text[it["start"] : it["end"]] if doc else None
        if text is None or span_sha1(text) != it["sha1"]:
            warn(
                f"corpus: item {it['id']} ({it['key']}:{it['start']}-{it['end']}) does not match its text; skipped"
            )
            continue
        ex = _example(rec, it["id"], it["source"], text.replace("\n", " "), it["key"], it["start"], it["end"])
        ex.round = ROUNDS.get(it.get("stratum") or "random", 1)
        out.append(ex)
    if written and (corpus_dir / "written.jsonl").exists():
        revised = load_revisions(corpus_dir, revisions)
        for i, rec in enumerate(read_jsonl(corpus_dir / "written.jsonl")):
            wid = written_id(i, rec["text"])
            ex = _example({**rec, **revised.get(wid, {})}, wid, "written", rec["text"])
            ex.written = True
            out.append(ex)
    return out


def written_id(index: int, text: str) -> str:
    """The id of the ``index``-th item of ``written.jsonl`` (its revisions refer to it)."""
    return "w" + hashlib.sha1(f"{index}:{text}".encode()).hexdigest()[:11]


def _example(
    rec: dict, id_: str, source: str, text: str, key: str = "", start: int = 0, end: int = 0
) -> Example:
    return Example(
        id=id_,
        source=source,
        text=text,
        label=rec["label"],
        plover=rec.get("plover") or "NONE",
        mode=rec.get("mode") or None,
        status=rec.get("status") or None,
        key=key,
        start=start,
        end=end,
        same_as_context=bool(rec.get("same_as_context")),
        also=list(rec.get("also") or []),
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Counts of the annotated event corpus per label, source and split."
    )
    ap.add_argument("--data", type=Path, default=None, help="shared data dir (default MARSAD_DEV_DATA)")
    args = ap.parse_args(argv)
    try:
        corpus = load_corpus(args.data, warn=lambda m: print(m, file=sys.stderr))
    except DataUnavailable as exc:
        print(f"skipped: {exc}")
        return 0
    by_label = Counter((e.label, "written" if e.written else "real") for e in corpus)
    labels = sorted({e.label for e in corpus})
    print(
        f"{len(corpus)} items ({sum(not e.written for e in corpus)} real, {sum(e.written for e in corpus)} written)"
    )
    print(f"{'label':<16} {'real':>6} {'written':>8}")
    for lab in labels:
        print(f"{lab:<16} {by_label[(lab, 'real')]:>6} {by_label[(lab, 'written')]:>8}")
    print(Counter(e.source for e in corpus))
    print(Counter(e.random_split for e in corpus))
    print(Counter(e.status for e in corpus))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
