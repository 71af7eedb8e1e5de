"""Event arguments on text never trained or tuned on: ``python -m benchmarks.arguments [DATA_DIR]``.

* **CAMEO source/target spans**, held-out fifth of ``roles/cameo_ner_train.txt`` (fold 0 by
  SHA-1 of the sentence, fixed before training): each sentence goes through the whole pipeline;
  the source is the first coded event's actor span(s), the target its recipient span(s).
  Learned coder (argument tagger spans) against the rule coder (its actor mentions, with the
  old fallback of ``benchmarks/actors.py``). Exact and partial (one-to-one overlap) entity
  P/R/F1 per role and micro.
* **Our annotated arguments**, held-out fold 0 of the event corpus (guide §11): the tagger on
  the gold trigger (span F1 of the component), then the whole pipeline on the sentence alone:
  the coded event whose trigger or evidence holds the gold trigger — its actor and recipient
  mentions against the mentions the gold spans stand for (same actor id, or same span when
  unresolved), its location (the place's span inside a gold location span; and within 25 km of
  the point the places stage gives the gold span, when it locates it), its fatalities (exact
  against the gold ``killed.best``).
* **MUC-4 dev** (``events/conflibert/muc4/dev.json``, 200 reports): perpetrator individual and
  organisation, physical target and human target P/R/F1, a filler matching a gold entity when it
  equals one of its mentions or shares its head noun (the sides of the coded violent incidents).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.actors import predict_roles
from marsad.learned.event_arguments import same_sides
from marsad.learned.train_arguments import events_at
from marsad.places.resolve import haversine_km


def data_dir(argv: list[str]) -> Path | None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data"
    path = Path(argv[1]) if len(argv) > 1 else Path(os.environ.get("MARSAD_DEV_DATA", default))
    return path if path.is_dir() else None


def _pipeline(coder: str) -> Any:
    from marsad import Pipeline
    from marsad.config import DEFAULT_COMPONENTS, PipelineConfig

    return Pipeline(PipelineConfig(components={**DEFAULT_COMPONENTS, "events": coder}))


def _learned_roles(doc: Any) -> tuple[set, str]:
    for e in [*doc.events, *doc.non_incidents][:1]:
        args = e.attributes.get("arguments") or {}
        if "actor" in args:
            pred = {("S", x["start"], x["end"]) for x in args["actor"]}
            pred |= {("T", x["start"], x["end"]) for x in args["recipient"]}
            return pred, "tagger"
    return predict_roles(doc)


def cameo(root: Path) -> dict:
    from marsad.learned.corpus.cameo_roles import load_role_sentences
    from marsad.learned.train_arguments import span_scores

    test = [s for s in load_role_sentences(root) if s.split == "test"]
    gold = [{("S", a, b) for a, b in s.source} | {("T", a, b) for a, b in s.target} for s in test]
    out: dict = {"sentences": len(test)}
    for name, coder, reader in (
        ("learned", "marsad.learned_event_coder", _learned_roles),
        ("rules", "marsad.event_coder", predict_roles),
    ):
        pipeline = _pipeline(coder)
        t0 = time.perf_counter()
        pred = [reader(pipeline.process(s.text))[0] for s in test]
        block = {"seconds": round(time.perf_counter() - t0, 1)}
        for role in ("S", "T", None):
            g = [{x for x in gs if role in (None, x[0])} for gs in gold]
            p = [{x for x in ps if role in (None, x[0])} for ps in pred]
            block[role or "micro"] = span_scores(g, p)
        out[name] = block
    return out


def corpus(root: Path) -> dict:
    from marsad.learned.argument_model import default_tagger
    from marsad.learned.corpus.arguments import load_arguments
    from marsad.learned.train_arguments import TaggedSentence, evaluate

    rows = [a for a in load_arguments(root, warn=lambda m: None) if a.split == "test"]
    tagged = [
        TaggedSentence("corpus", a.text, a.trigger, a.actor, a.recipient, "test", a.location) for a in rows
    ]
    out: dict = {
        "events": len(rows),
        "tagger_on_gold_trigger": evaluate(default_tagger(), tagged).get("corpus"),
    }
    out["pipeline"] = {
        name: _end_to_end(rows, _pipeline(coder))
        for name, coder in (("learned", "marsad.learned_event_coder"), ("rules", "marsad.event_coder"))
    }
    return out


def _end_to_end(rows: list, pipeline: Any) -> dict:
    n = {"found": 0, "actor_ok": 0, "actor_n": 0, "recipient_ok": 0, "recipient_n": 0}
    n |= {"loc_ok": 0, "loc_n": 0, "fat_ok": 0, "fat_n": 0, "km_ok": 0, "km_n": 0}
    for a in rows:
        doc = pipeline.process(a.text)
        hits = events_at(doc, a.trigger)
        if not hits:
            n["actor_n"] += bool(a.actor)
            n["recipient_n"] += bool(a.recipient)
            n["loc_n"] += bool(a.location)
            n["fat_n"] += a.killed is not None
            continue
        e = hits[0]
        n["found"] += 1
        for role, attr in (("actor", "actors"), ("recipient", "recipients")):
            gold = getattr(a, role)
            if gold:
                n[f"{role}_n"] += 1
                n[f"{role}_ok"] += int(same_sides(gold, getattr(e, attr), doc))
        if a.location:
            n["loc_n"] += 1
            p = e.location
            n["loc_ok"] += int(p is not None and any(s <= p.start and p.end <= t for s, t in a.location))
            gold_point = _gold_point(doc, a.location)
            if gold_point is not None:
                n["km_n"] += 1
                n["km_ok"] += int(
                    p is not None and p.lat is not None and haversine_km(p.lat, p.lon, *gold_point) <= 25
                )
        if a.killed is not None:
            n["fat_n"] += 1
            n["fat_ok"] += int(e.fatalities == a.killed.get("best"))
    return {
        "events_found": round(n["found"] / max(len(rows), 1), 4),
        "actor_right": round(n["actor_ok"] / max(n["actor_n"], 1), 4),
        "recipient_right": round(n["recipient_ok"] / max(n["recipient_n"], 1), 4),
        "location_right": round(n["loc_ok"] / max(n["loc_n"], 1), 4),
        "location_within_25km": round(n["km_ok"] / max(n["km_n"], 1), 4),
        "fatalities_exact": round(n["fat_ok"] / max(n["fat_n"], 1), 4),
        "n": {k: v for k, v in n.items() if k.endswith("_n")},
    }


def _gold_point(doc: Any, spans: list) -> tuple[float, float] | None:
    """Where the gold location is: the located place the places stage found in the first
    (most specific) gold location span; None when it found none there."""
    for s, t in spans:
        for p in doc.places:
            if p.lat is not None and p.start < t and s < p.end:
                return p.lat, p.lon
    return None


MUC_ROLES = ("perp_individual_id", "perp_organization_id", "phys_tgt_id", "hum_tgt_name")
VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots")


def _head(text: str) -> str:
    words = [w for w in text.upper().replace('"', " ").split() if w.isalnum() or "-" in w]
    return words[-1] if words else ""


def _muc_fillers(doc: Any) -> dict[str, set[str]]:
    """Role fillers of a coded document: the sides of its violent incidents. A named actor (not a
    generic agent, with or without a nationality) is a perpetrator organisation, any other actor
    a perpetrator individual;
    a recipient that is a person is a victim, one no actor resolves is a physical target."""
    out: dict[str, set[str]] = {r: set() for r in MUC_ROLES}
    for e in doc.events:
        if e.acled_event_type not in VIOLENT:
            continue
        for m in e.actors:
            # "Salvadoran troops" (SLV_MIL) is as generic as "troops": a description, no organisation's name
            generic = not m.actor_id or m.actor_id.startswith("gen:") or m.method == "generic"
            out["perp_individual_id" if generic or m.kind == "person" else "perp_organization_id"].add(
                m.text.upper()
            )
        for m in e.recipients:
            if m.kind == "person":
                out["hum_tgt_name"].add(m.text.upper())
            elif not m.actor_id:
                out["phys_tgt_id"].add(m.text.upper())
    return out


def muc4(root: Path) -> dict:
    """MUC-4 dev (200 reports): role-filler P/R/F1 per role with a head-noun match (a predicted
    filler matches a gold entity when it equals one of its mentions or shares its head noun)."""
    docs = json.loads((root / "events" / "conflibert" / "muc4" / "dev.json").read_text("utf-8"))
    out: dict = {"documents": len(docs)}
    for name, coder in (("learned", "marsad.learned_event_coder"), ("rules", "marsad.event_coder")):
        pipeline = _pipeline(coder)
        counts = {r: [0, 0, 0] for r in MUC_ROLES}  # matched gold, gold, predicted
        for rec in docs.values():
            pred = _muc_fillers(pipeline.process(rec["doc"]))
            for role in MUC_ROLES:
                gold = [[m.upper() for m in ent] for ent in rec["roles"].get(role, [])]
                used: set[str] = set()
                for ent in gold:
                    heads = {_head(m) for m in ent}
                    hit = next(
                        (x for x in pred[role] if x not in used and (x in ent or _head(x) in heads)), None
                    )
                    if hit:
                        used.add(hit)
                        counts[role][0] += 1
                counts[role][1] += len(gold)
                counts[role][2] += len(pred[role])
        block = {}
        for role, (tp, n_gold, n_pred) in counts.items():
            p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
            block[role] = {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / max(p + r, 1e-9), 3)}
        out[name] = block
    return out


def main() -> None:
    root = data_dir(sys.argv)
    if root is None:
        print("arguments benchmark: shared data not found (set MARSAD_DEV_DATA); skipped")
        return
    print("CAMEO S/T, held-out fifth:", json.dumps(cameo(root), indent=1))
    print("corpus arguments, held-out fold 0:", json.dumps(corpus(root), indent=1))
    print("MUC-4 dev role fillers (head-noun match):", json.dumps(muc4(root), indent=1))


if __name__ == "__main__":
    main()
