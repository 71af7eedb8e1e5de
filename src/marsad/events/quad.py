"""The quad class of an event: statement, verbal/material cooperation, verbal/material conflict.

Input: a coded :class:`~marsad.model.Event` (its PLOVER type and the ``statement`` attribute
set by the coder) or a trigger. Output: an int 0-4 with a name — 0 statement, 1 verbal
cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.

Each PLOVER type's class is the "Quad category" of its section in the PLOVER manual.
Neutral verbal acts — the CAMEO "make public statement" and "appeal" roots (01-02: comments,
appeals, expressions of concern or sympathy, claims and denials of responsibility, declining
to comment) — are flagged ``statement`` in the trigger lexicon and take class 0, as does a
document with no event and a non-political happening (``OTHER``: disasters). A concession put
into effect ("lifted the curfew", "eased sanctions": PLOVER CONCEDE, which the manual notes can
have material consequences; CAMEO 08 "yield") is flagged ``material`` and takes class 2.
A second scheme, ``cameo``, follows CAMEO-labelled corpora where they differ from the manual
(reductions of relations, PLOVER SANCTION, are verbal conflict there).
"""

from __future__ import annotations

from spacy.tokens import Token

from marsad.events.lexicon import Lexicon, TriggerEntry
from marsad.model import Event

QUAD_NAMES = {
    0: "statement",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
# the manual's "Quad category" of each PLOVER type
TYPE_QUAD = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}


def is_statement(entry: TriggerEntry, token: Token, lex: Lexicon, governor: Token | None = None) -> bool:
    """Whether a trigger is a neutral verbal act: a ``statement`` entry; a rejection whose
    object is an accusation ("rejected the allegations": a denial of responsibility); or an
    event inside a clause governed by a claim, a policy option considered, a hope or an
    optimistic/pessimistic comment (``statement_heads``: "claimed that they had attacked",
    "is considering sending aid", "expressed pessimism over holding talks")."""
    if entry.has("statement"):
        return True
    if entry.type == "REJECT":
        denials = lex.word_set("denial_objects")
        if any(c.dep_ == "dobj" and c.lemma_.lower() in denials for c in token.children):
            return True
    heads = lex.word_set("statement_heads")
    cur = governor or token
    for _ in range(3):
        if cur.dep_ not in ("ccomp", "xcomp", "pcomp", "pobj", "prep", "acl", "advcl") or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.lemma_.lower() in heads:
            return True
    return False


# CAMEO-coded corpora (ConfliBERT's cameo_class sentences) file CAMEO root 16 "reduce relations"
# — suspending aid, expelling diplomats, cancelling visits: PLOVER SANCTION — under verbal
# conflict, where the PLOVER manual puts SANCTION under material conflict.
CAMEO_OVERRIDES = {"SANCTION": 3}
SCHEMES = ("plover", "cameo")


def quad_class(event: Event | None, scheme: str = "plover") -> int:
    """The quad class (0-4) of an event; 0 when there is none.

    ``scheme="plover"`` (default) follows the manual's "Quad category" of each type;
    ``scheme="cameo"`` follows the CAMEO convention of CAMEO-labelled corpora
    (``CAMEO_OVERRIDES``). Both give neutral statements class 0.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown quad scheme {scheme!r}; expected one of {SCHEMES}")
    if event is None or event.attributes.get("statement"):
        return 0
    if event.attributes.get("material") and event.type == "CONCEDE":
        return 2
    if scheme == "cameo" and event.type in CAMEO_OVERRIDES:
        return CAMEO_OVERRIDES[event.type]
    return TYPE_QUAD.get(event.type, 0)
