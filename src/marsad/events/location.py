"""The place where an event happened.

Input: the event's argument heads, trigger, sentence and the document's resolved ``places``
and ``actor_mentions``. Output: a :class:`~marsad.model.Place` (a copy carrying the reason)
chosen in this order: a place that is the event's argument ("targeted Samarra", "in
Deir ez-Zour"), a place in the same sentence (closest to the trigger, most precise), a place
in the previous sentence of the same paragraph, the document's country focus (precision 3);
never a place that is only part of an actor's name ("Islamic State of Iraq").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from spacy.tokens import Span, Token

from marsad.events.arguments import conjuncts
from marsad.model import NON_EVENT_ROLES, ActorMention, Document, Place

COUNTRY_CODES = frozenset(["PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"])
# PLOVER types whose events are speech acts: their place must be stated in their own clause
VERBAL_TYPES = frozenset(
    ["SUPPORT", "AGREE", "REQUEST", "ACCUSE", "CONSULT", "THREATEN", "REJECT", "CONCEDE"]
)
PREVIOUS_SENTENCE = "is in the previous sentence of the paragraph"
COUNTRY_FOCUS = "no place in the event's context"


def is_soft(place: Place | None) -> bool:
    """A place guessed from context (previous sentence, country focus), not stated for the event."""
    reason = (place.reason or "") if place is not None else ""
    return PREVIOUS_SENTENCE in reason or COUNTRY_FOCUS in reason


def _inside_actor(place: Place, mentions: list[ActorMention]) -> bool:
    for m in mentions:
        if m.start <= place.start and place.end <= m.end and (m.end - m.start) > (place.end - place.start):
            return True
    return False


def usable_places(doc: Document) -> list[Place]:
    """Located places (a GeoNames id, or a point for regions GeoNames lacks) that are not
    merely part of an actor's name, nor a demonym, a name embedded in an organisation's
    name or a metonym (the places stage's ``role``)."""
    return [
        p
        for p in doc.places
        if (p.geonameid is not None or (p.lat is not None and p.lon is not None))
        and not _inside_actor(p, doc.actor_mentions)
        and p.role not in NON_EVENT_ROLES
    ]


def places_in(places: list[Place], start: int, end: int) -> list[Place]:
    return [p for p in places if start <= p.start and p.end <= end]


def _precision(p: Place) -> int:
    if p.precision is not None:
        return p.precision
    return 3 if (p.feature_code or "") in COUNTRY_CODES or (p.feature_code or "").startswith("ADM1") else 1


def argument_places(places: list[Place], heads: list[Token]) -> list[Place]:
    """Places covered by argument heads (a coordinated head each: one place per head)."""
    out: list[Place] = []
    for head in heads:
        for p in places:
            if p.start <= head.idx < p.end and p not in out:
                out.append(p)
                break
        else:
            # "the cities of Samarra": the place is the head's "of"-object
            for child in head.children:
                if child.dep_ in ("prep",) and child.lower_ == "of":
                    for obj in (c for o in child.children if o.dep_ == "pobj" for c in conjuncts(o)):
                        hit = [p for p in places if p.start <= obj.idx < p.end]
                        if hit and hit[0] not in out:
                            out.append(hit[0])  # "the cities of Samarra and Mosul": one each
            continue
    return out


def _with_reason(place: Place, reason: str) -> Place:
    return replace(place, reason=reason)


def _local_places(places: list[Place], trigger: Token) -> list[Place]:
    """Places in "in/at/near" phrases of the trigger or its objects."""
    out: list[Place] = []
    stack = [trigger] + [c for c in trigger.children if c.dep_ in ("dobj", "pobj", "prep", "npadvmod")]
    seen = set()
    while stack:
        tok = stack.pop()
        if tok.i in seen:
            continue
        seen.add(tok.i)
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in (
                "in",
                "at",
                "near",
                "inside",
                "outside",
                "around",
                "across",
                "of",
                "on",
            ):
                for obj in child.subtree:
                    hit = [p for p in places if p.start <= obj.idx < p.end]
                    for p in hit:
                        if p not in out:
                            out.append(p)
    return out


def country_focus(doc: Document, places: list[Place]) -> Place | None:
    """The country the document is mostly about, as a precision-3 place."""
    counts = Counter(p.country_code for p in places if p.country_code)
    if not counts:
        return None
    code = counts.most_common(1)[0][0]
    countries = [p for p in places if p.country_code == code and (p.feature_code or "") in COUNTRY_CODES]
    base = countries[0] if countries else next(p for p in places if p.country_code == code)
    return replace(base, precision=3)


def choose_location(
    doc: Document,
    sent: Span,
    trigger: Token,
    arg_place: Place | None,
    places: list[Place],
    prev_sent: Span | None,
    verbal: bool = False,
) -> Place | None:
    """The event's place with its reason (see the module docstring for the order).

    A ``verbal`` event (statement, apology, request, agreement...) only takes a place stated
    in its own clause: no sentence-wide, previous-sentence or country-focus fallback.
    """
    if arg_place is not None:
        return _with_reason(arg_place, f"place {arg_place.text!r} is an argument of the event")
    local = _local_places(places, trigger)
    if local:
        best = min(local, key=lambda p: (_precision(p), abs(p.start - trigger.idx)))
        return _with_reason(best, f"place {best.text!r} is attached to the event's clause")
    if verbal:
        return None
    in_sent = places_in(places, sent.start_char, sent.end_char)
    if in_sent:
        best = min(in_sent, key=lambda p: (_precision(p), abs(p.start - trigger.idx)))
        return _with_reason(best, f"place {best.text!r} is in the event's sentence")
    if prev_sent is not None:
        before = places_in(places, prev_sent.start_char, prev_sent.end_char)
        if before:
            best = min(before, key=lambda p: (_precision(p), -p.start))
            return _with_reason(best, f"place {best.text!r} {PREVIOUS_SENTENCE}")
    focus = country_focus(doc, places)
    if focus is not None:
        return _with_reason(
            focus,
            f"{COUNTRY_FOCUS}: the document's country focus ({focus.name or focus.text})",
        )
    return None
