"""Entity links of re3d Organisation and Person mentions (issue 12).

    python -m benchmarks.entity_links [DATA_DIR] [--split dev|test|all] [-v]

The mentions (``corpus/actors/re3d_links.jsonl``, stand-off: re3d folder, document id, offsets
and labels; guide docs/ANNOTATION.md §14) were linked by reading them: to a curated actor of
marsad's knowledge base, a state, a state organ (``IRQ_GOV``), ``unknown`` (an actor the
curated list lacks), ``generic`` or ``none``. Each is answered as in the ``context`` reading of
:mod:`benchmarks.actor_strings`, but on the whole document (a press release's "the Coalition"
refers to the coalition its first lines named): the document goes through ``marsad actors
resolve -``, and the answer is the mention overlapping the labelled string best. Development part: the CENTCOM folder; held-out part: the US State
Department and Australian DFAT folders (``-v`` lists the misses of the split asked for).

Scoring: a curated, state or organ link is right when the answer has that id; ``unknown`` when
the answer is an actor none of those (an unknown name, a Phoenix entry, a description); a
``generic`` mention when nothing or a description answers; ``none`` when nothing answers.
Country and sector are scored as in the actor strings benchmark, on the mentions that are
actors (neither ``generic`` nor ``none``).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.actor_strings import answers, in_context
from benchmarks.actors import data_dir

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus" / "actors" / "re3d_links.jsonl"
ORGAN = re.compile(r"^([A-Z]{3})_[A-Z]+$")
DESCRIPTIONS = ("gen:", "desc:")


def load_corpus(path: Path = CORPUS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def attach_texts(rows: list[dict[str, Any]], root: Path) -> tuple[list[dict[str, Any]], int]:
    """The rows whose offsets still give the labelled string (by its hash), with ``string``
    and ``window`` filled in; and how many were lost."""
    texts: dict[tuple[str, str], str] = {}
    for folder in {r["folder"] for r in rows}:
        path = root / "re3d" / folder / "documents.json"
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                texts[folder, d["_id"]] = d["text"]
    kept, lost = [], 0
    for r in rows:
        text = texts.get((r["folder"], r["doc"]), "")
        string = text[r["start"] : r["end"]]
        if not string or hashlib.sha1(string.encode()).hexdigest()[:8] != r["check"]:
            lost += 1
            continue
        kept.append({**r, "string": string, "window": (text, r["start"], r["end"])})
    return kept, lost


def kind_of(link: str | None, curated: set[str], states: set[str]) -> str:
    """``curated``, ``state``, ``organ``, ``other`` (an id none of those) or ``nothing``."""
    if not link:
        return "nothing"
    if link in curated:
        return "curated"
    if link in states:
        return "state"
    match = ORGAN.match(link)
    return "organ" if match and match.group(1) in states else "other"


def right(row: dict[str, Any], pred: dict[str, Any], curated: set[str], states: set[str]) -> bool:
    gold, answer = row["link"], pred.get("id")
    if gold == "none":
        return answer is None
    if gold == "generic":
        return answer is None or str(answer).startswith(DESCRIPTIONS)
    if gold == "unknown":
        return kind_of(answer, curated, states) == "other"
    return answer == gold


def score(
    rows: list[dict[str, Any]], preds: list[dict[str, Any]], curated: set[str], states: set[str]
) -> dict:
    marks = [right(r, p, curated, states) for r, p in zip(rows, preds, strict=True)]
    by_kind: dict[str, list[bool]] = {}
    for r, m in zip(rows, marks, strict=True):
        gold = (
            r["link"] if r["link"] in ("unknown", "generic", "none") else kind_of(r["link"], curated, states)
        )
        by_kind.setdefault(gold, []).append(m)
    actors = [(r, p) for r, p in zip(rows, preds, strict=True) if r["link"] not in ("generic", "none")]

    def share(xs: list[bool]) -> float:
        return round(sum(xs) / max(len(xs), 1), 3)

    return {
        "n": len(rows),
        "linked_right": share(marks),
        "per_gold": {k: f"{share(v)} of {len(v)}" for k, v in sorted(by_kind.items())},
        "actors": len(actors),
        "actor_country": share(
            [p.get("id") is not None and p.get("country") == r["country"] for r, p in actors]
        ),
        "actor_sector": share([p.get("sector") == r["sector"] for r, p in actors]),
    }


def main(argv: list[str] | None = None) -> dict:
    argv = list(argv if argv is not None else sys.argv)
    split = argv[argv.index("--split") + 1] if "--split" in argv else "all"
    flags = {"--split", split, "-v"}
    root = data_dir([a for a in argv if a not in flags])
    if root is None or not CORPUS.exists():
        print("entity links benchmark: development data absent; skipped")
        return {}
    from marsad.actors.kb import ActorKB
    from marsad.actors.lookup import TextResolver
    from marsad.config import PipelineConfig

    rows, lost = attach_texts(load_corpus(), root)
    if lost:
        print(f"entity links: {lost} mentions no longer match their texts (skipped)")
    kb = ActorKB.load()
    curated = {a.id for a in kb.actors.values() if a.source.startswith("marsad:")}
    states = set(kb.states)
    resolver = TextResolver(PipelineConfig().actor_files)
    results = {}
    for part in ("dev", "test") if split == "all" else (split,):
        part_rows = [r for r in rows if r["split"] == part]
        got = answers(({"text": r["window"][0]} for r in part_rows), resolver)
        preds = [in_context(a, r["window"][1], r["window"][2]) for r, a in zip(part_rows, got, strict=True)]
        results[part] = s = score(part_rows, preds, curated, states)
        print(f"entity links {part:<4} {json.dumps(s)}")
        if "-v" in argv:
            misses = Counter()
            for r, p in zip(part_rows, preds, strict=True):
                if not right(r, p, curated, states):
                    misses[r["link"]] += 1
                    print(f"   {r['id']} {r['string']!r:<40} gold {r['link']:<22} got {p.get('id')}")
            print(f"   misses by gold link: {dict(misses.most_common(12))}")
    return results


if __name__ == "__main__":
    main()
