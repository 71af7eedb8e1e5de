"""Sentence-level sides and place for an event the rules did not frame.

Input: a parsed sentence, the actor mentions and resolved places inside it. Output: actors
(the main verb's subject subtree, or the passive agent), recipients (its object and
prepositional subtrees), the best place in the sentence, each with the reason. Used by the
learned coders when the model reads an event in a sentence where no rule trigger fired.
"""

from __future__ import annotations

import hashlib

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from marsad.events import salience
from marsad.events.attributes import extract_attributes
from marsad.events.dating import choose_date
from marsad.events.lexicon import Lexicon
from marsad.events.location import usable_places
from marsad.events.modality import assess
from marsad.model import ActorMention, Document, Event, Place

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


def frame_sentence_event(
    doc: Document,
    index: int,
    sent: SpacySpan,
    mentions: list[ActorMention],
    lex: Lexicon,
    event_type: str,
    key: str,
) -> tuple[Event, str]:
    """An event of ``event_type`` framed from a sentence's parse alone: sides from the main
    verb's subtrees, the best place in the sentence, the date the events stage would choose,
    the modality of the main verb, casualty counts; salience as a main clause. Returns the event
    (id from ``key``; the caller sets confidence, component and attributes) and the reason."""
    in_sent = [m for m in mentions if sent.start_char <= m.start < sent.end_char]
    root = main_verb(sent)
    actors, recipients, side_reason = sides(root, in_sent)
    place, place_reason = sentence_place(usable_places(doc), sent)
    modality = assess(sent, root, None, lex)
    attrs = extract_attributes(sent, lex)
    start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    end = sent.start_char + len(sent.text.rstrip())
    event = Event(
        id="ev_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        type=event_type,
        mode=None,
        context=[],
        acled_event_type=None,
        acled_sub_event_type=None,
        actors=actors,
        recipients=recipients,
        location=place,
        date=choose_date(doc, sent, [root]),
        evidence=doc.span(start, end),
        certainty=modality.certainty,
        negated=modality.negated,
        fatalities=attrs.fatalities if event_type == "ASSAULT" else None,
        injured=attrs.injured if event_type == "ASSAULT" else None,
        trigger=doc.span(root.idx, root.idx + len(root.text)),
        attributes={"modality": modality.modality},
    )
    zone = doc.zone_at(sent.start_char)
    event.salience = salience.score(event, zone.name if zone else "body", index, 1.0)
    return event, f"{side_reason}; {place_reason}"
