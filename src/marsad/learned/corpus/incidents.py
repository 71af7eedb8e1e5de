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
from marsad.learned.corpus.sources import load_docs


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("annotated", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    records = read_jsonl(args.annotated)
    docs = load_docs(sources=("muc4", "insight_crime", "tr_news", "satp"))
    rows = convert(records, {k: d.text for k, d in docs.items()})
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    print(f"{len(rows)} articles, {sum(len(r['incidents']) for r in rows)} incidents -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
