"""Helpers for the events tests: Documents built by hand around a real spaCy parse.

The actors and places stages are other engineers' work; these tests give the coder
hand-made ``ActorMention``/``Place`` inputs (found by exact text search) so that the events
stage is tested on its own contract.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest

from marsad.model import ActorMention, Document, Place, TimeExpression, Zone
from marsad.nlp.component import RULER_NAME

# name → (geonameid, country code, feature code, precision)
PLACES: dict[str, tuple[int, str, str, int]] = {
    "Iraq": (99237, "IQ", "PCLI", 3),
    "Syria": (163843, "SY", "PCLI", 3),
    "Mosul": (99072, "IQ", "PPLA", 1),
    "Samarra": (91597, "IQ", "PPL", 1),
    "Salahuddin province": (91695, "IQ", "ADM1", 3),
    "Ninevah": (92877, "IQ", "ADM1", 3),
    "Raqqa": (172957, "SY", "PPLA", 1),
    "Deir ez-Zour": (170794, "SY", "PPLA", 1),
    "Anbar desert": (99592, "IQ", "ADM1", 3),
    "Aleppo countryside": (170062, "SY", "ADM1", 3),
    "al-Mayadin": (173480, "SY", "PPL", 1),
    "Hays district": (6940812, "YE", "ADM2", 2),
    "Aleppo": (170063, "SY", "PPLA", 1),
    "Kabul": (1138958, "AF", "PPLC", 1),
    "Mogadishu": (53654, "SO", "PPLC", 1),
    "Gao": (2457163, "ML", "PPLA", 1),
    "Idlib": (169389, "SY", "PPLA", 1),
    "Yemen": (69543, "YE", "PCLI", 3),
}
# alias → (actor id, kind, sector)
ACTORS: dict[str, tuple[str, str, str | None]] = {
    "Islamic State of Iraq and al-Sham": ("ISIS", "organization", "REB"),
    "Islamic State in Iraq and al-Sham": ("ISIS", "organization", "REB"),
    "Islamic State in Iraq and al-Shams": ("ISIS", "organization", "REB"),
    "Islamic State of Iraq": ("ISIS", "organization", "REB"),
    "ISIS": ("ISIS", "organization", "REB"),
    "The latter": ("ISIS", "organization", "REB"),
    "Iraqi security forces": ("IRQ_FORCES", "state_forces", "MIL"),
    "Iraqi army": ("IRQ_FORCES", "state_forces", "MIL"),
    "Jabhat al-Nusra": ("NUSRA", "organization", "REB"),
    "Golani-Awakenings Alliance": ("GAA", "coalition", "REB"),
    "Golani and Awakenings Alliance": ("GAA", "coalition", "REB"),
    "Awakenings": ("AWAKENINGS", "organization", "REB"),
    "Ansar al-Islam": ("ANSAR", "organization", "REB"),
    "Abu Dhar al-Iraqi": ("ABU_DHAR", "person", None),
    "Abu Maria al-Qahtani": ("QAHTANI", "person", None),
    "Qahtani": ("QAHTANI", "person", None),
    "Iraq’s Sunnis": ("IRAQ_SUNNIS", "civilians", "CVL"),
    "Houthi forces": ("HOUTHI", "organization", "REB"),
    "civilians": ("CIVILIANS", "civilians", "CVL"),
    "Syrian army": ("SYR_FORCES", "state_forces", "MIL"),
    "police": ("POLICE", "state_forces", "COP"),
    "Police": ("POLICE", "state_forces", "COP"),
    "Taliban": ("TALIBAN", "organization", "REB"),
    "al-Shabaab": ("SHABAAB", "organization", "REB"),
    "JNIM": ("JNIM", "organization", "REB"),
    "protesters": ("PROTESTERS", "civilians", "CVL"),
    "Protesters": ("PROTESTERS", "civilians", "CVL"),
    "gunmen": ("GUNMEN", "generic", "UAF"),
    "Gunmen": ("GUNMEN", "generic", "UAF"),
    "HTS": ("HTS", "organization", "REB"),
    "journalist": ("JOURNALIST", "civilians", "JRN"),
}


def _find(text: str, names: list[str]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
            if not any(s < m.end() and m.start() < e for _, s, e in out):
                out.append((name, m.start(), m.end()))
    return sorted(out, key=lambda x: x[1])


def build_document(
    nlp,
    text: str,
    day: date | None = date(2021, 5, 4),
    *,
    with_actors: bool = True,
    with_places: bool = True,
    doc_id: str = "test",
) -> Document:
    """A Document with a spaCy parse, time expressions and hand-made actor mentions and places."""
    from marsad.dates import find_expressions

    doc = Document(id=doc_id, text=text, date=day, zones=[Zone("body", 0, len(text))])
    # the session's nlp is shared: parse without any EntityRuler found on it (the NLP component
    # used to add one), so that a test does not depend on which tests ran before it
    with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n == RULER_NAME]):
        doc.spacy_doc = nlp(text)
    if with_places:
        for name, s, e in _find(text, list(PLACES)):
            gid, cc, fc, prec = PLACES[name]
            doc.places.append(
                Place(
                    name,
                    s,
                    e,
                    geonameid=gid,
                    name=name,
                    country_code=cc,
                    feature_code=fc,
                    precision=prec,
                    score=0.9,
                    method="test",
                )
            )
    if with_actors:
        for name, s, e in _find(text, list(ACTORS)):
            aid, kind, sector = ACTORS[name]
            doc.actor_mentions.append(
                ActorMention(name, s, e, actor_id=aid, name=aid, kind=kind, sector=sector, method="test")
            )
    if day is not None:
        for f in find_expressions(text, day):
            doc.time_expressions.append(TimeExpression(f.text, f.start, f.end, f.range))
    return doc


@pytest.fixture(scope="session")
def coder():
    from marsad.events.coder import EventCoder

    return EventCoder()


@pytest.fixture(scope="session")
def code(nlp, coder) -> Callable[..., Document]:
    """``code(text, **kw)`` → a coded Document."""

    def run(text: str, day: date | None = date(2021, 5, 4), **kw) -> Document:
        return coder(build_document(nlp, text, day, **kw))

    return run


@pytest.fixture(scope="session")
def build(nlp) -> Callable[..., Document]:
    """``build(text, day, **kw)`` → an uncoded Document with hand-made inputs."""

    def run(text: str, day: date | None = date(2021, 5, 4), **kw) -> Document:
        return build_document(nlp, text, day, **kw)

    return run
