"""The right state for a name two states share, from the document's context.

"Congo" and "Congolese" name both the Democratic Republic of the Congo (COD) and the Republic
of the Congo (COG). A mention that says only the shared word takes the state the document
points to: its capital and cities, its leaders, its armed groups, or the state's full name
written elsewhere ("Kinshasa", "Goma", "Tshisekedi", "M23" → COD; "Brazzaville", "Sassou
Nguesso", "Pointe-Noire" → COG). With no cue, or as many for each, the mention is left as
the dictionary read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from marsad.actors.kb import STATE_SECTORS
from marsad.actors.matching import Candidate
from marsad.nlp.text import doc_text


@dataclass(frozen=True)
class Namesake:
    """Two (or more) states called by the same words."""

    shared: re.Pattern[str]  # the words that name any of them
    explicit: dict[str, re.Pattern[str]]  # words in a mention that name one of them
    cues: dict[str, re.Pattern[str]]  # words in the document that point to one of them


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


_COD_NAME = _words(r"Democratic Republic of (?:the )?Congo", r"DR ?Congo", "DRC", r"Congo[- ]Kinshasa")
_COG_NAME = _words(r"(?<!Democratic )Republic of (?:the )?Congo", r"Congo[- ]Brazzaville")

NAMESAKES: tuple[Namesake, ...] = (
    Namesake(
        shared=_words("Congo", "Congolese"),
        explicit={"COD": _COD_NAME, "COG": _COG_NAME},
        cues={
            "COD": _words(
                _COD_NAME.pattern,
                "Kinshasa",
                "Goma",
                r"(?:North|South) Kivu",
                "Bukavu",
                "Ituri",
                "Bunia",
                "Kisangani",
                "Lubumbashi",
                "Katanga",
                "Kasai",
                "Tshisekedi",
                "Kabila",
                "Mobutu",
                "FARDC",
                "M23",
                "MONUSCO",
            ),
            "COG": _words(
                _COG_NAME.pattern,
                "Brazzaville",
                "Pointe-Noire",
                "Dolisie",
                "Sassou",
                "Nguesso",
                "Ntumi",
                r"Pool (?:region|department)",
            ),
        },
    ),
)


def context_state(text: str, namesake: Namesake) -> tuple[str, str] | None:
    """The state the document points to and the first cue word, or None when it does not
    point to one of them more than to the others."""
    counts: dict[str, list[str]] = {
        state: [m.group(0) for m in cue.finditer(text)] for state, cue in namesake.cues.items()
    }
    ranked = sorted(counts.items(), key=lambda kv: -len(kv[1]))
    if not ranked[0][1] or (len(ranked) > 1 and len(ranked[1][1]) == len(ranked[0][1])):
        return None
    return ranked[0][0], ranked[0][1][0]


def apply_namesakes(sdoc: Any, mentions: list[Candidate], state_name: dict[str, str]) -> None:
    """Re-point the state organs and states of ``mentions`` named only by a shared word
    ("the Congolese army", "Congo's government") to the state of the document's context."""
    text = doc_text(sdoc)
    for namesake in NAMESAKES:
        chosen = context_state(text, namesake)
        if chosen is None:
            continue
        state, cue = chosen
        for m in mentions:
            _repoint(sdoc[m.start : m.end].text, m, namesake, state, cue, state_name)


def _repoint(
    text: str, m: Candidate, namesake: Namesake, state: str, cue: str, state_name: dict[str, str]
) -> None:
    old = m.country
    if old is None or old == state or old not in namesake.cues or not namesake.shared.search(text):
        return
    if any(p.search(text) for p in namesake.explicit.values()):
        return  # the mention names its state itself
    if m.actor_id == old:
        m.actor_id, m.name = state, state_name.get(state, state)
    elif m.actor_id == f"{old}_{m.sector}":
        m.actor_id, m.name = f"{state}_{m.sector}", None  # the generic name is rebuilt from the state
    else:
        return  # a named actor of that state keeps its own country
    m.country = state
    m.reason += f"; '{namesake.shared.search(text).group(0)}' read as {state} from the document ('{cue}')"


# "the country's army": the state is the one the text is about, the latest country named.
_OWN_COUNTRY = {"country", "nation"}
MAX_TOKENS_BACK = 80


def apply_country_possessive(sdoc: Any, mentions: list[Candidate]) -> None:
    """A generic agent after "the country's"/"the nation's" with no nationality takes the
    country of the latest mention before it that has one ("the paramilitary Rapid Support
    Forces … the country's army" → SDN_MIL); a new actor, never an alias of that mention."""
    for m in mentions:
        if not m.actor_id.startswith("gen:") or m.country is not None or m.sector is None:
            continue
        if not _after_own_country(sdoc, m.start):
            continue
        ante = next(
            (
                c
                for c in sorted(mentions, key=lambda c: -c.end)
                if c.country and c.end <= m.start and m.start - c.end <= MAX_TOKENS_BACK
            ),
            None,
        )
        if ante is None:
            continue
        m.country, m.actor_id, m.name = ante.country, f"{ante.country}_{m.sector}", None
        m.reason += (
            f"; 'the country's' is {ante.country}, the country of '{sdoc[ante.start : ante.end].text}'"
        )


def _after_own_country(sdoc: Any, start: int) -> bool:
    """Whether token ``start`` follows "the country's" with at most two adjectives between."""
    k = start - 1
    while k >= 0 and start - k <= 3 and sdoc[k].pos_ == "ADJ":
        k -= 1
    return (
        k >= 2
        and sdoc[k].text in ("'s", "’s")
        and sdoc[k - 1].lower_ in _OWN_COUNTRY
        and sdoc[k - 2].lower_ == "the"
    )


# "police" in an article about Brazil: the police of Brazil, as a human coder reads it
_NOT_NATIONAL = re.compile(
    r"\b(?:foreign|international|multinational|western|coalition|allied|global)\b", re.I
)


def document_country(
    sdoc: Any, mentions: list[Candidate], place_country: Any = None, state_of: Any = None
) -> tuple[str, int, int] | None:
    """The state the document is about: (ISO3, its cues, all cues), counting the states and
    state organs among the actor mentions ("Indian officials", "Jordan", not a named group
    with a country) and the states and notable places the text names ("Rio de Janeiro");
    None unless it is the only state named, or has three cues or more and twice as many as
    any other."""
    counts: dict[str, int] = {}
    for m in mentions:
        # a state or one of its organs counts, not a named actor that has a country
        if m.method == "coref" or not m.country:
            continue
        if m.actor_id == m.country or m.actor_id.startswith(m.country + "_"):
            counts[m.country] = counts.get(m.country, 0) + 1
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for ent in sdoc.ents:
        if ent.label_ not in ("GPE", "LOC") or ent.start in covered:
            continue
        iso3 = (state_of(ent.text) if state_of else None) or (
            place_country(ent.text) if place_country else None
        )
        if iso3:
            counts[iso3] = counts.get(iso3, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if second and (n < 3 or n < 2 * second):
        return None
    return top, n, sum(counts.values())


def apply_document_country(sdoc: Any, mentions: list[Candidate], chosen: tuple[str, int, int] | None) -> None:
    """A generic agent with no nationality ("police", "security forces", "militants",
    "civilians"), or a description of a state organ with none, takes the document's state;
    "foreign"/"international" ones do not. A person or organisation no dictionary knows
    ("Ramon Estrada, head of the chamber of commerce"; "Chief District Officer X"),
    or a description that is no state organ ("the newspaper X"), takes it as its
    country, not as its id: a human coder reads the people and bodies of a local report as
    the country's, and the reason says it is the document's state, not a nationality."""
    if chosen is None:
        return
    state, n, total = chosen
    cues = f"the document's state {state} ({n} of {total} country cues)"
    unknown: set[str] = set()
    for m in mentions:
        if m.country is not None or m.sector in ("IGO", "NGO"):
            continue
        if m.actor_id.startswith("gen:") or (m.method == "description" and m.sector in STATE_SECTORS):
            if _NOT_NATIONAL.search(_before(sdoc, m, 2)):
                continue
            sense = m.extra.get("sense")
            code = sense.code if sense is not None else m.sector
            m.country, m.actor_id, m.name = state, f"{state}_{code}", None
            m.reason += f"; no nationality: {cues}"
        elif (
            m.actor_id.startswith("unk:")
            and m.method != "coref"
            and (m.kind in ("person", "organization") or m.method == "description")
            and not _NOT_NATIONAL.search(_before(sdoc, m, 3))
        ):
            m.country = state  # its id stays: a guess of its country, not a state organ
            official = m.kind == "person" and m.sector in STATE_SECTORS
            m.reason += f"; {'a title of state' if official else 'not known'}, no nationality: {cues}"
            unknown.add(m.actor_id)
    for m in mentions:  # "he", "Estrada": the other mentions of an unknown actor agree
        if m.actor_id in unknown and m.country is None:
            m.country = state


def _before(sdoc: Any, m: Candidate, words: int) -> str:
    """The mention's text with up to ``words`` tokens before it."""
    return sdoc[max(0, m.start - words) : m.end].text
