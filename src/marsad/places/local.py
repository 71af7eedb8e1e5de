"""Recognition rules for local news and for names the gazetteer lacks.

* "Town, ST": a US postal state code after a town of that state ("Hopkinsville, KY",
  "Greenville, SC police") is a toponym, the town's container. GeoNames' admin1 codes of
  the US are the postal codes, so the code is the state's id; it is only taken where the
  town has a reading in that state (a bare "OR", "ME" or "IN" never is).
* Names not in the gazetteer, in a context that says they are places: "the village of
  X", "X village", "X, Y province", "X in the Y district". They become mentions without
  candidates, so that resolution can place them at the unit that holds them (with a
  reason) or say they were not found, rather than drop them silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from marsad.nlp.text import doc_text
from marsad.places.gazetteer import Gazetteer

US_STATE_CODES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
    ]
)
# ", KY" then an end of phrase: punctuation, a line end, or a lower-case or capitalised word
# ("Greenville, SC police"), but not a longer capitalised code or initials ("D.C.")
_POSTAL = re.compile(r",\s{1,2}([A-Z]{2})(?![\w'’]|-(?!-)|\.\w)")  # "KY--(Marketwire)": a wire dateline
# kind words before an unknown name ("the village of X") and after it ("X village")
UNKNOWN_BEFORE = frozenset({"village", "villages", "town", "hamlet", "settlement", "township"})
UNKNOWN_AFTER = frozenset({"village", "hamlet", "settlement"})
_CONTAINER_KINDS = ("admin", "admin2")
LOCATIVE = frozenset(
    {"in", "at", "near", "from", "outside", "inside"}
)  # "X, Y province", "X in the Y district"


def postal_state_after(text: str, end: int) -> tuple[int, int, str] | None:
    """``(start, end, code)`` of a US postal state code right after ``text[:end]``."""
    hit = _POSTAL.match(text, end)
    if hit is None or hit.group(1) not in US_STATE_CODES:
        return None
    return hit.start(1), hit.end(1), hit.group(1)


def town_in_state(gaz: Gazetteer, name: str, code: str) -> bool:
    """Whether ``name`` has a reading in the US state with postal ``code``."""
    return any(
        c.country_code == "US" and c.admin1_code == code and not c.is_admin
        for c in gaz.lookup(name, "US", fuzzy=False)
    )


def unknown_name_spans(
    doc: Any,
    chain_ends: Callable[[Any, int], list[int]],
    used: Callable[[int, int], bool],
    container_at: Callable[[int], bool],
    is_name: Callable[[Any, bool], bool],
) -> list[tuple[int, int, str | None]]:
    """Token spans ``(i, j, kind)`` of capitalised names that the context calls places:
    after "village/town of", before "village", or held by a following admin unit
    (``container_at(char offset)``: ", Y province", " in the Y district")."""
    out = []
    text = doc_text(doc)
    i = 0
    while i < len(doc):
        tok = doc[i]
        if used(i, i + 1) or not tok.text[:1].isupper() or tok.is_sent_start:
            i += 1
            continue
        ends = [j for j in chain_ends(doc, i) if not used(i, j)]
        if not ends:
            i += 1
            continue
        j = ends[0]
        before = doc[i - 2].lower_ if i >= 2 and doc[i - 1].lower_ == "of" else None
        after = doc[j].lower_ if j < len(doc) else None
        kind_word = before in UNKNOWN_BEFORE or after in UNKNOWN_AFTER
        held = text[doc[i].idx - 1 : doc[i].idx] != "-" and container_at(
            doc[j - 1].idx + len(doc[j - 1].text)
        )
        # NER often calls an unknown Arabic or Pashto village a person: a kind word or a
        # place preposition before an admin unit overrules it ("in Qaryat X, Idlib province")
        person_ok = kind_word or (held and i > 0 and doc[i - 1].lower_ in LOCATIVE)
        if (kind_word or held) and is_name(doc[i:j], person_ok):
            out.append((i, j, "city" if kind_word else None))
            i = j
            continue
        i += 1
    return out


def held_by_admin(text: str, end: int, mentions: list[Any]) -> bool:
    """Whether an admin-unit mention (a kind word: "Y province", "the Y district") follows
    ``end`` as ", Y province" or " in (the) Y district"."""
    for m in mentions:  # sorted by start
        if m.start < end:
            continue
        if m.start - end > 12 or m.kind not in _CONTAINER_KINDS:
            return False
        between = text[end : m.start]
        return re.fullmatch(r",\s*|,?\s+in\s+(?:the\s+)?", between) is not None
    return False
