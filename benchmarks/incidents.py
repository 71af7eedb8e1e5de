"""Events per incident on real articles: one incident, one event; no background as incidents.

``python -m benchmarks.incidents [-v]`` codes each of the 24 real articles of
``corpus/events/incidents.jsonl`` (MUC-4, InSight Crime, TR-News and SATP documents, read from
``MARSAD_DEV_DATA``; annotated by reading them, see ``docs/ANNOTATION.md``; their sentences are
kept out of the model's training) with the whole pipeline, once with the learned coder and
once with the rule coder, and reports:

- **precision**: the share of printed events that are distinct real incidents — an event whose
  evidence (or extra evidence) overlaps the evidence of an incident not already claimed by an
  earlier event; a second event on the same incident, or an event on nothing, counts against;
- **recall**: the share of incidents with at least one printed event;
- **false incidents**: printed events on the evidence of an annotated non-incident (background,
  statistics, hypotheticals, denials);
- **fatalities**: incidents with a gold count whose matched event has exactly that count, and
  the total of printed fatalities against the gold total.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parents[1] / "corpus" / "events" / "incidents.jsonl"


def _overlaps(spans: list[tuple[int, int]], ev: list[tuple[int, int]]) -> bool:
    return any(a < d and c < b for a, b in spans for c, d in ev)


def score(articles: list[dict], coded: dict[str, list]) -> dict[str, float]:
    printed = distinct = found = total = false_inc = fat_ok = fat_n = 0
    gold_fat = pred_fat = 0
    for art in articles:
        events = coded[art["key"]]
        incidents = [[(e["start"], e["end"]) for e in inc["evidence"]] for inc in art["incidents"]]
        nons = [[(e["start"], e["end"]) for e in inc["evidence"]] for inc in art["non_incidents"]]
        claimed: set[int] = set()
        matched_events: dict[int, object] = {}
        for ev in sorted(events, key=lambda e: e.evidence.start):
            spans = [(ev.evidence.start, ev.evidence.end)] + [(s.start, s.end) for s in ev.extra_evidence]
            printed += 1
            hit = [i for i, inc in enumerate(incidents) if _overlaps(inc, spans)]
            new = [i for i in hit if i not in claimed]
            if new:
                distinct += 1
                claimed.add(new[0])
                matched_events[new[0]] = ev
            elif not hit and any(_overlaps(n, spans) for n in nons):
                false_inc += 1
            pred_fat += ev.fatalities or 0
        total += len(incidents)
        found += len(claimed)
        for i, inc in enumerate(art["incidents"]):
            if inc.get("fatalities") is not None:
                fat_n += 1
                gold_fat += inc["fatalities"]
                ev = matched_events.get(i)
                fat_ok += bool(ev is not None and (ev.fatalities or 0) == inc["fatalities"])
    return {
        "printed": printed,
        "precision": distinct / printed if printed else 0.0,
        "recall": found / total if total else 0.0,
        "incidents": total,
        "false_incidents": false_inc,
        "fatalities_exact": fat_ok / fat_n if fat_n else 0.0,
        "fatalities_printed_total": pred_fat,
        "fatalities_gold_total": gold_fat,
    }


def main() -> dict:
    from marsad import Pipeline
    from marsad.config import PipelineConfig
    from marsad.learned.corpus.sources import DataUnavailable, load_docs

    articles = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    try:
        docs = load_docs(sources=("muc4", "insight_crime", "tr_news", "satp"))
    except DataUnavailable as exc:
        print(f"skipped: {exc}")
        return {}
    verbose = "-v" in sys.argv
    results = {}
    for coder in ("marsad.learned_event_coder", "marsad.event_coder"):
        cfg = PipelineConfig()
        cfg.components["events"] = coder
        pipe = Pipeline(cfg, stages=("nlp", "actors", "places", "dates", "events"))
        coded = {}
        for art in articles:
            text = docs[art["key"]].text.replace("\n", " ")
            doc = pipe.process(text, doc_id=art["key"])
            coded[art["key"]] = doc.events
            if verbose and coder == "marsad.learned_event_coder":
                print(f"\n# {art['key']}: {len(art['incidents'])} incidents, {len(doc.events)} events")
                for ev in doc.events:
                    print(f"  {ev.acled_sub_event_type!s:<30} {ev.status:<9} {ev.evidence.text[:90]!r}")
        results[coder] = s = score(articles, coded)
        print(
            f"{coder:<28} printed {s['printed']:>4}  precision {s['precision']:.3f}  recall {s['recall']:.3f} "
            f"(of {s['incidents']})  on non-incidents {s['false_incidents']:>3}  fatalities exact {s['fatalities_exact']:.2f} "
            f"(printed total {s['fatalities_printed_total']}, gold {s['fatalities_gold_total']})"
        )
    return results


if __name__ == "__main__":
    main()
