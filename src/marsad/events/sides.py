"""Event sides: the phrase an annotator marks for a side, and states standing as sides.

Input: an argument head token (from :mod:`marsad.events.arguments`), the actor mention or
place found on it, and the trigger. Output:

* :func:`phrase_span` — the character span of the whole noun phrase of the argument, the way
  source/target annotators mark it ("at least 81 people in Nigeria", "US President Donald
  Trump's decision", "Lebanese counterpart, Michel Aoun"): the head's subtree without
  relative clauses, infinitival modifiers ("decision [to recognize ...]"), coordinated heads
  (each is a side of its own), trailing adverbs and punctuation, and prepositional
  post-modifiers other than "of/in/from/at/near" ("demand [for the sacking ...]").
* :func:`widen` — a copy of an actor mention spread over that phrase (a reason added).
* :func:`state_side` — a GPE that is an argument of the trigger in an actor's position ("attacked
  Lebanon", "sent aid to Guatemala", "talks with Iran", "urged Washington to...") is a state
  actor (a capital stands for its government), although it is also a place; a place after a
  locative preposition ("in/near/at/inside/from..."), the object taken by a territory trigger
  ("captured Mosul"), and a capital as the object of a material act ("shelled Kabul") stay places.
"""

from __future__ import annotations

from dataclasses import replace

import pycountry
from spacy.tokens import Token

from marsad.events.lexicon import TriggerEntry
from marsad.model import ActorMention, Place
from marsad.nlp.text import doc_text

COUNTRY_CODES = frozenset(["PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL"])
CAPITAL_CODES = frozenset(["PPLC", "PPLG"])
# prepositions whose object is a side when it is a state ("against Iran", "aid to Guatemala")
SIDE_PREPS = frozenset(
    ["against", "on", "upon", "to", "with", "toward", "towards", "targeting", "onto", "for"]
)
# "fired rockets at Israel", "angry at Turkey": "at" names a target, else it is a place
TARGET_AT = frozenset(["at"])
SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass", "csubj"])
OBJECT_DEPS = frozenset(["dobj", "dative", "attr", "oprd"])
# post-modifying prepositions annotators keep inside a side's phrase
PHRASE_PREPS = frozenset(["of", "in", "from", "at", "near"])
MATERIAL_TYPES = frozenset(["ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "PROTEST"])


def phrase_span(head: Token) -> tuple[int, int]:
    """Character span of the noun phrase an annotator marks for the argument ``head``."""
    toks = [head]

    def walk(tok: Token) -> None:
        for child in tok.children:
            if tok.i == head.i and _cut(head, child):
                continue
            toks.append(child)
            walk(child)

    walk(head)
    toks.sort(key=lambda t: t.i)
    while len(toks) > 1 and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    while len(toks) > 1 and (toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _cut(head: Token, child: Token) -> bool:
    """Whether a direct dependent of the head stays outside the side's phrase."""
    dep = child.dep_
    if dep in ("relcl", "conj", "cc", "advcl"):
        return True
    if dep == "acl" and (child.i > head.i or any(c.dep_ == "aux" for c in child.children)):
        # "decision to recognize"; a participle after the noun is no part of the side ("three
        # others [injured in an explosion in ...]"): the guide's annotated sides leave it out
        # (154 of 156 such modifiers in the argument corpus's training part)
        return True
    if dep == "prep" and (
        child.lower_ not in PHRASE_PREPS or (head.pos_ == "PROPN" and child.lower_ not in ("of", "from"))
    ):
        return True  # "Saad Hariri [in Washington]": a name's place is not part of the side
    return child.i > head.i and (dep in ("punct", "advmod", "npadvmod") or child.is_space)


def widen(mention: ActorMention, head: Token) -> ActorMention:
    """The mention spread over its argument's phrase (unchanged when the phrase does not hold it)."""
    start, end = phrase_span(head)
    if (start, end) == (mention.start, mention.end) or not (start <= mention.start and mention.end <= end):
        return mention
    text = doc_text(head.doc)[start:end]
    reason = f"{mention.reason}; event side spread over the argument phrase {text!r}".lstrip("; ")
    return replace(mention, text=text, start=start, end=end, reason=reason)


def argument_role(head: Token) -> str:
    """How an argument head relates to its clause: "subject", "object", a preposition, or ""."""
    base = head
    for _ in range(6):
        if base.dep_ not in ("conj", "appos") or base.head.i == base.i:
            break
        base = base.head
    if base.dep_ in SUBJECT_DEPS:
        return "subject"
    if base.dep_ in OBJECT_DEPS:
        return "object"
    if base.dep_ == "pobj":
        prep = base.head
        return "subject" if prep.dep_ == "agent" else prep.lower_
    return ""


def _state_code(place: Place) -> str | None:
    if not place.country_code:
        return None
    country = pycountry.countries.get(alpha_2=place.country_code.upper())
    return country.alpha_3 if country is not None else None


def state_side(
    head: Token, place: Place, entry: TriggerEntry, on_head: list[ActorMention]
) -> tuple[ActorMention | None, str]:
    """The state actor a place on an argument head stands for, or None, with the reason."""
    feature = place.feature_code or ""
    capital = feature in CAPITAL_CODES
    if feature not in COUNTRY_CODES and not capital:
        return None, "not a country or a capital"
    if entry.has("territory"):
        return None, "the object of a territory trigger is the place taken"
    role = argument_role(head)
    material = entry.type in MATERIAL_TYPES
    if role in ("subject", "object"):
        if capital and material and role == "object":
            return None, "a capital hit by a material act is the place"
    elif role in SIDE_PREPS or (role in TARGET_AT and (entry.has("needs_target") or not material)):
        if capital and material:
            return None, "a capital after a preposition of a material act is the place"
    else:
        return None, f"{role or 'no argument role'!r}: a locative or other role"
    why = f"{place.text!r} is the {role} of {entry.id!r}: a state side (also a place)"
    state = next((m for m in on_head if m.method == "state" or m.kind in ("state", "government")), None)
    if state is not None:
        return replace(state, reason=f"{state.reason}; {why}".lstrip("; ")), why
    mention = state_mention(place, why)
    return mention, (why if mention is not None else "no ISO code for the place")


def state_mention(place: Place, why: str) -> ActorMention | None:
    """The state (a country) or its government (a capital) a place stands for, as a side."""
    code = _state_code(place)
    if code is None:
        return None
    if (place.feature_code or "") in CAPITAL_CODES:
        return ActorMention(
            place.text,
            place.start,
            place.end,
            actor_id=f"{code}_GOV",
            name=place.name,
            kind="government",
            sector="GOV",
            country=code,
            method="state",
            reason=f"capital {why}; stands for the government of {code}",
            score=0.7,
        )
    return ActorMention(
        place.text,
        place.start,
        place.end,
        actor_id=code,
        name=place.name,
        kind="state",
        country=code,
        method="state",
        reason=why,
        score=0.75,
    )


def beneficiary_state(trigger: Token, places: list[Place]) -> ActorMention | None:
    """The country aid goes to when no recipient is named: a country after "in/to/for" in the
    trigger's own clause ("provided humanitarian assistance in Yemen", "funds to promote
    development in Ethiopia"), not inside a relative or adverbial clause."""
    for tok in trigger.subtree:
        if tok.dep_ != "pobj" or tok.head.lower_ not in ("in", "to", "for"):
            continue
        path = [a for a in tok.ancestors if a.i != trigger.i and trigger.is_ancestor(a)]
        if any(a.dep_ in ("relcl", "advcl", "ccomp", "csubj", "parataxis") for a in path):
            continue
        place = next((p for p in places if p.start <= tok.idx < p.end), None)
        if place is not None and (place.feature_code or "") in COUNTRY_CODES:
            why = f"{place.text!r} after {tok.head.text!r} is where the aid goes: the beneficiary state"
            return state_mention(place, why)
    return None
