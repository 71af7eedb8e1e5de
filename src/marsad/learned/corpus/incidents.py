"""Stand-off incident annotations of whole articles (the events-per-incident benchmark).

``python -m marsad.learned.corpus.incidents ANNOTATED.jsonl --out corpus/events/incidents.jsonl``
turns an annotator's file — per article ``key``, ``incidents`` and ``non_incidents``, each with
``label``, ``status``, ``fatalities`` and evidence as exact quotes — into stand-off records:
the quotes become ``start``/``end`` offsets (with the SHA-1 of the span) into the article as
stored in the shared data, so that no text is committed. A quote not found is reported and dropped.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from marsad.learned.corpus.join import read_jsonl, span_sha1
from marsad.learned.corpus.sources import load_docs, sentences


def _spans(items: list[dict], key: str, text: str, warn) -> list[dict]:
    flat = text.replace("\n", " ")  # annotators read the article with line breaks as spaces
    res = []
    for inc in items:
        ev = []
        for quote in inc.get("evidence", []):
            i = flat.find(quote)
            if i < 0:
                warn(f"incidents: {key}: quote not found, dropped: {quote[:60]!r}")
                continue
            ev.append({"start": i, "end": i + len(quote), "sha1": span_sha1(text[i : i + len(quote)])})
        row = {k: v for k, v in inc.items() if k not in ("evidence", "note")}
        row["evidence"] = ev
        res.append(row)
    return res


def convert(records: list[dict], texts: dict[str, str], warn=print) -> list[dict]:
    return [
        {
            "key": rec["key"],
            "incidents": _spans(rec["incidents"], rec["key"], texts[rec["key"]], warn),
            "non_incidents": _spans(rec.get("non_incidents", []), rec["key"], texts[rec["key"]], warn),
        }
        for rec in records
    ]


def _kappa(pairs: list[tuple[str, str]]) -> float:
    n = len(pairs)
    if not n:
        return float("nan")
    labels = {x for p in pairs for x in p}
    observed = sum(a == b for a, b in pairs) / n
    expected = sum((sum(a == x for a, _ in pairs) / n) * (sum(b == x for _, b in pairs) / n) for x in labels)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def _sentence_roles(rec: dict, text: str) -> list[tuple[str, frozenset[int]]]:
    """Each sentence of the article: incident, non-incident or none, and the incidents it tells."""

    def hit(items: list[dict], s: int, e: int) -> frozenset[int]:
        return frozenset(
            i
            for i, inc in enumerate(items)
            if any(ev["start"] < e and s < ev["end"] for ev in inc["evidence"])
        )

    out = []
    for s, e in sentences(text):
        inc = hit(rec["incidents"], s, e)
        role = "incident" if inc else ("non_incident" if hit(rec["non_incidents"], s, e) else "none")
        out.append((role, inc))
    return out


def agreement(first: list[dict], second: list[dict], texts: dict[str, str]) -> dict:
    """Agreement of two stand-off annotations of the same articles, by sentence: Cohen's kappa of
    each sentence's role (incident, non-incident, none), and of "same incident" for every pair of
    sentences both annotators read as incident evidence."""
    by_key = {r["key"]: r for r in first}
    roles, same, counts = [], [], [0, 0]
    for rec in second:
        other = by_key.get(rec["key"])
        if other is None:
            continue
        counts[0] += len(other["incidents"])
        counts[1] += len(rec["incidents"])
        a = _sentence_roles(other, texts[rec["key"]])
        b = _sentence_roles(rec, texts[rec["key"]])
        roles += [(x[0], y[0]) for x, y in zip(a, b, strict=True)]
        both = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x[1] and y[1]]
        for j, i in enumerate(both):
            for k in both[:j]:
                same += [(str(bool(a[i][1] & a[k][1])), str(bool(b[i][1] & b[k][1])))]
    return {
        "articles": sum(r["key"] in by_key for r in second),
        "incidents": counts,
        "sentences": len(roles),
        "role_agreement": round(sum(x == y for x, y in roles) / max(1, len(roles)), 4),
        "role_kappa": round(_kappa(roles), 4),
        "same_pairs": len(same),
        "same_agreement": round(sum(x == y for x, y in same) / max(1, len(same)), 4),
        "same_kappa": round(_kappa(same), 4),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("annotated", type=Path, nargs="?")
    ap.add_argument("--out", type=Path, help="write the stand-off records here")
    ap.add_argument(
        "--agreement",
        nargs=2,
        type=Path,
        metavar=("FIRST", "SECOND"),
        help="instead: the agreement of two stand-off files on the articles they share",
    )
    args = ap.parse_args(argv)
    docs = load_docs(sources=("muc4", "insight_crime", "tr_news", "satp"))
    if args.agreement:
        first, second = (read_jsonl(p) for p in args.agreement)
        print(json.dumps(agreement(first, second, {k: d.text for k, d in docs.items()}), indent=1))
        return 0
    if args.out is None or args.annotated is None:
        ap.error("ANNOTATED and --out are required")
    records = read_jsonl(args.annotated)
    rows = convert(records, {k: d.text for k, d in docs.items()})
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    print(f"{len(rows)} articles, {sum(len(r['incidents']) for r in rows)} incidents -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
