"""Events per incident on real articles: one incident, one event; no background as incidents.

``python -m benchmarks.incidents [--set test|dev|validation] [--coder NAME] [-v]`` codes each real article of the test
set ``corpus/events/incidents.jsonl`` (24 MUC-4, InSight Crime, TR-News and SATP documents, read
from ``MARSAD_DEV_DATA``, annotated by reading them, see ``docs/ANNOTATION.md``; their sentences
are kept out of the model's training and nothing was tuned on them) or of the development set
``incidents_dev.jsonl`` (20 other articles, on which the coder's merging was tuned) or
(``--set validation``) the 70 articles of ``incidents_train.jsonl`` past its first 200, which the
incident model never read (development data for the precise profile), with the
whole pipeline, once per events component (learned fast, accurate and precise, rules), and reports:

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

import argparse
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "events"
SETS = {
    "test": CORPUS / "incidents.jsonl",
    "dev": CORPUS / "incidents_dev.jsonl",
    "validation": CORPUS / "incidents_train.jsonl",
}
# the training file's articles past the first 200 (rounds 4-5), which the incident model (trained on
# the first 200) never read: development data for the precise profile
VALIDATION_FROM = 200
CODERS = (
    "marsad.learned_event_coder",
    "marsad.learned_event_coder.accurate",
    "marsad.learned_event_coder.precise",
    "marsad.event_coder",
)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=sorted(SETS), default="test", help="the articles to code")
    ap.add_argument("--coder", choices=CODERS, default=None, help="only this events component")
    ap.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="print the fast profile's events, each with what it is (incident, duplicate, ...)",
    )
    args = ap.parse_args(argv)
    from marsad import Pipeline
    from marsad.config import PipelineConfig
    from marsad.learned.corpus.join import read_jsonl
    from marsad.learned.corpus.sources import DataUnavailable, load_docs
    from marsad.learned.tune_coder import event_classes
    from marsad.learned.tune_coder import score_articles as score

    which = args.set
    articles = read_jsonl(SETS[which])
    if which == "validation":
        articles = articles[VALIDATION_FROM:]
    print(f"{which} set: {len(articles)} articles, {sum(len(a['incidents']) for a in articles)} incidents")
    try:
        docs = load_docs(sources=("muc4", "insight_crime", "tr_news", "satp"))
    except DataUnavailable as exc:
        print(f"skipped: {exc}")
        return {}
    verbose = args.verbose
    results = {}
    only = args.coder
    for coder in CODERS:
        if only and coder != only:
            continue
        cfg = PipelineConfig()
        cfg.components["events"] = coder
        pipe = Pipeline(cfg, stages=("nlp", "actors", "places", "dates", "events"))
        try:
            pipe.component("events")
        except (ImportError, FileNotFoundError) as exc:
            print(f"{coder}: skipped ({exc})")
            continue
        coded = {}
        for art in articles:
            text = docs[art["key"]].text.replace("\n", " ")
            doc = pipe.process(text, doc_id=art["key"])
            coded[art["key"]] = doc.events
            if verbose and coder == "marsad.learned_event_coder":
                print(f"\n# {art['key']}: {len(art['incidents'])} incidents, {len(doc.events)} events")
                for ev, what in event_classes(art, doc.events)[0]:
                    print(
                        f"  {what:<12} {ev.acled_sub_event_type!s:<30} {ev.status:<9} {ev.evidence.text[:90]!r}"
                    )
        results[coder] = s = score(articles, coded)
        s["f1"] = round(s["f1"], 4)
        print(
            f"{coder:<28} printed {s['printed']:>4}  precision {s['precision']:.3f}  recall {s['recall']:.3f} "
            f"(of {s['incidents']})  duplicates {s['duplicates']:>3}  on non-incidents {s['false_incidents']:>3}  "
            f"on nothing annotated {s['unmatched']:>3}  fatalities exact {s['fatalities_exact']:.2f} "
            f"(printed total {s['fatalities_printed_total']}, gold {s['fatalities_gold_total']})"
        )
    return results


if __name__ == "__main__":
    main()
