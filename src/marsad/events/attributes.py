"""Event attributes: fatalities and injured counts, weapons, named operations.

Input: the event's sentence (spaCy ``Span``) and the lexicon cues. Output: counts
(``killing 6 civilians`` → 6), weapon phrases with the ASSAULT mode and ACLED sub-event
type they imply, and the name of an operation ("a series of invasions it called
“Enter through the Door”").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from marsad.events.lexicon import Lexicon, words_regex

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "dozen": 12, "dozens": 24,
    "scores": 40, "hundreds": 200, "several": 3, "couple": 2,
}  # fmt: skip
KILL_LEMMAS = frozenset(
    ["kill", "murder", "execute", "behead", "slaughter", "massacre", "assassinate", "die"]
)
DEAD_WORDS = frozenset(["dead", "death", "deaths", "fatality", "fatalities", "killed", "body", "bodies"])
INJURE_LEMMAS = frozenset(["wound", "injure", "hurt", "maim"])
INJURED_WORDS = frozenset(["injured", "wounded", "hurt", "injuries", "casualties"])
OPERATION_RE = re.compile(
    r"(?:called|named|dubbed|code-?named|titled)\s+(?:it\s+)?[“\"‘']([^”\"’']{3,60})[”\"’']"
    r"|\b[Oo]peration\s+[“\"‘']?((?:[A-Z][\w'-]*\s?){1,5})"
)


@dataclass
class Attributes:
    fatalities: int | None = None
    injured: int | None = None
    weapons: list[str] = field(default_factory=list)
    weapon_mode: str | None = None
    weapon_acled: str | None = None
    operation: str | None = None


def number_value(tok: Token) -> int | None:
    """The integer a number token stands for ("6", "six", "1,200", "dozens")."""
    text = tok.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def _count_of(noun: Token) -> int | None:
    for child in noun.children:
        if child.dep_ in ("nummod", "quantmod") or (
            child.like_num and child.dep_ in ("amod", "det", "compound")
        ):
            value = number_value(child)
            if value is not None:
                return value
    if noun.like_num:
        return number_value(noun)
    return None


def _counts(sent: Span, verbs: frozenset[str], words: frozenset[str]) -> int | None:
    total = None
    for tok in sent:
        lemma = tok.lemma_.lower()
        value = None
        if tok.pos_ == "VERB" and lemma in verbs:
            objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
            if lemma == "die":
                objs = [c for c in tok.children if c.dep_ == "nsubj"]
            for obj in objs:
                value = _count_of(obj)
                if value is not None:
                    break
        elif tok.lower_ in words and tok.pos_ in ("ADJ", "NOUN", "VERB"):
            head = tok.head  # "6 people dead", "left 6 dead", "6 were killed"
            for cand in (tok, head):
                value = _count_of(cand)
                if value is not None:
                    break
            if value is None and tok.i > sent.start and sent.doc[tok.i - 1].like_num:
                value = number_value(sent.doc[tok.i - 1])
        if value is not None:
            total = max(total or 0, value)
    return total


def clause_span(heads: list[Token]) -> tuple[int, int]:
    """Character span of the heads' subtrees, leaving out clauses coordinated by a conjunction.

    "The latter repelled the attack, but launched a series of invasions it called X":
    the clause of "repelled" stops before "but launched ...".
    """
    toks: list[Token] = []
    for head in heads:
        stack = [head]
        while stack:
            tok = stack.pop()
            toks.append(tok)
            coordinated = any(c.dep_ == "cc" for c in tok.children)
            stack.extend(
                c
                for c in tok.children
                if not (coordinated and c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
            )
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def extract_attributes(sent: Span, lex: Lexicon, scope: tuple[int, int] | None = None) -> Attributes:
    """The attributes stated in an event's sentence.

    ``scope`` (character span of the event's clause, see :func:`clause_span`) restricts the
    named operation to the event whose trigger it modifies.
    """
    attrs = Attributes()
    attrs.fatalities = _counts(sent, KILL_LEMMAS, DEAD_WORDS)
    attrs.injured = _counts(sent, INJURE_LEMMAS, INJURED_WORDS)
    lowered = sent.text.lower()
    for group in lex.cues.get("weapons") or []:
        pattern = words_regex(tuple(group["words"]))
        hits = sorted({m.group(0) for m in pattern.finditer(lowered)})
        if hits:
            attrs.weapons.extend(h for h in hits if h not in attrs.weapons)
            if attrs.weapon_mode is None:
                attrs.weapon_mode = group.get("mode")
            if attrs.weapon_acled is None and group.get("acled"):
                attrs.weapon_acled = group["acled"]
    m = OPERATION_RE.search(sent.text)
    if (
        m
        and scope is not None
        and not (scope[0] <= sent.start_char + m.start() and sent.start_char + m.end() <= scope[1])
    ):
        m = None
    if m:
        attrs.operation = (m.group(1) or m.group(2) or "").strip(" .,") or None
    return attrs
