"""The data model shared by every stage.

Every stage reads and fills a :class:`Document`. The shape of ``Document.to_dict()``
is a public, fixed interface (see ``docs/PIPELINE.md`` and the README): stages may
add keys, never remove or rename one.

All offsets (``start``/``end``) are Python string indices into ``Document.text``,
the full text as it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

CERTAINTIES = ("asserted", "reported", "hedged", "inferred")
RELATION_TYPES = ("hostile", "ally", "member_of", "leads", "controls", "linked", "formerly_member_of")


@dataclass
class Span:
    """A piece of the document text: ``text == document.text[start:end]``."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Zone:
    """A region of the document with a role: title, lede, caption, body, boilerplate..."""

    name: str
    start: int
    end: int
    coded: bool = True  # False for boilerplate: never parsed for events


@dataclass
class ActorMention:
    """One mention of an actor in the text, resolved (``actor_id``) or not."""

    text: str
    start: int
    end: int
    actor_id: str | None = None
    name: str | None = None
    kind: str | None = None  # organization, person, state_forces, coalition, generic, ...
    sector: str | None = None  # PLOVER sector code (MIL, REB, GOV, ...)
    country: str | None = None  # ISO 3166-1 alpha-3
    method: str = ""  # how it was resolved: dictionary, alias, fuzzy, coref, generic, ner
    reason: str = ""
    score: float = 1.0

    def to_ref(self) -> dict[str, Any]:
        """The ``ActorRef`` of the public interface."""
        return {
            "id": self.actor_id,
            "name": self.name,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sector": self.sector,
            "country": self.country,
            "kind": self.kind,
            "method": self.method,
        }


@dataclass
class Actor:
    """A document-level actor: all its mentions merged under one id."""

    id: str
    name: str
    kind: str | None = None
    sector: str | None = None
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    wikidata: str | None = None
    acled_name: str | None = None
    acled_inter: int | None = None
    known: bool = True  # False: not in the actor dictionary (an "unknown" actor)
    ner_label: str | None = None
    roles: list[dict[str, Any]] = field(default_factory=list)  # persons: role, organisation, place
    members: list[str] = field(default_factory=list)  # coalitions: member actor ids
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "sector": self.sector,
            "country": self.country,
            "aliases": list(self.aliases),
            "mentions": [m.to_dict() for m in self.mentions],
            "wikidata": self.wikidata,
            "acled_name": self.acled_name,
            "acled_inter": self.acled_inter,
            "known": self.known,
            "ner_label": self.ner_label,
            "roles": list(self.roles),
            "members": list(self.members),
            "reason": self.reason,
        }


# roles of toponyms that do not say where something happened (``Place.role``)
NON_EVENT_ROLES = frozenset({"demonym", "embedded", "metonymic", "associative_modifier"})


@dataclass
class Place:
    """A toponym in the text and the GeoNames entry it resolves to (if any)."""

    text: str
    start: int
    end: int
    geonameid: int | None = None
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None  # ISO 3166-1 alpha-2, as GeoNames
    admin1: str | None = None  # admin1 name
    admin1_code: str | None = None
    feature_code: str | None = None
    precision: int | None = None  # ACLED geo_precision: 1 town, 2 part of region, 3 admin1/country
    score: float = 0.0
    reason: str = ""
    method: str = ""
    # how the text uses the toponym (marsad.places.candidates): literal, literal_modifier
    # ("Moscow traffic"), associative_modifier ("U.S. officials"), demonym ("Syrian
    # forces"), embedded ("the Kenya Defence Forces"), metonymic ("Moscow said"); the
    # recogniser's confidence that the span is a toponym, and why it gave the role
    role: str = "literal"
    confidence: float = 1.0
    role_reason: str = ""

    @property
    def not_found(self) -> bool:
        """The gazetteer lacks this name: it is unresolved for want of any entry, or placed
        only at the unit that holds it ("the village of X in Y district")."""
        return self.method.endswith("+anchor") or (
            self.lat is None and self.reason.startswith("no gazetteer entry")
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "geonameid": self.geonameid,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "admin1_code": self.admin1_code,
            "feature_code": self.feature_code,
            "precision": self.precision,
            "score": round(self.score, 4),
            "reason": self.reason,
            "method": self.method,
            "role": self.role,
            "confidence": round(self.confidence, 4),
            "role_reason": self.role_reason,
        }


def places_not_found(places: list[Place]) -> list[str]:
    """The toponyms of ``places`` the gazetteer lacks, each once, in text order."""
    return list(dict.fromkeys(p.text for p in places if p.not_found))


@dataclass
class DateRange:
    """A closed date range the true date falls in, with the text it came from."""

    start: date | None
    end: date | None
    granularity: str  # day, week, month, year, range, unknown
    text: str | None = None
    offset: int | None = None  # start offset of ``text`` in the document, when it came from text
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "granularity": self.granularity,
            "text": self.text,
            "offset": self.offset,
            "reason": self.reason,
        }


@dataclass
class TimeExpression:
    """A time expression found in the text and the range it resolves to."""

    text: str
    start: int
    end: int
    range: DateRange


@dataclass
class Event:
    id: str
    type: str  # PLOVER event type (ASSAULT, COERCE, ...)
    mode: str | None
    context: list[str]
    acled_event_type: str | None
    acled_sub_event_type: str | None
    actors: list[ActorMention]
    recipients: list[ActorMention]
    location: Place | None
    date: DateRange
    evidence: Span
    certainty: str = "asserted"
    negated: bool = False
    # how the text presents it: asserted, reported, hedged, foiled (incidents) or negated,
    # hypothetical, generic (not incidents: they go to Document.non_incidents)
    status: str = "asserted"
    fatalities: int | None = None
    injured: int | None = None
    confidence: float = 0.5
    reason: str = ""
    trigger: Span | None = None
    extra_evidence: list[Span] = field(default_factory=list)  # coreferent mentions of the same event
    attributes: dict[str, Any] = field(default_factory=dict)  # weapons, operation, modality, ...
    component: str = ""  # registered name@version of the component that produced it
    salience: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "context": list(self.context),
            "acled": {"event_type": self.acled_event_type, "sub_event_type": self.acled_sub_event_type},
            "actors": [a.to_ref() for a in self.actors],
            "recipients": [a.to_ref() for a in self.recipients],
            "location": self.location.to_dict() if self.location else None,
            "date": self.date.to_dict(),
            "evidence": self.evidence.to_dict(),
            "certainty": self.certainty,
            "negated": self.negated,
            "status": self.status,
            "fatalities": self.fatalities,
            "injured": self.injured,
            "confidence": round(self.confidence, 4),
            "reason": self.reason,
            "trigger": self.trigger.to_dict() if self.trigger else None,
            "extra_evidence": [s.to_dict() for s in self.extra_evidence],
            "attributes": dict(self.attributes),
            "component": self.component,
        }


@dataclass
class Relation:
    source: str  # actor id
    target: str  # actor id
    type: str  # one of RELATION_TYPES
    evidence: Span
    certainty: str = "asserted"
    role: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    reason: str = ""
    component: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "type": self.type,
            "certainty": self.certainty,
            "evidence": self.evidence.to_dict(),
            "role": self.role,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "reason": self.reason,
            "component": self.component,
        }


@dataclass
class TerritoryClaim:
    """An actor controls (or claims) a place over a period, with evidence."""

    actor: str  # actor id
    place: Place
    claim: str  # controls, capital, presence, seized
    evidence: Span
    certainty: str = "asserted"
    date: DateRange | None = None
    component: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "place": self.place.to_dict(),
            "claim": self.claim,
            "evidence": self.evidence.to_dict(),
            "certainty": self.certainty,
            "date": self.date.to_dict() if self.date else None,
            "component": self.component,
        }


@dataclass
class Document:
    """A document as it moves through the pipeline; stages fill in its fields."""

    id: str
    text: str
    title: str | None = None
    date: date | None = None
    publication: str | None = None
    author: str | None = None
    url: str | None = None
    source: str | None = None  # where it was read from: path[:line], "stdin", ...
    topics: list[str] = field(default_factory=list)
    lede: str | None = None
    caption: str | None = None
    photo_credit: str | None = None
    zones: list[Zone] = field(default_factory=list)
    format: str = "text"  # text, page, html, jsonl
    date_reason: str = ""
    # filled by the stages
    spacy_doc: Any = None  # spacy.tokens.Doc over the full text (boilerplate masked)
    actor_mentions: list[ActorMention] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    time_expressions: list[TimeExpression] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # event mentions that are not incidents (negated, hypothetical, generic, or read as no
    # event by the model): kept with their status and reason, never stored or exported as events
    non_incidents: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    territory: list[TerritoryClaim] = field(default_factory=list)
    pipeline: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        from marsad.ingest.ids import content_hash

        return content_hash(self.text)

    def coded_zones(self) -> list[Zone]:
        return [z for z in self.zones if z.coded] or [Zone("body", 0, len(self.text))]

    def zone_at(self, offset: int) -> Zone | None:
        for z in self.zones:
            if z.start <= offset < z.end:
                return z
        return None

    def span(self, start: int, end: int) -> Span:
        return Span(self.text[start:end], start, end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "publication": self.publication,
            "author": self.author,
            "url": self.url,
            "source": self.source,
            "topics": list(self.topics),
            "lede": self.lede,
            "caption": self.caption,
            "photo_credit": self.photo_credit,
            "date_reason": self.date_reason,
            "zones": [{"name": z.name, "start": z.start, "end": z.end, "coded": z.coded} for z in self.zones],
            "events": [e.to_dict() for e in self.events],
            "non_incidents": [e.to_dict() for e in self.non_incidents],
            "actors": [a.to_dict() for a in self.actors],
            "places": [p.to_dict() for p in self.places],
            "places_not_found": places_not_found(self.places),
            "relations": [r.to_dict() for r in self.relations],
            "territory": [t.to_dict() for t in self.territory],
            "time_expressions": [
                {"text": t.text, "start": t.start, "end": t.end, "range": t.range.to_dict()}
                for t in self.time_expressions
            ],
            "pipeline": dict(self.pipeline),
            "warnings": list(self.warnings),
        }
