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


LOW_CUES = (
    "at least",
    "more than",
    "over",
    "upwards of",
    "no fewer than",
    "no less than",
    "in excess of",
    "above",
)
HIGH_CUES = (
    "up to",
    "as many as",
    "nearly",
    "almost",
    "at most",
    "fewer than",
    "less than",
    "under",
    "close to",
)
APPROX_CUES = ("about", "around", "some", "approximately", "an estimated", "roughly", "estimated")
VAGUE = frozenset(["dozens", "scores", "hundreds", "several", "couple", "dozen"])
_WORD_OF = {v: k for k, v in NUMBER_WORDS.items() if k not in ("a", "an")}


def count_range(text: str, value: int, at: int | None = None) -> dict[str, int | None | str]:
    """How the text qualifies a count it states: "at least 40" → low 40, best 40, no high;
    "up to 60" → best 60, high 60; "between 10 and 15" → low 10, best 10, high 15; "about 30"
    → best 30; a bare figure → low = best = high. The reason names the qualifier read. ``at``
    (an offset in ``text``) reads the figure stated there rather than its first mention."""
    forms = [f"{value:,}", str(value)] + ([_WORD_OF[value]] if value in _WORD_OF else [])
    pattern = r"\b(" + "|".join(re.escape(f) for f in forms) + r")\b"
    lowered = text.lower()
    for m in re.finditer(pattern, lowered):
        if at is not None and m.start() != at:
            continue
        before = lowered[max(0, m.start() - 24) : m.start()].rstrip()
        between = re.match(r"\s*(?:and|to|-|–)\s*([\d,]+)\b", lowered[m.end() : m.end() + 12])
        if between and re.search(r"\bbetween$", before):
            high = int(between.group(1).replace(",", ""))
            return {"low": value, "best": value, "high": high, "reason": f"between {value} and {high}"}
        for cue in LOW_CUES:
            if before.endswith(cue):
                return {"low": value, "best": value, "high": None, "reason": f"'{cue} {value}'"}
        for cue in HIGH_CUES:
            if before.endswith(cue):
                return {"low": None, "best": value, "high": value, "reason": f"'{cue} {value}'"}
        for cue in APPROX_CUES:
            if before.endswith(cue):
                return {"low": None, "best": value, "high": None, "reason": f"'{cue} {value}'"}
        if m.group(1) in VAGUE:
            return {"low": None, "best": value, "high": None, "reason": f"'{m.group(1)}' read as {value}"}
        return {"low": value, "best": value, "high": value, "reason": "a figure stated without qualifier"}
    return {"low": None, "best": value, "high": None, "reason": "figure read from a number word or phrase"}


def combine_ranges(ranges: list[dict]) -> dict:
    """One incident told with several figures: the lowest stated as low, the largest as best
    and high (marsad never sums restatements), and the reason lists the disagreement."""
    if len(ranges) == 1:
        return ranges[0]
    bests = [r["best"] for r in ranges if r.get("best") is not None]
    lows = [r["low"] for r in ranges if r.get("low") is not None] or bests
    highs = [r["high"] for r in ranges if r.get("high") is not None]
    best = max(bests) if bests else None
    same = len(set(bests)) <= 1
    return {
        "low": min(lows) if lows else None,
        "best": best,
        "high": max([*highs, best]) if highs and best is not None else None,
        "reason": "the same figure in every report" if same else f"reports disagree: {sorted(set(bests))}",
    }


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
