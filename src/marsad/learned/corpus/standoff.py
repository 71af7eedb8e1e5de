"""Turn annotators' label files into stand-off label records for the repository.

``python -m marsad.learned.corpus.standoff LABELS.jsonl --out corpus/events/labels/NAME.jsonl
[--annotator NAME]`` keeps the labels and replaces the copied trigger words by their character
offsets in the source document (``trigger_start``/``trigger_end``), so that no shared text is
committed. Annotators' free-text notes stay with them. The last record of an id wins;
records for unknown ids are reported and dropped.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from marsad.learned.corpus.join import CORPUS_DIR, read_jsonl
from marsad.learned.corpus.sources import load_docs

KEEP = ("id", "label", "plover", "mode", "status", "same_as_context", "also")


def convert(records: list[dict], items: dict[str, dict], texts: dict[str, str], annotator: str) -> list[dict]:
    out: dict[str, dict] = {}
    for rec in records:
        it = items.get(rec.get("id"))
        if it is None:
            print(f"standoff: unknown item id {rec.get('id')!r}; dropped")
            continue
        row = {k: rec.get(k) for k in KEEP}
        row["annotator"] = annotator
        trigger = (rec.get("trigger") or "").strip()
        if trigger:
            span = texts[it["key"]][it["start"] : it["end"]]
            pattern = r"\s+".join(re.escape(w) for w in trigger.split())
            m = re.search(pattern, span, re.IGNORECASE)
            if m:
                row["trigger_start"], row["trigger_end"] = it["start"] + m.start(), it["start"] + m.end()
        out[row["id"]] = row
    return list(out.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("labels", type=Path, nargs="+")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--annotator", default="annotator")
    args = ap.parse_args(argv)
    items = {it["id"]: it for it in read_jsonl(CORPUS_DIR / "items.jsonl")}
    docs = load_docs()
    texts = {k: d.text for k, d in docs.items()}
    records = [r for path in args.labels for r in read_jsonl(path)]
    rows = convert(records, items, texts, args.annotator)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for row in sorted(rows, key=lambda r: r["id"]):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} label records -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
