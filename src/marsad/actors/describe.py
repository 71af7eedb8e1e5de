"""Descriptions resolved to a country and a PLOVER sector, as NGEC/PETRARCH agents do.

``describe("the Kenyan interior minister", kb)`` → KEN, GOV: a nationality (demonym, state
name, possessive "Peru's", people noun "Peruvians", capital used for its state) and the agent
words of the head noun phrase (marsad's agent nouns first, then the Phoenix agents). The
organisation a person belongs to decides over the person noun ("a senior officer of the border
guard" → MIL; "the bank's chief executive" → BUS). A phrase with no agent word and no people
noun is not an actor (None): "a taxi driver" is at most a civilian, and a name the dictionaries
do not know stays unknown rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from marsad.actors.kb import ActorKB, KBState
from marsad.actors.normalize import alias_words

# words that are never part of what a description names
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "some",
        "several",
        "many",
        "few",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "dozens",
        "hundreds",
        "thousands",
        "scores",
        "at",
        "least",
        "about",
        "around",
        "over",
        "more",
        "than",
        "one",
        "other",
        "others",
        "its",
        "their",
        "his",
        "her",
    ]
)
_QUALIFIERS = frozenset(
    [
        "senior",
        "junior",
        "top",
        "former",
        "ex",
        "acting",
        "deputy",
        "local",
        "provincial",
        "regional",
        "district",
        "state",
        "national",
        "federal",
        "central",
        "chief",
        "head",
        "unidentified",
        "unknown",
        "suspected",
        "alleged",
        "armed",
        "heavily",
        "masked",
    ]
)
# businesses and their people: PLOVER BUS, never a state organ ("the bank's chief executive")
_BUSINESS = frozenset(
    [
        "bank",
        "banks",
        "company",
        "companies",
        "firm",
        "firms",
        "corporation",
        "corporations",
        "business",
        "businesses",
        "enterprise",
        "enterprises",
        "industries",
        "ltd",
        "inc",
        "plc",
        "group",
    ]
)
# premises named after who works there: "a Lagos police station" is the police
_PREMISES = frozenset(
    ["station", "stations", "post", "posts", "headquarters", "camp", "camps", "office", "offices"]
)
# unnamed people under arms: "heavily armed men", "masked gunmen" (PLOVER UAF)
_PERSONS = frozenset(["men", "man", "persons", "person", "people", "individuals", "assailants", "youths"])
_PRO_GOVERNMENT = re.compile(r"\bpro-?\s*government\b", re.I)
_ORG_SPLIT = frozenset({"of", "from", "at", "for"})
# CAMEO agent codes whose PLOVER sector differs (PLOVER manual, sector note 4)
MAX_PHRASE_WORDS = 10
_CAMEO_TO_PLOVER = {"MED": "JRN", "HLH": "MED"}
_PHOENIX_SKIP = frozenset({"PPL"})  # "men", "people": not a sector


@dataclass(frozen=True)
class Description:
    country: str | None
    sector: str
    kind: str
    reason: str
    state: bool = False  # an organ of the state (GOV, MIL, COP, ...) when a country is known


def _words(text: str) -> list[str]:
    text = re.sub(r"['’]s\b", " xposs ", text)
    return ["'s" if w == "xposs" else w for w in alias_words(text)]


def _state(kb: ActorKB, words: tuple[str, ...]) -> tuple[KBState, str] | None:
    for how, find in (
        ("nationality", kb.state_by_demonym),
        ("state name", kb.state_by_name),
        ("people noun", kb.state_by_people),
        ("capital", kb.state_by_capital),
    ):
        state = find(words)
        if state is not None:
            return state, how
    return None


def _agent(kb: ActorKB, words: list[str]) -> tuple[str, str, str, bool] | None:
    """(sector, kind, the agent words, state organ) of the longest agent ending at the head."""
    for i in range(len(words)):
        tail = tuple(words[i:])
        sense = kb.agent(tail)
        if sense is not None:
            return sense.sector, sense.kind, " ".join(tail), sense.state
        if words[-1] in _BUSINESS or (len(tail) == 1 and tail[0] in _BUSINESS):
            return "BUS", "business", tail[-1], False
        world = kb.world
        found = world.agent(" ".join(tail)) if world is not None else None
        if found is not None and found[0][:3] not in _PHOENIX_SKIP:
            code = found[0].lstrip("~")[:3]
            sector = found[1] or _CAMEO_TO_PLOVER.get(code, code)
            return sector, "group", " ".join(tail), sector in {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}
    return None


def describe(text: str, kb: ActorKB, day: date | None = None) -> Description | None:
    """The country and sector a description gives, or None when it describes no actor."""
    words = [w for w in _words(text) if w]
    while words and (words[0] in _DETERMINERS or words[0].isdigit()):
        words = words[1:]
    if not words:
        return None
    if _PRO_GOVERNMENT.search(text):
        words = [w for w in words if w not in ("pro", "government", "pro-government")]
    # "a senior officer of the border guard": the organisation after "of" decides
    head, org = words, []
    for i, w in enumerate(words):
        if w in _ORG_SPLIT and i > 0:
            head, org = words[:i], [x for x in words[i + 1 :] if x not in _DETERMINERS]
            break
    possessor: list[str] = []
    if "'s" in head:
        k = head.index("'s")
        possessor, head = [x for x in head[:k] if x not in _DETERMINERS], head[k + 1 :]
    state = None
    for part in (head, possessor, org):
        for n in (2, 1):
            for i in range(len(part) - n + 1):
                state = state or _state(kb, tuple(part[i : i + n]))
    if ("armed" in head or "masked" in head) and head[-1] in _PERSONS:
        return _found(state, "UAF", "armed_group", f"armed {head[-1]}", False)
    core = [w for w in head if w not in _QUALIFIERS] or head
    if len(core) > 1 and core[-1] in _PREMISES:
        core = core[:-1]
    agent = None
    for part in (org, possessor):
        if part and (found := _agent(kb, part)) is not None:
            agent = found
            break
    agent = agent or _agent(kb, core)
    if agent is None and state is not None and state[1] == "people noun" and len(core) == 1:
        agent = ("CVL", "civilians", core[0], False)
    if agent is None:
        return None
    sector, kind, agent_words, organ = agent
    if _PRO_GOVERNMENT.search(text) and sector in ("UAF", "REB"):
        sector, kind = "PRM", "militia"
    return _found(state, sector, kind, agent_words, organ)


def _found(state: tuple[KBState, str] | None, sector: str, kind: str, words: str, organ: bool) -> Description:
    country = state[0].id if state else None
    where = f"; {state[1]} '{state[0].name}'" if state else ""
    return Description(
        country, sector, kind, f"a description: agent words '{words}' ({sector}){where}", organ
    )


def _row(text: str, start: int, end: int, d: Description) -> dict[str, object]:
    return {
        "text": text,
        "start": start,
        "end": end,
        "id": f"{d.country}_{d.sector}" if d.country and d.state else f"desc:{d.sector}",
        "name": text,
        "kind": d.kind,
        "sector": d.sector,
        "country": d.country,
        "wikidata": None,
        "method": "description",
        "reason": d.reason,
    }


def complete(
    query: str, rows: list[dict[str, object]], kb: ActorKB, day: date | None = None
) -> list[dict[str, object]]:
    """The rows of ``actors resolve`` with descriptions filled in: a mention left unknown
    (``unk:``) gets the Phoenix actor or the description its words give; a query no mention
    covers for at least half its length is read as one description."""
    for row in rows:
        if not str(row.get("id") or "").startswith("unk:"):
            continue
        text = str(row["text"])
        found = kb.lookup_world(text, day, person=row.get("kind") == "person")
        if found is not None:
            row.update(
                id=found.id, name=found.name, kind=found.kind, sector=found.sector, country=found.country,
                method="phoenix",
                reason=f"'{text}' is in the Phoenix dictionary ({found.source}): {found.name}",
            )  # fmt: skip
            continue
        d = describe(text, kb, day)
        if d is not None:
            row.update({k: v for k, v in _row(text, 0, 0, d).items() if k not in ("text", "start", "end")})
    stripped = query.strip()
    covered = max((int(r["end"]) - int(r["start"]) for r in rows), default=0)  # type: ignore[call-overload]
    # only a phrase-length query is one description; a sentence is left to the mentions
    if stripped and len(stripped.split()) <= MAX_PHRASE_WORDS and covered * 2 < len(stripped):
        start = query.index(stripped)
        found = kb.lookup_world(stripped, day)
        if found is not None:
            rows.append(
                {
                    "text": stripped, "start": start, "end": start + len(stripped), "id": found.id,
                    "name": found.name, "kind": found.kind, "sector": found.sector, "country": found.country,
                    "wikidata": None, "method": "phoenix",
                    "reason": f"'{stripped}' is in the Phoenix dictionary ({found.source}): {found.name}",
                }
            )  # fmt: skip
        elif (d := describe(stripped, kb, day)) is not None:
            rows.append(_row(stripped, start, start + len(stripped), d))
    return rows


__all__ = ["Description", "complete", "describe"]
