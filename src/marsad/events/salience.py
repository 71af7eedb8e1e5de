"""Salience: which event a document is mainly about.

Input: events with their zones, sentence positions and evidence counts. Output: a score in
``Event.salience``; the coder sorts by it so that the first event is the document's main
event (title and lede first, then early sentences; violent, asserted, well-argued events
before statements, candidates and negated events).
"""

from __future__ import annotations

from marsad.model import Event

ZONE_WEIGHT = {"title": 1.0, "lede": 0.9, "body": 0.6, "caption": 0.45}
TYPE_WEIGHT = {"ASSAULT": 1.0, "COERCE": 0.8, "PROTEST": 0.8, "MOBILIZE": 0.5, "RETREAT": 0.6, "AGREE": 0.6}
CERTAINTY_WEIGHT = {"asserted": 1.0, "reported": 0.9, "hedged": 0.6, "inferred": 0.5}


def score(event: Event, zone: str, sent_index: int, clause_rank: float) -> float:
    """A salience score in [0, 1]; ``clause_rank`` is 1 for the sentence's main clause (reporting
    verbs aside), 1/2 one clause down, and so on."""
    s = 0.3 * ZONE_WEIGHT.get(zone, 0.6)
    s += 0.2 / (1 + 0.3 * sent_index)
    s += 0.1 * TYPE_WEIGHT.get(event.type, 0.4)
    s += 0.1 * CERTAINTY_WEIGHT.get(event.certainty, 0.5)
    s += 0.05 * bool(event.actors) + 0.05 * bool(event.recipients) + 0.05 * bool(event.location)
    s += 0.2 * clause_rank + 0.03 * min(len(event.extra_evidence), 2)
    s += 0.02 * bool(event.fatalities)
    if event.negated or event.attributes.get("modality") in ("hypothetical", "future"):
        s *= 0.5
    return round(min(1.0, s), 4)
