"""Modality (negation, hypothetical/future, historical) and the source of a claim (certainty).

Input: a trigger token (and its governing verb) inside its sentence. Output: a
:class:`Modality` — ``negated``, ``modality`` (``factual``, ``hypothetical``, ``future``,
``historical``) and ``certainty`` (``asserted``, ``reported``, ``hedged``, ``inferred``) with
the cue that decided each, so that an analyst can tell a candidate from a fact.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from marsad.events.lexicon import Lexicon

MODAL_HYPOTHETICAL = frozenset(["would", "could", "might", "may", "should", "can", "must"])
MODAL_FUTURE = frozenset(["will", "shall", "'ll"])


@dataclass
class Modality:
    negated: bool = False
    modality: str = "factual"
    certainty: str = "asserted"
    cues: dict[str, str] | None = None


def _path(tok: Token, limit: int = 6) -> list[Token]:
    """The token and its ancestors up to the sentence root."""
    out = [tok]
    cur = tok
    for _ in range(limit):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        out.append(cur)
    return out


def assess(sent: Span, trigger: Token, governor: Token | None, lex: Lexicon) -> Modality:
    """Modality and certainty of the event triggered by ``trigger`` in ``sent``."""
    cues: dict[str, str] = {}
    result = Modality(cues=cues)
    heads = [trigger] + ([governor] if governor is not None else [])
    # negation: a "not"/"never" on the trigger or its governor, or a "without"/"no" on the path
    for head in heads:
        for child in head.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                result.negated = True
                cues["negation"] = child.text
    path = _path(governor or trigger)
    for tok in path[1:4]:
        if tok.lower_ == "without" or any(c.dep_ == "neg" for c in tok.children if tok.pos_ == "NOUN"):
            result.negated = True
            cues["negation"] = tok.text
    # future / hypothetical: modal auxiliaries, "if", or a governing word of ability/intent
    for head in heads:
        for child in head.children:
            if child.dep_ == "aux" and child.lower_ in MODAL_FUTURE:
                result.modality, cues["modality"] = "future", child.text
            elif (
                child.dep_ == "aux"
                and child.lower_ in MODAL_HYPOTHETICAL
                or child.dep_ == "mark"
                and child.lower_ in ("if", "unless")
            ):
                result.modality, cues["modality"] = "hypothetical", child.text
            elif (
                child.dep_ == "aux"
                and child.lower_ == "to"
                and head.dep_ in ("xcomp", "acl", "advcl", "relcl")
            ):
                anc = head.head
                if anc.lemma_.lower() in lex.word_set("hypothetical_words") or anc.pos_ == "NOUN":
                    result.modality, cues["modality"] = "hypothetical", f"to ({anc.text})"
    hyp = lex.word_set("hypothetical_words")
    for tok in path[1:4]:
        if tok.lemma_.lower() in hyp and result.modality == "factual":
            result.modality, cues["modality"] = "hypothetical", tok.text
    if sent.text.rstrip().endswith("?") and result.modality == "factual":
        result.modality, cues["modality"] = "question", "?"
    # the sentence's own text: a spaCy Doc rebuilds its whole text on every .text
    text_before = sent.text[: trigger.idx + len(trigger.text) - sent.start_char].lower()
    sent_text = sent.text.lower()
    if result.modality == "factual":
        m = lex.cue_regex("historical_words").search(sent_text)
        if m:
            result.modality, cues["modality"] = "historical", m.group(0)
    # certainty: inferred > hedged > reported > asserted
    reporting = lex.word_set("reporting_verbs")
    for tok in path[1:]:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in reporting and tok.i != trigger.i:
            result.certainty, cues["certainty"] = "reported", tok.text
            break
    if result.certainty == "asserted":
        m = lex.cue_regex("reporting_nouns").search(sent_text)
        if m and (
            "according" in sent_text or m.group(0) in ("testimony", "statement", "sources", "witnesses")
        ):
            result.certainty, cues["certainty"] = "reported", m.group(0)
    m = lex.cue_regex("hedge_words").search(text_before)
    if m:
        result.certainty, cues["certainty"] = "hedged", m.group(0)
    m = lex.cue_regex("inference_words").search(text_before)
    if m:
        result.certainty, cues["certainty"] = "inferred", m.group(0)
    return result
