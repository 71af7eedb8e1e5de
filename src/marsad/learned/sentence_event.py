"""Sentence-level sides and place for an event the rules did not frame.

Input: a parsed sentence, the actor mentions and resolved places inside it. Output: actors
(the main verb's subject subtree, or the passive agent), recipients (its object and
prepositional subtrees), the best place in the sentence, each with the reason. Used by the
learned coders when the model reads an event in a sentence where no rule trigger fired.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from marsad.model import ActorMention, Place

SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass", "csubj", "agent"])
OBJECT_DEPS = frozenset(["dobj", "dative", "attr", "oprd", "prep", "pobj"])


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def subtree_span(tok: Token) -> tuple[int, int]:
    toks = list(tok.subtree)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def main_verb(sent: SpacySpan) -> Token:
    root = sent.root
    if root.pos_ not in ("VERB", "AUX"):
        verb = next((t for t in sent if t.pos_ == "VERB" and t.dep_ in ("ccomp", "conj", "xcomp")), None)
        return verb or root
    return root


def sides(root: Token, mentions: list[ActorMention]) -> tuple[list[ActorMention], list[ActorMention], str]:
    """Actors in the main verb's subject subtree and recipients in its object/prepositional
    subtrees (the passive agent counts as the actor)."""
    actors: list[ActorMention] = []
    recipients: list[ActorMention] = []
    passive = any(c.dep_ == "nsubjpass" for c in root.children)
    for child in root.children:
        start, end = subtree_span(child)
        inside = [m for m in mentions if overlaps(m.start, m.end, start, end)]
        if child.dep_ == "agent" or (child.dep_ in SUBJECT_DEPS and not passive):
            actors.extend(inside)
        elif child.dep_ in OBJECT_DEPS or child.dep_ == "nsubjpass":
            recipients.extend(m for m in inside if m not in actors)
    why = "sides from the main verb's subject and object subtrees"
    if not actors:
        why += "; no actor mention in the subject"
    return actors, recipients, why


def sentence_place(places: list[Place], sent: SpacySpan) -> tuple[Place | None, str]:
    inside = [p for p in places if sent.start_char <= p.start < sent.end_char]
    if not inside:
        return None, "no resolved place in the sentence"
    best = min(inside, key=lambda p: (p.precision or 3, p.start))
    return best, f"place {best.text!r} in the sentence"
