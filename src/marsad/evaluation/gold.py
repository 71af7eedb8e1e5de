"""Score a coded document against an analyst's gold reading (the format of the seed's ``gold.json``).

Used by the seed acceptance test and by ``benchmarks/seed.py``. Counting is strict
and honest: an event counts as found only when one coded event has an accepted type,
evidence overlapping the gold evidence, the right actors on the right sides, an
accepted location and a date range overlapping the gold range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

PRONOUNS = {"he", "she", "it", "they", "him", "the latter", "the former", "the group", "the organization"}


def norm(text: str | None) -> str:
    text = (text or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def _find(text: str, needle: str) -> tuple[int, int] | None:
    i = norm(text).find(norm(needle))
    if i < 0:
        return None
    # norm() keeps the length of a text without runs of whitespace: map back approximately
    return i, i + len(norm(needle))


@dataclass
class Check:
    key: str
    ok: bool
    detail: str = ""


@dataclass
class GoldReport:
    document: list[Check] = field(default_factory=list)
    places: list[Check] = field(default_factory=list)
    actors: list[Check] = field(default_factory=list)
    events: list[Check] = field(default_factory=list)
    bonus_events: list[Check] = field(default_factory=list)
    spurious_events: list[str] = field(default_factory=list)
    relations: list[Check] = field(default_factory=list)
    territory: list[Check] = field(default_factory=list)

    @staticmethod
    def _count(checks: list[Check]) -> str:
        return f"{sum(c.ok for c in checks)}/{len(checks)}"

    def summary(self) -> dict[str, str | int]:
        return {
            "document": self._count(self.document),
            "places": self._count(self.places),
            "actors": self._count(self.actors),
            "required_events": self._count(self.events),
            "bonus_events": self._count(self.bonus_events),
            "spurious_events": len(self.spurious_events),
            "relations": self._count(self.relations),
            "territory": self._count(self.territory),
        }

    def lines(self) -> list[str]:
        out = []
        for name in ("document", "places", "actors", "events", "bonus_events", "relations", "territory"):
            for c in getattr(self, name):
                out.append(f"{name:12} {'OK ' if c.ok else 'MISS'} {c.key:28} {c.detail}")
        out += [f"spurious     {s}" for s in self.spurious_events]
        return out


def actor_mapping(coded: dict[str, Any], gold: dict[str, Any]) -> dict[str, str]:
    """Our actor id → gold actor key, from the names and mentions they share."""
    mapping: dict[str, str] = {}
    for actor in coded.get("actors", []):
        ours = {norm(m["text"]) for m in actor.get("mentions", [])} | {norm(actor.get("name"))}
        ours |= {norm(a) for a in actor.get("aliases", [])}
        ours -= PRONOUNS
        best, best_n = None, 0
        for g in gold["actors"]:
            names = {norm(n) for n in g.get("mentions", []) + g.get("canonical", [])} - PRONOUNS
            n = len(ours & names)
            if n > best_n:
                best, best_n = g["key"], n
        if best:
            mapping[actor["id"]] = best
    return mapping


def _ref_keys(refs: list[dict[str, Any]], mapping: dict[str, str]) -> set[str]:
    return {mapping[r["id"]] for r in refs if r.get("id") in mapping}


def _sides_ok(event: dict[str, Any], g: dict[str, Any], mapping: dict[str, str]) -> tuple[bool, str]:
    actors, recipients = _ref_keys(event["actors"], mapping), _ref_keys(event["recipients"], mapping)
    if "sides" in g:
        a, b = set(g["sides"][0]), set(g["sides"][1])
        ok = (actors & a and recipients & b) or (actors & b and recipients & a)
        # a two-sided event may list both sides as actors
        ok = ok or (actors & a and actors & b)
        return bool(ok), f"actors={sorted(actors)} recipients={sorted(recipients)}"
    ok_actor = bool(actors & set(g.get("actor", [])))
    gold_rec = g.get("recipient")
    if gold_rec is None:
        ok_rec = True
    else:
        ok_rec = bool(recipients & {r for r in gold_rec if r}) or (
            None in gold_rec and not recipients - set(gold_rec)
        )
        ok_rec = ok_rec or (None in gold_rec and not recipients)
    return ok_actor and ok_rec, f"actors={sorted(actors)} recipients={sorted(recipients)}"


def _date_ok(event: dict[str, Any], g: dict[str, Any]) -> bool:
    d = event.get("date") or {}
    if not d.get("start") or not d.get("end"):
        return False
    return d["start"] <= g["date"][1] and g["date"][0] <= d["end"]


def _location_ok(event: dict[str, Any], g: dict[str, Any]) -> bool:
    loc = event.get("location")
    gid = loc.get("geonameid") if loc else None
    return gid in g["location"] or (gid is None and None in g["location"])


def _evidence_spans(text: str, g: dict[str, Any]) -> list[tuple[int, int]]:
    wanted = g["evidence_contains"]
    spans = []
    for needle in [wanted] if isinstance(wanted, str) else wanted:
        found = _find(text, needle)
        if found:
            spans.append(found)
    return spans


def _overlaps(event: dict[str, Any], spans: list[tuple[int, int]]) -> bool:
    evid = [event["evidence"]] + list(event.get("extra_evidence") or [])
    return any(e["start"] < end and start < e["end"] for e in evid for start, end in spans)


def score_events(
    coded: dict[str, Any], gold: dict[str, Any], text: str, mapping: dict[str, str]
) -> tuple[list[Check], list[Check], list[str]]:
    required, bonus, matched_ids = [], [], set()
    all_spans = []
    for g in gold["events"]:
        spans = _evidence_spans(text, g)
        all_spans += spans
        best: Check | None = None
        for e in coded["events"]:
            if not _overlaps(e, spans):
                continue
            checks = {
                "type": e["type"] in g["type"]
                or (not g["type"] and (e["acled"] or {}).get("sub_event_type") in g["acled_sub_event_type"]),
                "sides": _sides_ok(e, g, mapping)[0],
                "location": _location_ok(e, g),
                "date": _date_ok(e, g),
            }
            detail = f"{e['type']} {_sides_ok(e, g, mapping)[1]} loc={(e.get('location') or {}).get('geonameid')} date={e['date'].get('start')}..{e['date'].get('end')}"
            missing = [k for k, v in checks.items() if not v]
            cand = Check(
                g["key"], not missing, ("missing " + ",".join(missing) + ": " if missing else "") + detail
            )
            if cand.ok:
                matched_ids.add(e["id"])
            if (
                best is None
                or (cand.ok and not best.ok)
                or (not best.ok and len(missing) < best.detail.count(",") + 1)
            ):
                best = cand
        check = best or Check(g["key"], False, "no coded event over the evidence")
        (required if g.get("required") else bonus).append(check)
    spurious = [
        f"{e['type']}: {e['evidence']['text'][:90]!r}"
        for e in coded["events"]
        if e["id"] not in matched_ids and not _overlaps(e, all_spans)
    ]
    return required, bonus, spurious


def score(coded: dict[str, Any], gold: dict[str, Any], text: str) -> GoldReport:
    """Compare a coded document (``Document.to_dict()``) with a gold reading."""
    report = GoldReport()
    gdoc = gold.get("document", {})
    for key in ("title", "publication", "date", "author"):
        if key in gdoc:
            report.document.append(Check(key, coded.get(key) == gdoc[key], f"{coded.get(key)!r}"))
    if "topics" in gdoc:
        report.document.append(Check("topics", coded.get("topics") == gdoc["topics"]))

    for gp in gold.get("places", []):
        cands = [
            p
            for p in coded["places"]
            if norm(p["text"]) in norm(gp["text"]) or norm(gp["text"]) in norm(p["text"])
        ]
        ok = bool(cands) and all(p["geonameid"] in gp["geonameid"] for p in cands)
        report.places.append(Check(gp["text"], ok, str(sorted({p["geonameid"] or 0 for p in cands}))))

    mapping = actor_mapping(coded, gold)
    for ga in gold["actors"]:
        if "not an actor" in ga.get("kind", ""):
            continue
        ours = [aid for aid, key in mapping.items() if key == ga["key"]]
        wanted = {norm(m) for m in ga.get("mentions", [])} - PRONOUNS
        wanted = {m for m in wanted if norm(m) in norm(text)}
        got: set[str] = set()
        for a in coded["actors"]:
            if a["id"] in ours:
                got |= {norm(m["text"]) for m in a["mentions"]} | {norm(x) for x in a.get("aliases", [])}
        merged = len(ours) == 1 and all(any(w in g or g in w for g in got) for w in wanted)
        report.actors.append(
            Check(
                ga["key"],
                merged,
                f"ids={ours} missing={sorted(w for w in wanted if not any(w in g or g in w for g in got))}",
            )
        )

    report.events, report.bonus_events, report.spurious_events = score_events(coded, gold, text, mapping)

    symmetric = {"hostile", "ally", "linked"}
    rels = [
        (mapping.get(r["source"]), mapping.get(r["target"]), r["type"]) for r in coded.get("relations", [])
    ]
    for gr in gold.get("relations", []):
        ok = (gr["a"], gr["b"], gr["type"]) in rels or (
            gr["type"] in symmetric and (gr["b"], gr["a"], gr["type"]) in rels
        )
        report.relations.append(Check(f"{gr['a']}-{gr['type']}-{gr['b']}", ok))

    for gt in gold.get("territory", []):
        ok = any(
            mapping.get(t["actor"]) == gt["actor"] and (t.get("place") or {}).get("geonameid") in gt["place"]
            for t in coded.get("territory", [])
        )
        report.territory.append(Check(f"{gt['actor']}@{gt['place']}", ok))
    return report
