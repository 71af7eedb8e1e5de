"""Event coreference within a document.

Input: the candidate events in text order, each with its trigger lemma, sentence index,
actors/recipients, location and date. Output: the merged list — a later mention of the same
event ("those invasions targeted Samarra" / "when ISIS attacked Samarra last week") becomes
extra evidence of the first, with the more specific date and the union of attributes.

Two candidates are one event when they have the same PLOVER type, the same actor set (when
both name one), no conflicting recipients, the same place (or one without a place) and
overlapping dates; or when the later one is an anaphor ("those invasions") of the earlier.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.events.location import VERBAL_TYPES, is_soft
from marsad.model import DateRange, Event


@dataclass
class Candidate:
    event: Event
    sent_index: int
    lemma: str
    anaphor_of: int | None = None  # index of the event an anaphor ("Those invasions") refers to
    subordinate_of: int | None = None  # index of the candidate whose clause contains this one
    merged_into: int | None = None
    main_clause: bool = False  # the trigger heads the sentence's main clause
    clause_depth: int = 0  # clauses between the trigger and the main clause (salience)
    keys: set[str] = field(default_factory=set)


def _ids(mentions: list) -> set[str]:  # type: ignore[type-arg]
    return {m.actor_id or m.text.lower() for m in mentions}


def _dates_overlap(a: DateRange, b: DateRange) -> bool:
    if not (a.start and a.end and b.start and b.end):
        return True
    return a.start <= b.end and b.start <= a.end


def _narrower(a: DateRange, b: DateRange) -> DateRange:
    if not (a.start and a.end):
        return b
    if not (b.start and b.end):
        return a
    from_text = [d for d in (a, b) if d.text]
    pool = from_text or [a, b]
    return min(pool, key=lambda d: (d.end - d.start).days)  # type: ignore[operator]


def _place_key(e: Event, soft: bool = True) -> int | None:
    """The event's place id; None when it has none, or (``soft=False``) only a guessed one."""
    if e.location is None or (not soft and is_soft(e.location)):
        return None
    return e.location.geonameid


def _soft(d: DateRange) -> bool:
    """A fallback date (publication date / unknown) that says nothing about the event itself."""
    return not d.text


def places_agree(a: Event, b: Event, soft: bool = True) -> bool:
    """Same place, or at least one of the two has none (``soft=False``: or only a guessed one)."""
    la, lb = _place_key(a, soft), _place_key(b, soft)
    return la is None or lb is None or la == lb


def compatible(a: Event, b: Event, near: bool = False) -> bool:
    """Whether ``b`` is another mention of ``a``.

    Same type and polarity; the same actor set (or the same two sides of a two-sided event);
    no conflicting recipients — except for verbal events of the same actor in nearby sentences
    (``near``): "issued a statement apologizing to X" and "He specifically apologized to Y" are
    one apology with two recipients; the same place (or one without); overlapping dates.
    """
    if a.type != b.type or a.negated != b.negated:
        return False
    aa, ba = _ids(a.actors), _ids(b.actors)
    if not aa or not ba or aa.isdisjoint(ba):
        sides_a, sides_b = aa | _ids(a.recipients), ba | _ids(b.recipients)
        if not (
            a.attributes.get("two_sided") and b.attributes.get("two_sided") and sides_a == sides_b and sides_a
        ):
            return False
    ar, br = _ids(a.recipients), _ids(b.recipients)
    verbal_same_actor = near and a.type in VERBAL_TYPES and bool(aa & ba)
    if ar and br and ar.isdisjoint(br) and not (aa & br or ba & ar) and not verbal_same_actor:
        return False
    if not places_agree(a, b):
        return False
    return _soft(a.date) or _soft(b.date) or _dates_overlap(a.date, b.date)


def absorb(keep: Event, other: Event) -> None:
    """Merge ``other`` into ``keep``: evidence, missing arguments, the narrower date, attributes."""
    if other.evidence.start != keep.evidence.start:
        keep.extra_evidence.append(other.evidence)
    keep.extra_evidence.extend(s for s in other.extra_evidence if s.start != keep.evidence.start)
    if not keep.actors and other.actors:
        keep.actors = list(other.actors)
    if not keep.recipients and other.recipients:
        keep.recipients = list(other.recipients)
    elif keep.type in VERBAL_TYPES:
        known = _ids(keep.recipients) | _ids(keep.actors)
        keep.recipients += [m for m in other.recipients if (m.actor_id or m.text.lower()) not in known]
    if other.location is not None and (
        keep.location is None
        or (is_soft(keep.location) and not is_soft(other.location))
        or (
            is_soft(keep.location) == is_soft(other.location)
            and (keep.location.precision or 3) > (other.location.precision or 3)
        )
    ):
        keep.location = other.location
    keep.date = _narrower(keep.date, other.date)
    for key, value in other.attributes.items():
        if key == "weapons":
            keep.attributes["weapons"] = sorted(set(keep.attributes.get("weapons", [])) | set(value))
        else:
            keep.attributes.setdefault(key, value)
    if keep.fatalities is None:
        keep.fatalities = other.fatalities
    if keep.injured is None:
        keep.injured = other.injured
    for mode_src in (other.mode,):
        if keep.mode is None and mode_src:
            keep.mode = mode_src
    keep.confidence = min(1.0, max(keep.confidence, other.confidence) + 0.05)
    keep.reason += f"; merged with the coreferent mention at {other.evidence.start}"


def resolve_coreference(cands: list[Candidate], window: int = 40) -> list[Event]:
    """Merge coreferent candidates; returns the surviving events in text order."""
    alive: list[int] = []
    for i, cand in enumerate(cands):
        target = None
        j = cand.anaphor_of
        while j is not None and cands[j].merged_into is not None:
            j = cands[j].merged_into
        if j is not None and j in alive and places_agree(cand.event, cands[j].event, soft=False):
            # the antecedent ("launched a series of invasions") becomes evidence of its anaphor
            absorb(cand.event, cands[j].event)
            cands[j].merged_into = i
            alive.remove(j)
        if cand.subordinate_of is not None and cands[cand.subordinate_of].merged_into is None:
            parent = cands[cand.subordinate_of].event
            if (
                parent.type in ("ASSAULT", "COERCE")
                and cand.event.type in ("ASSAULT", "COERCE")
                and (not cand.event.actors or _ids(cand.event.actors) & _ids(parent.actors))
            ):
                target = cand.subordinate_of
        if target is None:
            for j in reversed(alive):
                prev = cands[j]
                if cand.sent_index - prev.sent_index > window:
                    break
                if compatible(prev.event, cand.event, near=cand.sent_index - prev.sent_index <= 2):
                    target = j
                    break
        if target is not None:
            absorb(cands[target].event, cand.event)
            cand.merged_into = target
        else:
            alive.append(i)
    return [cands[i].event for i in alive]
