"""Build documents for actor/relation tests from text, without the other stages."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from marsad.model import Document, Place, Zone
from marsad.nlp.component import RULER_NAME


def mention(doc: Document, text: str) -> Any:
    """The actor mention of ``doc`` whose text is ``text``."""
    return next(m for m in doc.actor_mentions if m.text == text)


def make_doc(nlp: Any, text: str, day: date | None = None, coded_until: int | None = None) -> Document:
    """A Document with ``spacy_doc`` parsed by the shared spaCy pipeline, statistical NER only.

    The session's ``nlp`` is one cached object; the NLP component used to add marsad's
    EntityRuler to it, so these parses changed once any test had built a ``Pipeline`` (the
    order-dependent failure of ``test_title_and_nationality_code_a_person``). A ruler found
    on the shared object is disabled here, so the helper's parse never depends on test order."""
    doc = Document(id="t", text=text, date=day)
    if coded_until is not None:
        doc.zones = [Zone("body", 0, coded_until), Zone("boilerplate", coded_until, len(text), coded=False)]
    masked = "".join(c if i < (coded_until or len(text)) or c == "\n" else " " for i, c in enumerate(text))
    with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n == RULER_NAME]):
        doc.spacy_doc = nlp(masked)
    return doc


def resolver_run(nlp: Any, kb: Any, default_day: date) -> Any:
    """``run(text, day=default_day)``: the actors stage alone over a parsed text."""
    from marsad.actors.resolver import ActorResolver

    resolver = ActorResolver(actor_kb=kb)

    def run(text: str, day: date = default_day) -> Document:
        return resolver(make_doc(nlp, text, day))

    return run


def add_places(doc: Document, names: dict[str, int]) -> None:
    """Places (as the places stage would give them) for every occurrence of each name."""
    for name, gid in names.items():
        for m in re.finditer(re.escape(name), doc.text):
            doc.places.append(Place(name, m.start(), m.end(), gid, name))
    doc.places.sort(key=lambda p: p.start)
