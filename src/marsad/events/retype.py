"""Retyping an event by what its trigger acts on (PLOVER manual distinctions).

Input: a :class:`~marsad.events.triggers.Trigger` with its parse and the
:class:`~marsad.events.lexicon.Lexicon` cue lists. Output: the trigger with another entry/mode
and the reason (``object_retype``), or whether a fire/throw verb has a projectile object
(``projectile_object``).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from marsad.events.arguments import conjuncts
from marsad.events.lexicon import Lexicon
from marsad.events.triggers import Trigger


def object_retype(trig: Trigger, lex: Lexicon, place_object: bool) -> tuple[Trigger, str]:
    """Retyping by what the trigger acts on (PLOVER manual): an expulsion or withdrawal of
    diplomats, observers, peacekeepers or aid reduces relations (SANCTION expel / withdraw)
    rather than deporting people or retreating; a deployment of peacekeepers, observers or
    rescue teams is AID, not a show of force; a joint exercise is COOPERATE; handing over
    anything but territory is AID."""
    entry = trig.entry
    objs = [o for d in trig.token.children if d.dep_ in ("dobj", "nsubjpass") for o in conjuncts(d)]
    preps = [o for c in trig.token.children if c.dep_ == "prep" for o in c.children]
    if trig.is_noun:
        objs = [trig.token, *preps]
    words = lex.word_set("assistance_objects")
    if entry.type == "MOBILIZE" and any(
        t.lemma_.lower() in words or t.lower_ in words for o in objs + preps for t in o.subtree
    ):
        return replace(
            trig, entry=lex.entries["aid"], mode=None
        ), "peacekeepers/observers/relief deployed: AID"
    if (
        entry.type == "RETREAT"
        and trig.token.lemma_.lower() in ("evacuate", "airlift")
        and any(
            o.lemma_.lower() in lex.word_set("evacuee_words") or o.lower_ in lex.word_set("evacuee_words")
            for o in objs
        )
    ):
        # "evacuated the wounded": a rescue of people is AID (manual), not a retreat
        return replace(trig, entry=lex.entries["aid"], mode=None), "people evacuated: AID"
    if entry.type == "AGREE" and any(
        o.lemma_.lower() in lex.word_set("demand_objects") for o in objs if o.i != trig.token.i
    ):
        # "accepted the rebels' demands": yielding to a demand is a concession (CAMEO 08)
        return replace(trig, entry=lex.entries["concede"], mode=None), "demands accepted: CONCEDE"
    if (
        entry.type == "MOBILIZE"
        and trig.is_noun
        and any(c.lemma_.lower() in lex.word_set("joint_words") for c in trig.token.children)
    ):
        return replace(trig, entry=lex.entries["cooperate"], mode=None), "a joint exercise: COOPERATE"
    if (
        entry.id == "transfer"
        and not place_object
        and not any(
            t.lemma_.lower() in lex.word_set("territory_words")
            or t.ent_type_ in ("GPE", "LOC", "FAC")
            or t.pos_ == "PROPN"  # an unknown name handed over is most likely a place
            for o in objs
            for t in o.subtree
        )
    ):
        return replace(trig, entry=lex.entries["aid"], mode=None), "handed over goods, not territory: AID"
    if not (entry.type == "COERCE" and trig.mode == "deport") and not (
        entry.type == "RETREAT" and trig.mode == "withdraw" and not trig.is_noun
    ):
        return trig, ""
    words = lex.word_set("relations_objects")
    hit = next((o for o in objs if o.lemma_.lower() in words or o.lower_ in words), None)
    if hit is None:
        return trig, ""
    mode = "expel" if entry.type == "COERCE" else "withdraw"
    retyped = replace(entry, id=f"{entry.id}>sanction", type="SANCTION", acled=None)
    return replace(trig, entry=retyped, mode=mode), f"{hit.text!r} withdrawn or expelled: relations reduced"


def projectile_object(verb: Token, lex: Lexicon) -> bool:
    """Whether a fire/throw verb has no object or a projectile object ("fired rockets")."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    words = lex.word_set("projectile_words")
    return not objs or any(t.lemma_.lower() in words or t.lower_ in words for o in objs for t in o.subtree)
