"""The seed article against its gold reading: events, places, actors, relations, territory."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from marsad import Pipeline
from marsad.evaluation.gold import score

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    text = (REPO / "examples" / "al-monitor-2014-06-10-isis-on-offense.txt").read_text(encoding="utf-8")
    gold = json.loads((REPO / "tests" / "fixtures" / "seed_gold.json").read_text(encoding="utf-8"))
    doc = Pipeline().process(text)
    report = score(doc.to_dict(), gold, text)
    print("\n".join(report.lines()))
    print(json.dumps(report.summary(), indent=1))
    if "-v" in sys.argv:
        for e in doc.to_dict()["events"]:
            print(
                e["type"],
                e["acled"]["sub_event_type"],
                [a["name"] for a in e["actors"]],
                [a["name"] for a in e["recipients"]],
                (e["location"] or {}).get("name"),
                e["date"]["start"],
                e["date"]["end"],
                e["certainty"],
                "|",
                e["evidence"]["text"][:80],
            )


if __name__ == "__main__":
    main()
