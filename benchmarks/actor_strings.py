"""Country and sector accuracy of ``marsad actors resolve`` on labelled actor strings.

    python -m benchmarks.actor_strings [DATA_DIR] [--split dev|test|all] [--gsr] [-v]

The strings (``corpus/actors/strings.jsonl``, stand-off: source file, document id, character
offsets and labels; see docs/ANNOTATION.md, "Actor strings") are cut from the shared texts
(SATP, InSight Crime, MUC-4, IndiaPoliceEvents, re3d) and split half dev, half test by source
document hash. Two readings, each through the batch path of ``marsad actors resolve -``:

* **string**: the string alone is the query; the answer is the mention covering most of it;
* **context**: the query is the text before the string (up to 1,000 characters) through the
  end of its sentence; the answer is the mention overlapping the string's offsets best (a
  nationality that only modifies the head of a generic or state mention is not answered by
  that mention, see :func:`in_context`).

For an actor, the country (ISO3, or none) and the PLOVER sector are right when they equal the
label or an accepted alternative; a string that is not an actor is right only with no answer.
``--gsr`` adds PLOVER GSR actor code and sector accuracy from :mod:`benchmarks.actors`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from benchmarks.actors import data_dir

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus" / "actors" / "strings.jsonl"
CONTEXT_BEFORE = 1000


def load_corpus(path: Path = CORPUS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def attach_texts(rows: list[dict[str, Any]], root: Path) -> tuple[list[dict[str, Any]], int]:
    """The rows whose offsets still reproduce the labelled string (by its hash), with
    ``string`` and ``window`` (context text, the string's offsets in it) filled in."""
    from benchmarks._actor_strings_sample import documents

    wanted = {(r["file"], r["doc"]) for r in rows}
    texts = {(rel, doc): text for _src, rel, doc, text, _ in documents(root) if (rel, doc) in wanted}
    kept, lost = [], 0
    for r in rows:
        text = texts.get((r["file"], r["doc"]))
        string = text[r["start"] : r["end"]] if text is not None else ""
        if not string or hashlib.sha1(string.encode()).hexdigest()[:8] != r["check"]:
            lost += 1
            continue
        kept.append({**r, "string": string, "window": window(text, r["start"], r["end"])})
    return kept, lost


def window(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The context query of a string: up to ``CONTEXT_BEFORE`` characters before it through the
    end of its sentence, and the string's offsets in it."""
    w0 = max(0, start - CONTEXT_BEFORE)
    ends = [i + 1 for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    w1 = min([*ends, len(text)])
    return text[w0:w1], start - w0, end - w0


def answers(queries: Iterable[Any], resolver: Any) -> list[dict[str, Any]]:
    """One answer per query through ``resolve_lines``, the code of ``actors resolve -``."""
    from marsad.actors.lookup import resolve_lines

    return list(resolve_lines((json.dumps(q, ensure_ascii=False) for q in queries), resolver))


def in_context(answer: dict[str, Any], start: int, end: int) -> dict[str, Any]:
    """The mention of a context answer that overlaps the string best (or none). A generic or
    state mention ("Iraqi security forces") counts only when the string reaches its head (the
    mention's last word) or holds half of it: the string "Iraqi" there is a nationality that
    only modifies another noun, not an actor (docs/ANNOTATION.md §12), and the system did not
    call it one. A named actor's mention counts on any overlap ("SDF" in "SDF fighters")."""

    def counts(m: dict[str, Any]) -> bool:
        overlap = min(end, m["end"]) - max(start, m["start"])
        if overlap <= 0:
            return False
        if m.get("method") not in ("generic", "state"):
            return True
        return end >= m["end"] - 1 or 2 * overlap >= m["end"] - m["start"]

    hits = [m for m in answer.get("mentions") or [] if counts(m)]
    best = min(hits, key=lambda m: abs(m["start"] - start) + abs(m["end"] - end), default=None)
    return best or {"id": None, "country": None, "sector": None}


def judge(row: dict[str, Any], pred: dict[str, Any]) -> tuple[bool, bool, bool]:
    """(country right, sector right, answered)."""
    answered = pred.get("id") is not None
    if not row["actor"]:
        return not answered, not answered, answered
    countries = [row["country"], *row.get("country_alt", [])]
    sectors = [row["sector"], *row.get("sector_alt", [])]
    return answered and pred.get("country") in countries, pred.get("sector") in sectors, answered


def score(rows: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    marks = [judge(r, p) for r, p in zip(rows, preds, strict=True)]
    actors = [m for r, m in zip(rows, marks, strict=True) if r["actor"]]
    others = [m for r, m in zip(rows, marks, strict=True) if not r["actor"]]

    def share(xs: list[bool]) -> float:
        return round(sum(xs) / max(len(xs), 1), 3)

    return {
        "n": n,
        "country": share([m[0] for m in marks]),
        "sector": share([m[1] for m in marks]),
        "no_answer": share([not m[2] for m in marks]),
        "actors": len(actors),
        "actor_country": share([m[0] for m in actors]),
        "actor_sector": share([m[1] for m in actors]),
        "actor_no_answer": share([not m[2] for m in actors]),
        "not_actors": len(others),
        "not_actor_refused": share([m[0] for m in others]),
    }


def evaluate(rows: list[dict[str, Any]], resolver: Any) -> dict[str, Any]:
    by_string = answers((r["string"] for r in rows), resolver)
    by_context = [
        in_context(a, r["window"][1], r["window"][2])
        for r, a in zip(rows, answers(({"text": r["window"][0]} for r in rows), resolver), strict=True)
    ]
    return {"string": by_string, "context": by_context}


def main(argv: list[str] | None = None) -> None:
    argv = list(argv if argv is not None else sys.argv)
    split = argv[argv.index("--split") + 1] if "--split" in argv else "all"
    flags = {"--gsr", "-v", "--split", split}
    root = data_dir([a for a in argv if a not in flags])
    if root is None:
        print("actor strings benchmark: development data absent; skipped")
        return
    from marsad.actors.lookup import TextResolver
    from marsad.config import PipelineConfig

    rows, lost = attach_texts(load_corpus(), root)
    if lost:
        print(f"{lost} strings no longer match their source text; skipped")
    resolver = TextResolver(PipelineConfig().actor_files)
    splits = ("dev", "test") if split == "all" else (split,)
    for name in splits:
        part = [r for r in rows if r["split"] == name]
        preds = evaluate(part, resolver)
        for mode, pred in preds.items():
            print(f"actor strings {name:<4} {mode:<7}", json.dumps(score(part, pred)))
            if "-v" in argv:
                for r, p in zip(part, pred, strict=True):
                    c, s, _ = judge(r, p)
                    if not (c and s):
                        gold = f"{r['country']}/{r['sector']}" if r["actor"] else "not an actor"
                        got = f"{p.get('country')}/{p.get('sector')} {p.get('id')}" if p.get("id") else "-"
                        print(f"   {r['id']} {r['string']!r:<40} gold {gold:<14} got {got}")
    if "--gsr" in argv:
        from benchmarks.actors import _pipeline, gsr

        result = gsr(root / "events" / "PLOVER_GSR_CAMEO.json", _pipeline())
        print("PLOVER GSR actors:", json.dumps({k: round(v, 4) for k, v in result.items()}))


if __name__ == "__main__":
    main()
