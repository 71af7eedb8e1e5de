"""ACLED event and sub-event types for a coded event.

Input: the trigger entry (its explicit ACLED pair or ``auto``), the event's sides (actor
mentions), whether it is two-sided, whether its object is a place or a person, the weapon
attributes and the sentence text. Output: ``(event_type, sub_event_type, reason)``; the five
non-ACLED categories come with event_type ``Non-ACLED``.
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.events.lexicon import Lexicon, TriggerEntry
from marsad.model import ActorMention

VIOLENT_TYPES = frozenset(["ASSAULT"])
REMOTE = "Explosions/Remote violence"


@dataclass
class SideInfo:
    """What the ACLED rules need to know about the event's participants."""

    actors: list[ActorMention]
    recipients: list[ActorMention]
    two_sided: bool
    object_is_place: bool
    object_is_person: bool


def _text(m: ActorMention) -> str:
    return f" {m.text.lower()} {(m.name or '').lower()} "


def is_state(m: ActorMention, lex: Lexicon) -> bool:
    if (m.sector or "").upper() in lex.word_set("state_sectors") or m.kind in (
        "state_forces",
        "state",
        "government",
    ):
        return True
    return bool(lex.cue_regex("state_words").search(_text(m)))


def is_civilian(m: ActorMention, lex: Lexicon) -> bool:
    if (m.sector or "").upper() in lex.word_set("civilian_sectors") or m.kind in ("civilians", "civilian"):
        return True
    if m.kind in ("person",) and not is_state(m, lex):
        return False
    if is_state(m, lex) or (m.kind or "") in lex.word_set("armed_kinds"):
        return False
    return bool(lex.cue_regex("civilian_words").search(_text(m)))


def is_armed(m: ActorMention, lex: Lexicon) -> bool:
    return not is_civilian(m, lex) and (m.kind not in ("person", None, "unresolved") or is_state(m, lex))


def _mentions_match(mentions: list[ActorMention], lex: Lexicon, cue: str) -> bool:
    pattern = lex.cue_regex(cue)
    return any(pattern.search(_text(m)) for m in mentions)


def _context_rule(
    entry: TriggerEntry, sides: SideInfo, low: str, lex: Lexicon
) -> tuple[str | None, str | None, str] | None:
    """Sentence-wide overrides: claims of responsibility, organised crime, non-hostile
    accidents, force against protesters and violence by protesters."""
    if lex.cue_regex("claim_words").search(low):
        return "Non-ACLED", "Claim of responsibility", "the sentence claims responsibility for an attack"
    if entry.type not in ("ASSAULT", "COERCE") or entry.has("disaster"):
        return None
    if _mentions_match(sides.actors, lex, "crime_words") or (
        entry.has("capture") and lex.cue_regex("contraband_words").search(low)
    ):
        return "Non-ACLED", "Organized crime", "a criminal group acts, or contraband is seized"
    if entry.type == "ASSAULT" and lex.cue_regex("accident_words").search(low):
        return "Non-ACLED", "Man-made disaster", "a non-hostile explosion or fire"
    if entry.type != "ASSAULT":
        return None
    if lex.cue_regex("mob_words").search(low) and not any(is_state(a, lex) for a in sides.actors):
        return "Riots", "Mob violence", "violence by a mob"
    if _mentions_match(sides.actors, lex, "protester_words"):
        return "Riots", "Violent demonstration", "violence by protesters"
    against_protest = _mentions_match(sides.recipients, lex, "protester_words")
    if not against_protest and lex.cue_regex("protester_words").search(low):
        if not sides.actors and any(is_state(r, lex) for r in sides.recipients):
            return "Riots", "Violent demonstration", "protesters' violence against state forces"
        against_protest = not sides.recipients or any(is_state(a, lex) for a in sides.actors)
    if against_protest:
        if (
            lex.cue_regex("protest_excessive").search(low)
            or lex.cue_regex("death_words").search(low)
            or entry.has("fatal")
        ):
            return "Protests", "Excessive force against protesters", "lethal force against protesters"
        return "Protests", "Protest with intervention", "force used against protesters"
    return None


def map_acled(
    entry: TriggerEntry, sides: SideInfo, weapon_acled: str | None, sentence: str, lex: Lexicon
) -> tuple[str | None, str | None, str]:
    """The ACLED (event_type, sub_event_type) of an event and the rule that decided it."""
    low = sentence.lower()
    context = _context_rule(entry, sides, low, lex)
    if context is not None:
        return context
    if entry.type == "ASSAULT" and lex.cue_regex("sexual_words").search(low) and weapon_acled is None:
        return "Violence against civilians", "Sexual violence", "sexual violence words in the sentence"
    if isinstance(entry.acled, tuple):
        event_type, sub = entry.acled
        if (
            sub == "Abduction/forced disappearance"
            and sides.actors
            and all(is_state(a, lex) for a in sides.actors)
        ):
            return "Strategic developments", "Arrests", "capture of a person by state forces"
        return event_type, sub, f"trigger {entry.id!r} codes {sub}"
    if entry.acled != "auto":
        return None, None, f"trigger {entry.id!r} has no ACLED equivalent"
    actor_state = bool(sides.actors) and any(is_state(a, lex) for a in sides.actors)
    if entry.id == "protest":
        if lex.cue_regex("protest_excessive").search(low):
            return "Protests", "Excessive force against protesters", "protest met with lethal force"
        if lex.cue_regex("protest_violent").search(low):
            return "Riots", "Violent demonstration", "protesters used violence"
        if lex.cue_regex("protest_intervention").search(low):
            return "Protests", "Protest with intervention", "protest dispersed or arrests made"
        return "Protests", "Peaceful protest", "no violence reported in the protest's sentence"
    if entry.id == "agree":
        return "Strategic developments", "Agreement", "an agreement or deal"
    if entry.id == "release":
        if any(w in low for w in ("deal", "agreement", "exchange", "swap", "negotiat")):
            return "Strategic developments", "Agreement", "release as part of a deal"
        return "Strategic developments", "Other", "a release of captives"
    if entry.id == "retreat":
        if sides.object_is_place or any(w in low for w in ("handed", "handover", "hand over")):
            return "Strategic developments", "Non-violent transfer of territory", "withdrawal from a place"
        return None, None, "a withdrawal with no territory named"
    if entry.has("capture") and entry.type == "COERCE" and entry.mode == "arrest":
        if sides.actors and not actor_state:
            return (
                "Violence against civilians",
                "Abduction/forced disappearance",
                "detention by a non-state actor",
            )
        return "Strategic developments", "Arrests", "arrest or detention"
    if entry.has("territory") and sides.object_is_place:
        if actor_state:
            return "Battles", "Government regains territory", "state forces took a place"
        return "Battles", "Non-state actor overtakes territory", "a non-state actor took a place"
    if entry.has("capture") and sides.object_is_person:
        if actor_state:
            return "Strategic developments", "Arrests", "a person captured by state forces"
        return (
            "Violence against civilians",
            "Abduction/forced disappearance",
            "a person captured by a non-state actor",
        )
    if entry.has("territory"):
        return "Battles", "Armed clash", "capture without a named place"
    if lex.cue_regex("mob_words").search(low) and not actor_state:
        return "Riots", "Mob violence", "violence by a mob"
    if weapon_acled:
        event_type = "Violence against civilians" if weapon_acled == "Sexual violence" else REMOTE
        return event_type, weapon_acled, f"weapon words imply {weapon_acled}"
    if entry.has("explosion"):
        return REMOTE, "Remote explosive/landmine/IED", "an explosion with no other weapon named"
    civilians = bool(sides.recipients) and all(is_civilian(r, lex) for r in sides.recipients)
    if civilians and not sides.two_sided:
        return "Violence against civilians", "Attack", "one-sided violence against civilians"
    if sides.two_sided or (sides.recipients and any(is_armed(r, lex) for r in sides.recipients)):
        return "Battles", "Armed clash", "violence between armed groups"
    if entry.has("fatal") and not sides.recipients:
        return "Violence against civilians", "Attack", "killing with no armed opponent named"
    if sides.object_is_place and not sides.recipients:
        return "Battles", "Armed clash", "an attack on a place with no named victims"
    if sides.recipients:
        return "Violence against civilians", "Attack", "violence against an unarmed or unknown recipient"
    return "Battles", "Armed clash", "violence with no recipient named"
