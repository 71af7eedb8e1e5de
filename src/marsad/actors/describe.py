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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from marsad.actors.kb import STATE_SECTORS, ActorKB, KBState
from marsad.actors.normalize import alias_words, normalize_text

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
    ]
)
# premises named after who works there: "a Lagos police station" is the police
_PREMISES = frozenset(
    ["station", "stations", "post", "posts", "headquarters", "camp", "camps", "office", "offices"]
)
# masthead words: "the Himalayan Times", "the Daily Star", "El Heraldo" name a news outlet (JRN)
_MASTHEAD_LAST = frozenset(
    ["times", "express", "herald", "heraldo", "tribune", "tribuna", "gazette", "gaceta", "journal",
     "chronicle", "observer", "telegraph", "post", "courier", "inquirer", "dispatch", "monitor",
     "standard", "excelsior", "diario", "prensa", "television", "tv", "radio", "news"]
)  # fmt: skip
_MASTHEAD_NAME = re.compile(r"^(?:(?:the|el|la|le)\s+)?(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*$")
# units of an organisation named after it: "the Lagos State Police Command" is the police
_UNITS = frozenset(
    ["command", "commands", "department", "departments", "unit", "units", "division", "divisions",
     "directorate", "service", "services", "bureau", "wing", "branch", "team", "teams", "cell"]
)  # fmt: skip
# unnamed people under arms: "heavily armed men", "masked gunmen" (PLOVER UAF)
_PERSONS = frozenset(["men", "man", "persons", "person", "people", "individuals", "assailants", "youths"])
_PRO_GOVERNMENT = re.compile(r"\bpro-?\s*government\b", re.I)
# "men in uniform", "gunmen dressed in military fatigues": unidentified armed men (UAF)
_IN_UNIFORM = re.compile(
    r"\b(?:men|man|persons|people|individuals|gunmen)\s+(?:dressed\s+|clad\s+)?in\s+"
    r"(?:\w+\s+)?(?:uniforms?|fatigues|camouflage)\b",
    re.I,
)
# person nouns that say a rank in an organisation: the organisation after "of" decides
_RANKS = frozenset(
    [
        "superintendent",
        "superintendents",
        "director",
        "directors",
        "inspector",
        "inspectors",
        "commissioner",
        "commissioners",
        "chairman",
        "chairwoman",
        "chairperson",
        "secretary",
        "deputy",
        "staff",
        "employee",
        "employees",
        "personnel",
        "representative",
        "representatives",
        "member",
        "members",
        "cadre",
        "cadres",
    ]
)
ORGANISATION_PREPOSITIONS = frozenset({"of", "from", "at", "for"})
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
            return sector, "group", " ".join(tail), sector in STATE_SECTORS
    return None


def describe(
    text: str,
    kb: ActorKB,
    day: date | None = None,
    places: PlaceCountry | None = None,
    *,
    in_mixed_case: bool = False,
) -> Description | None:
    """The country and sector a description gives, or None when it describes no actor.
    ``places`` (a name → ISO3 function, see :func:`place_country`) gives the country of a
    city or province named in it ("a Lagos police station" → NGA), never by a word written in
    lower case where case tells names apart: in a text in mixed case, or in any text taken from
    a document in mixed case (``in_mixed_case``: "drug traffickers" names no Drug, India)."""
    words = [w for w in _words(text) if w]
    while words and (words[0] in _DETERMINERS or words[0].isdigit()):
        words = words[1:]
    if not words:
        return None
    if _PRO_GOVERNMENT.search(text):
        words = [w for w in words if w not in ("pro", "government", "pro-government")]
    # "a Spanish priest and four workers": the first of coordinated phrases
    if "and" in words[1:]:
        words = words[: words.index("and", 1)]
    # "a senior officer of the border guard": the organisation after "of" decides
    head, org = words, []
    for i, w in enumerate(words):
        if w in ORGANISATION_PREPOSITIONS and i > 0:
            head, org = words[:i], [x for x in words[i + 1 :] if x not in _DETERMINERS]
            break
    possessor: list[str] = []
    if "'s" in head:
        k = head.index("'s")
        possessor, head = [x for x in head[:k] if x not in _DETERMINERS], head[k + 1 :]
    if not head:
        return None  # "GUATEMALA'S": a possessor alone modifies a noun outside the string
    state = None
    for part in (head, possessor, org):
        for n in (2, 1):
            for i in range(len(part) - n + 1):
                state = state or _state(kb, tuple(part[i : i + n]))
    if state is None and places is not None:
        state = _place_state(kb, places, [head, possessor, org], _lower_case_words(text, in_mixed_case))
    if _masthead(text, words):
        return _found(
            state, "JRN", "media", " ".join(words[-1:] if words[-1] in _MASTHEAD_LAST else words[:1]), False
        )
    if (("armed" in head or "masked" in head) and head[-1] in _PERSONS) or _IN_UNIFORM.search(text):
        return _found(state, "UAF", "armed_group", f"armed {head[-1]}", False)
    core = [w for w in head if w not in _QUALIFIERS] or head
    if len(core) > 1 and core[-1] in _PREMISES:
        core = core[:-1]
    own = _agent(kb, core)
    if own is None and len(core) > 1 and core[-1] in _UNITS:
        own = _agent(kb, core[:-1])
    # the organisation decides for a person of it ("an officer of the border guard", "the
    # superintendent of police"), not for a thing about it ("coverage of organized crime")
    of_person = (
        own is not None or core[-1] in _RANKS or core[-1] in _PERSONS or kb.role((core[-1],)) is not None
    )
    agent = None
    for part in (org if of_person else [], possessor):
        if part and (found := _agent(kb, part)) is not None:
            agent = found
            break
    agent = agent or own
    if agent is None and state is not None and state[1] == "people noun" and len(core) == 1:
        agent = ("CVL", "civilians", core[0], False)
    if agent is None:
        return None
    sector, kind, agent_words, organ = agent
    if _PRO_GOVERNMENT.search(text) and sector in ("UAF", "REB"):
        sector, kind = "PRM", "militia"
    return _found(state, sector, kind, agent_words, organ)


def _masthead(text: str, words: list[str]) -> bool:
    """A capitalised name of two to four words that reads as a news outlet's masthead: its
    last word is a masthead word ("Times", "Tribune", "Express", "TV"), or its first is
    "Daily"/"Diario"/"Radio" or "El"/"La" before "Heraldo"-like words ("El Heraldo")."""
    name = text.strip()
    if not _MASTHEAD_NAME.match(name) or not 2 <= len(words) <= 4:
        return False
    if words[-1] in _MASTHEAD_LAST:
        return True
    return words[0] in ("daily", "diario", "radio") and len(words) >= 2


PlaceCountry = Callable[[str], str | None]


def _lower_case_words(text: str, in_mixed_case: bool) -> frozenset[str]:
    """The words written in lower case only, where case tells names apart (see :func:`describe`);
    none in a text in one case that comes from nowhere else (a query typed in lower case)."""
    if text.upper() == text or (text.lower() == text and not in_mixed_case):
        return frozenset()
    capitalised = {w.lower() for w in re.findall(r"\b[A-Z][\w'’-]*", text)}
    return frozenset(w for w in _words(text.lower()) if w and w not in capitalised)


def _place_state(
    kb: ActorKB, places: PlaceCountry, parts: list[list[str]], lower: frozenset[str] = frozenset()
) -> tuple[KBState, str] | None:
    """The state of a place named among the words ("a Lagos police station" → NGA): one or
    two words that are no agent, qualifier or determiner word, nor written in lower case."""
    for part in parts:
        for n in (2, 1):
            for i in range(len(part) - n + 1):
                gram = tuple(part[i : i + n])
                if any(
                    w in _DETERMINERS or w in _QUALIFIERS or kb.agent((w,)) or w in _PREMISES or w in lower
                    for w in gram
                ):
                    continue
                if "'s" in gram or any(w in ORGANISATION_PREPOSITIONS or w == "and" for w in gram):
                    continue
                iso3 = places(" ".join(gram))
                state = kb.states.get(iso3 or "")
                if state is not None:
                    return state, f"place '{' '.join(gram).title()}' in"
    return None


def place_country(gazetteer: Any, kb: ActorKB) -> PlaceCountry:
    """A name → ISO3 function over the gazetteer: the country of a notable place of that
    exact name (a capital, a first-order division or its seat, or 100,000 people or more),
    and only when every notable place of that name lies in one country."""
    alpha3 = {s.alpha2: s.id for s in kb.states.values() if s.alpha2}
    cache: dict[str, str | None] = {}

    def country(name: str) -> str | None:
        if name not in cache:
            cands = [c for c in gazetteer.lookup(name, fuzzy=False) if _notable(c)]
            codes = {c.country_code for c in cands}
            cache[name] = alpha3.get(codes.pop()) if len(codes) == 1 else None
        return cache[name]

    return country


def any_place_country(gazetteer: Any, kb: ActorKB) -> PlaceCountry:
    """A name → ISO3 function for document cues: the country of every populated place or
    administrative division of that exact name, notable or not ("Kupwara District",
    "Nuapada", "Quinchia"), when they all lie in one country and the name has four letters
    or more; the notable places of :func:`place_country` decide first."""
    notable = place_country(gazetteer, kb)
    alpha3 = {s.alpha2: s.id for s in kb.states.values() if s.alpha2}
    cache: dict[str, str | None] = {}

    def country(name: str) -> str | None:
        if name not in cache:
            found = notable(name)
            words = name.split()
            # "Nuapada District": the division's name without its kind
            bare = " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in DIVISION_WORDS else name
            for form in dict.fromkeys((name, bare)):
                if found is not None or sum(c.isalpha() for c in form) < 4:
                    continue
                cands = [
                    c
                    for c in gazetteer.lookup(form, fuzzy=False)
                    if not c.is_country and c.feature_class in ("A", "P") and c.match == "exact"
                ]
                codes = {c.country_code for c in cands}
                found = alpha3.get(codes.pop()) if len(codes) == 1 else None
            cache[name] = found
        return cache[name]

    return country


PlaceName = Callable[..., bool]  # (name, strict=False) -> bool


def place_name(gazetteer: Any) -> PlaceName:
    """A name → bool function: the gazetteer knows the name exactly as a populated place or an
    administrative division ("Landi Kotal", "Miram Shah", "Tel Tamer"); a one-word name
    must be a notable place, or the own name (not an alternate one) of a division or of the
    seat of one ("Nuapada", "Quinchia"): a surname that is also a village stays a name.
    ``strict``: a one-word name must be a notable place ("Raqqah", not "Moreno")."""
    cache: dict[tuple[str, bool], bool] = {}

    def known(name: str, strict: bool = False) -> bool:
        if (name, strict) not in cache:
            words = name.split()
            cands = [
                c
                for c in gazetteer.lookup(name, fuzzy=False)
                if not c.is_country and c.feature_class in ("A", "P") and c.match == "exact"
            ]
            if len(words) == 1:
                own = normalize_text(name)
                cands = [
                    c
                    for c in cands
                    if _notable(c)
                    or (
                        not strict
                        and normalize_text(c.name) == own
                        and (c.feature_class == "A" or c.feature_code in _SEATS)
                    )
                ]
            cache[name, strict] = bool(cands) and sum(ch.isalpha() for ch in name) >= 4
        return cache[name, strict]

    return known


_NOTABLE_CODES = frozenset({"PPLC", "PPLA", "ADM1"})
DIVISION_WORDS = frozenset(
    {"district", "province", "state", "agency", "department", "division", "region", "tehsil", "municipality"}
)
_SEATS = frozenset({"PPLC", "PPLA", "PPLA2"})


def _notable(c: Any) -> bool:
    return not c.is_country and (c.feature_code in _NOTABLE_CODES or c.population >= 100_000)


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
    query: str,
    rows: list[dict[str, object]],
    kb: ActorKB,
    day: date | None = None,
    *,
    places: PlaceCountry | None = None,
    clause: bool = False,
    is_place: PlaceName | None = None,
) -> list[dict[str, object]]:
    """The rows of ``actors resolve`` with descriptions filled in: a mention left unknown
    (``unk:``) gets the Phoenix actor or the description its words give; an agent mention
    with no nationality gets the country of a place named in it ("the Medellin cartel" →
    COL); a query no mention covers for at least half its length is read as one description,
    unless it is a clause (``clause``: its root is a verb) — a sentence is left to its mentions.
    An unknown name (not a person) that no dictionary knows and the gazetteer knows as a place
    (``is_place``: "Landi Kotal", "Miram Shah") is a place, not an actor, and is dropped; so
    is a "person" that is the whole query and a notable place (``strict``: "Raqqah")."""
    places_named: list[dict[str, object]] = []
    mixed = query.lower() != query and query.upper() != query  # its lower-case words are no names
    for row in rows:
        rid = str(row.get("id") or "")
        if rid.startswith("gen:") and row.get("country") is None and places is not None:
            d = describe(str(row["text"]), kb, day, places, in_mixed_case=mixed)
            if d is not None and d.country is not None:
                sector = row.get("sector") or d.sector
                row.update(
                    country=d.country,
                    id=f"{d.country}_{sector}" if d.state else rid,
                    reason=f"{row.get('reason') or ''}; {d.reason}".lstrip("; "),
                )
            continue
        if not rid.startswith("unk:"):
            continue
        text = str(row["text"])
        given_country, given_reason = row.get("country"), str(row.get("reason") or "")
        person = row.get("kind") == "person"
        # one name ("Abdullah") is many people: as in the resolver, no Phoenix person for it
        found = None if person and len(alias_words(text)) < 2 else kb.lookup_world(text, day, person=person)
        # a bare name queried alone: the recogniser's PERSON tag on it says little ("Raqqah")
        bare = person and text.strip() == query.strip()
        if (
            found is None
            and (not person or bare)
            and is_place is not None
            and is_place(text.strip(), strict=bare)
        ):
            places_named.append(row)
            continue
        if found is not None:
            row.update(
                id=found.id, name=found.name, kind=found.kind, sector=found.sector, country=found.country,
                method="phoenix",
                reason=f"'{text}' is in the Phoenix dictionary ({found.source}): {found.name}",
            )  # fmt: skip
            continue
        d = describe(text, kb, day, places, in_mixed_case=mixed)
        if d is not None:
            row.update({k: v for k, v in _row(text, 0, 0, d).items() if k not in ("text", "start", "end")})
            if d.country is None and given_country is not None:  # the document's state, from the stage
                row.update(country=given_country, reason=f"{d.reason}; {given_reason}")
    rows[:] = [r for r in rows if not any(r is p for p in places_named)]
    stripped = query.strip()
    covered = max((int(r["end"]) - int(r["start"]) for r in rows), default=0)  # type: ignore[call-overload]
    # only a phrase-length query is one description; a sentence is left to the mentions
    if stripped and not clause and len(stripped.split()) <= MAX_PHRASE_WORDS and covered * 2 < len(stripped):
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
        elif (d := describe(stripped, kb, day, places)) is not None:
            rows.append(_row(stripped, start, start + len(stripped), d))
    return rows


__all__ = [
    "Description",
    "PlaceCountry",
    "PlaceName",
    "any_place_country",
    "complete",
    "describe",
    "place_country",
    "place_name",
]
