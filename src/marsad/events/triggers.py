"""Trigger finding: which tokens of a sentence code an event.

Input: a spaCy sentence ``Span`` and the :class:`~marsad.events.lexicon.Lexicon`.
Output: a list of :class:`Trigger` — verbal ("attacked"), nominal ("an attack on",
"clashes between"), multi-word ("took control of") and light-verb constructions
("launched a series of invasions": the noun is the event, the verb gives its actor).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from marsad.events.lexicon import Lexicon, TriggerEntry

# nouns between a light verb and its event noun: "a series of invasions", "a wave of attacks"
QUANTIFIER_NOUNS = frozenset(
    [
        "series",
        "wave",
        "string",
        "number",
        "spate",
        "round",
        "lot",
        "campaign",
        "barrage",
        "volley",
        "flurry",
        "couple",
        "dozen",
        "handful",
    ]
)
MAX_GAP = 2


@dataclass
class Trigger:
    token: Token  # the head word of the trigger
    entry: TriggerEntry
    tokens: list[Token]  # every word of the trigger (phrases)
    mode: str | None = None
    governor: Token | None = None  # light verb ("launched") or defensive verb ("repelled")
    defensive: bool = False

    @property
    def is_noun(self) -> bool:
        return self.token.pos_ in ("NOUN", "PROPN")

    @property
    def start(self) -> int:
        return min(t.idx for t in self.tokens)

    @property
    def end(self) -> int:
        return max(t.idx + len(t.text) for t in self.tokens)


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _match_phrase(sent: Span, i: int, words: tuple[str, ...]) -> list[Token] | None:
    tokens = [sent[i]]
    j = i + 1
    for word in words[1:]:
        found = None
        for k in range(j, min(j + MAX_GAP + 1, len(sent))):
            if _lemma(sent[k]) == word or sent[k].lower_ == word:
                found = k
                break
            if sent[k].pos_ not in ("DET", "ADJ", "ADV", "PART", "PRON", "NUM"):
                break
        if found is None:
            return None
        tokens.append(sent[found])
        j = found + 1
    return tokens


def governing_verb(tok: Token) -> Token | None:
    """The verb that governs a noun trigger, climbing "a series of": launched ← series ← of ← invasions."""
    cur = tok
    for _ in range(4):
        head = cur.head
        if head is cur:
            return None
        if (
            cur.dep_ == "pobj"
            and head.dep_ == "prep"
            and head.lower_ == "of"
            and head.head.lemma_.lower() in QUANTIFIER_NOUNS
        ):
            cur = head.head
            continue
        if (
            cur.dep_ == "pobj"
            and head.dep_ == "prep"
            and head.lower_ == "in"
            and head.head.pos_ in ("VERB", "AUX")
        ):
            return head.head  # "engaged in fighting"
        if cur.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
            return head
        return None
    return None


def find_triggers(sent: Span, lex: Lexicon) -> list[Trigger]:
    """All triggers of a sentence, in text order; nouns absorbed by a verb trigger are dropped."""
    found: list[Trigger] = []
    covered: set[int] = set()
    for i, tok in enumerate(sent):
        for phrase in lex.phrases.get(_lemma(tok), ()):
            toks = _match_phrase(sent, i, phrase.words)
            if toks and not covered.intersection(t.i for t in toks):
                found.append(Trigger(tok, phrase.entry, toks, mode=phrase.mode or phrase.entry.mode))
                covered.update(t.i for t in toks)
                break
    for tok in sent:
        if tok.i in covered:
            continue
        lemma = _lemma(tok)
        entry = None
        if tok.pos_ == "VERB" and tok.dep_ != "amod":
            entry = lex.verbs.get(lemma)
        elif tok.pos_ in ("NOUN", "PROPN") and tok.tag_ not in ("NNP", "NNPS"):
            entry = lex.nouns.get(lemma)
            if entry is None and tok.pos_ == "NOUN" and lemma.endswith("s"):
                entry = lex.nouns.get(tok.lower_)
        if entry is None:
            continue
        trig = Trigger(tok, entry, [tok], mode=entry.mode)
        if trig.is_noun:
            gov = governing_verb(tok)
            if gov is not None and _lemma(gov) in lex.defensive_verbs:
                trig.governor, trig.defensive = gov, True
            elif gov is not None and (_lemma(gov) in lex.light_verbs or gov.lemma_.lower() in lex.verbs):
                trig.governor = gov
            elif entry.has("light_verb_only"):
                continue
        found.append(trig)
    # a verb trigger that only governs a noun trigger ("fighting great battles") is absorbed by it
    governors = {t.governor.i for t in found if t.governor is not None}
    kept = [t for t in found if not (not t.is_noun and t.token.i in governors)]
    # a noun trigger that is the subject of a verb trigger ("Those invasions targeted") is absorbed
    verb_ids = {t.token.i for t in kept if not t.is_noun}
    kept = [
        t
        for t in kept
        if not (t.is_noun and t.token.dep_ in ("nsubj", "nsubjpass") and t.token.head.i in verb_ids)
    ]
    return sorted(kept, key=lambda t: t.token.i)
