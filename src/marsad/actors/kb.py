"""The actor knowledge base: named actors, states, generic agents and roles, from YAML.

The shipped files live in ``marsad/actors/data/``:

* ``actors.yaml`` — named actors (groups, state forces with proper names, coalitions,
  international organisations, persons) with aliases and date-bounded names;
* ``conflicts.yaml`` — actors of conflicts since 2014 (Sudan, Sahel, Myanmar, Russia–Ukraine…)
  and more names for actors.yaml entries, with their active periods (``from``/``until``);
* ``regions.yaml`` — armed groups, criminal organisations, parties, news outlets and heads of
  government of South Asia and Latin America that the Phoenix dictionaries lack;
* ``states.yaml`` — every ISO 3166 state with its names, demonyms and people nouns;
* ``agents.yaml`` — generic agent nouns by PLOVER sector, identity groups, person roles.

User files (``PipelineConfig.actor_files`` / env ``MARSAD_ACTORS``, ``os.pathsep``-separated)
have the same shape: an entry of ``actors:`` or ``states:`` whose ``id`` is already known
updates that entry field by field (``aliases`` are added to); a new id adds an actor;
``sectors:``, ``identity_groups:`` and ``roles:`` entries are appended.

Names none of these files know are looked up in the Phoenix/PETRARCH2 index
(:mod:`marsad.actors.world`, ids ``phx:…``) by :meth:`ActorKB.lookup_world`; the curated
files always win, and Phoenix names are never EntityRuler patterns.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from marsad.actors.normalize import alias_words, normalize_text

if TYPE_CHECKING:
    from marsad.actors.world import WorldKB

DATA_FILES = ("actors.yaml", "conflicts.yaml", "regions.yaml", "states.yaml", "agents.yaml")
_LIST_FIELDS = (
    "aliases",
    "ambiguous",
    "names",
    "members",
    "relations",
    "demonyms",
    "people",
    "capital_metonyms",
    "local_words",
)
_PERSON_LABEL = "PERSON"


# Actor kinds that are organisations (groups, forces, governments, IGOs), and those plus states:
# what "the group"/"it" can refer back to and what a person can be a member of.
ORGANISATION_KINDS = frozenset(
    {"organization", "coalition", "state_forces", "political", "armed_group", "government", "igo"}
)
COLLECTIVE_KINDS = ORGANISATION_KINDS | {"state"}
# PLOVER sectors of a state's organs, and of every organised actor a person may act for (guide
# §13: officials, commanders, spokesmen, gang leaders; not a farmer, a reporter or a teacher)
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
# non-state groups that bear arms: rebels, insurgents, separatists, militias, gunmen, criminals
ARMED_SECTORS = frozenset({"REB", "INS", "SEP", "PRM", "UAF", "CRM"})
ORGANISED_SECTORS = STATE_SECTORS | ARMED_SECTORS | {"PTY", "OPP", "IGO", "NGO"}
# bodies of civilians: the press, hospitals, schools, companies, unions, religious bodies
CIVILIAN_SECTORS = frozenset({"CVL", "JRN", "MED", "EDU", "BUS", "LAB", "REL"})


@dataclass
class DatedName:
    """A name an actor bore over a period (``None`` bounds are open)."""

    name: str
    start: date | None = None
    end: date | None = None
    aliases: list[str] = field(default_factory=list)

    def covers(self, day: date | None) -> bool:
        if day is None:
            return False
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def period(self) -> str:
        start = self.start.isoformat() if self.start else "…"
        end = self.end.isoformat() if self.end else "…"
        return f"{start} to {end}"


@dataclass
class KBRelation:
    """A known relation of an actor to another (``type`` as in model.RELATION_TYPES or successor_of)."""

    type: str
    target: str
    start: date | None = None
    end: date | None = None
    role: str | None = None

    def covers(self, day: date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class KBActor:
    """One named actor of the dictionary."""

    id: str
    name: str
    kind: str = "organization"
    sector: str | None = None
    country: str | None = None
    wikidata: str | None = None
    acled_name: str | None = None
    acled_inter: int | None = None
    ner_label: str = "ORG"
    aliases: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    names: list[DatedName] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    relations: list[KBRelation] = field(default_factory=list)
    note: str = ""
    source: str = ""  # the file it came from
    active_from: date | None = None  # when the actor came to exist (or a person's first role)
    active_until: date | None = None

    def existed_on(self, day: date) -> bool:
        """Whether the actor existed on ``day`` (open ends count as always)."""
        return (self.active_from is None or self.active_from <= day) and (
            self.active_until is None or day <= self.active_until
        )

    def name_on(self, day: date | None) -> str:
        """The actor's name on ``day`` (its canonical name when no dated name covers it)."""
        for dated in self.names:
            if dated.covers(day):
                return dated.name
        return self.name

    def all_names(self) -> list[str]:
        names = [self.name, *self.aliases]
        for dated in self.names:
            names += [dated.name, *dated.aliases]
        return list(dict.fromkeys(names))

    def relations_on(self, day: date | None, rel_type: str | None = None) -> list[KBRelation]:
        return [r for r in self.relations if (rel_type is None or r.type == rel_type) and r.covers(day)]


@dataclass
class KBState:
    """A state (ISO 3166-1) and the words that name it."""

    id: str  # alpha-3
    name: str
    alpha2: str | None = None
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    capital_metonyms: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AgentSense:
    """What a generic agent noun means: sector, kind and ACLED codes."""

    sector: str
    kind: str
    code: str  # id suffix (the sector, or an identity group code)
    inter: int | None = None
    acled: str | None = None
    state: bool = False  # an organ of the state when a nationality is given


@dataclass(frozen=True)
class RoleSense:
    role: str
    leads: bool = False


@dataclass(frozen=True)
class AliasEntry:
    """One alias of a named actor, with the dated name it belongs to (if any)."""

    actor_id: str
    alias: str
    dated: DatedName | None
    exact_case: bool  # acronyms and ambiguous aliases only match as written


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _key(text: str) -> tuple[str, ...]:
    return alias_words(text)


def _needs_exact_case(alias: str) -> bool:
    """Short acronyms ("IS", "AQ", "UN") only match when written exactly so."""
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and len(alias.replace(".", "")) <= 4 and all(c.isupper() for c in letters)


class ActorKB:
    """Lookups over actors, states, agent nouns and roles. Build with :meth:`load`."""

    def __init__(self) -> None:
        self.actors: dict[str, KBActor] = {}
        self.states: dict[str, KBState] = {}
        self.agent_nouns: dict[tuple[str, ...], AgentSense] = {}
        self.sector_senses: dict[str, AgentSense] = {}  # sector -> its first sense in agents.yaml
        self.identity_adjectives: dict[str, str] = {}  # adjective -> identity code
        self.role_nouns: dict[tuple[str, ...], RoleSense] = {}
        self.files: list[str] = []
        self._alias_index: dict[tuple[str, ...], list[AliasEntry]] = {}
        self._longest_from: dict[str, int] = {}  # first word -> words of the longest alias it begins
        self._state_names: dict[tuple[str, ...], str] = {}
        self._state_longest_from: dict[str, int] = {}  # first word -> words of the longest state name
        self._demonyms: dict[tuple[str, ...], str] = {}
        self._people: dict[tuple[str, ...], str] = {}
        self._capitals: dict[tuple[str, ...], str] = {}
        self._local_words: dict[tuple[str, str], str] = {}  # (country, word) -> actor id
        self._fuzzy_choices: list[str] = []
        self._fuzzy_owner: list[AliasEntry] = []
        self.max_agent_len = 1
        self.use_world = True
        self._world: WorldKB | None = None
        self._world_actors: dict[str, KBActor] = {}

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, extra_files: Iterable[str] = (), *, world: bool | None = None) -> ActorKB:
        """The shipped dictionary plus ``extra_files`` (YAML) that add or override by id.
        ``world``: also answer from the Phoenix index (:mod:`marsad.actors.world`) for names
        the dictionary lacks; default on unless ``MARSAD_WORLD_KB=0``."""
        kb = cls()
        if world is None:
            world = os.environ.get("MARSAD_WORLD_KB", "1").lower() not in ("0", "false", "no", "off")
        kb.use_world = world
        raw_actors: dict[str, dict[str, Any]] = {}
        raw_states: dict[str, dict[str, Any]] = {}
        agents: dict[str, list[Any]] = {"sectors": [], "identity_groups": [], "roles": []}
        identity_adjectives: dict[str, list[str]] = {}
        package = resources.files("marsad.actors") / "data"
        sources: list[tuple[str, str]] = [
            (f"marsad:{n}", (package / n).read_text("utf-8")) for n in DATA_FILES
        ]
        for path in extra_files:
            sources.append((str(path), Path(path).read_text("utf-8")))
        for name, text in sources:
            data = yaml.safe_load(text) or {}
            if not isinstance(data, dict):
                raise ValueError(
                    f"{name}: an actor file must be a mapping with 'actors:', 'states:', ... keys"
                )
            for entry in data.get("actors") or []:
                _merge(raw_actors, entry, name)
            for entry in data.get("states") or []:
                _merge(raw_states, entry, name)
            for section in agents:
                agents[section] += data.get(section) or []
            for code, words in (data.get("identity_adjectives") or {}).items():
                identity_adjectives.setdefault(code, []).extend(words)
            kb.files.append(name)
        for entry in raw_actors.values():
            kb._add_actor(entry)
        for entry in raw_states.values():
            kb._add_state(entry)
        kb._add_agents(agents, identity_adjectives)
        kb._persons_take_their_organisation()
        return kb

    def _persons_take_their_organisation(self) -> None:
        """A person entry without a sector or country takes those of the organisation they lead
        or belong to, the latest role first ("Hassan Nasrallah": Hezbollah's UAF, LBN): PLOVER
        codes a leader by the body he acts for. A state organ ``<ISO3>_<SECTOR>`` gives both."""
        for person in self.actors.values():
            if person.kind != "person" or (person.sector and person.country):
                continue
            roles = sorted(
                (r for r in person.relations if r.type in ("leads", "member_of")),
                key=lambda r: (r.end is None, r.end or date.min, r.start or date.min),
                reverse=True,
            )
            for role in roles:
                sector, country = self._organ(role.target)
                if sector or country:
                    person.sector = person.sector or sector
                    person.country = person.country or country
                    break

    def _organ(self, actor_id: str) -> tuple[str | None, str | None]:
        """The sector and country of an actor id, or of a state organ id (``SYR_GOV``)."""
        actor = self.actors.get(actor_id)
        if actor is not None:
            return actor.sector, actor.country
        state, _, sector = actor_id.partition("_")
        if state in self.states and sector in self.sector_senses:
            return sector, state
        return None, None

    def _add_actor(self, e: dict[str, Any]) -> None:
        names = [
            DatedName(
                str(n["name"]),
                _as_date(n.get("from")),
                _as_date(n.get("until")),
                [str(a) for a in n.get("aliases") or []],
            )
            for n in e.get("names") or []
        ]
        relations = [
            KBRelation(
                str(r["type"]),
                str(r["target"]),
                _as_date(r.get("from")),
                _as_date(r.get("until")),
                r.get("role"),
            )
            for r in e.get("relations") or []
        ]
        kind = e.get("kind") or "organization"
        actor = KBActor(
            id=str(e["id"]),
            name=str(e["name"]),
            kind=kind,
            sector=e.get("sector"),
            country=e.get("country"),
            wikidata=e.get("wikidata"),
            acled_name=e.get("acled_name"),
            acled_inter=e.get("acled_inter"),
            ner_label=e.get("ner_label") or (_PERSON_LABEL if kind == "person" else "ORG"),
            aliases=[str(a) for a in e.get("aliases") or []],
            ambiguous=[str(a) for a in e.get("ambiguous") or []],
            names=names,
            members=[str(m) for m in e.get("members") or []],
            relations=relations,
            note=e.get("note") or "",
            source=e.get("_source", ""),
            active_from=_as_date(e.get("from")),
            active_until=_as_date(e.get("until")),
        )
        self.actors[actor.id] = actor
        for word in e.get("local_words") or []:
            if actor.country:
                self._local_words[actor.country, " ".join(_key(str(word)))] = actor.id
        for alias in actor.all_names():
            dated = next((d for d in names if alias == d.name or alias in d.aliases), None)
            self._index_alias(AliasEntry(actor.id, alias, dated, _needs_exact_case(alias)))
        for alias in actor.ambiguous:
            self._index_alias(AliasEntry(actor.id, alias, None, True))

    def _index_alias(self, entry: AliasEntry) -> None:
        key = _key(entry.alias)
        if not key:
            return
        bucket = self._alias_index.setdefault(key, [])
        if any(b.actor_id == entry.actor_id and b.alias == entry.alias for b in bucket):
            return
        bucket.append(entry)
        self._longest_from[key[0]] = max(self._longest_from.get(key[0], 0), len(key))
        if not entry.exact_case and len(entry.alias) >= 6:
            self._fuzzy_choices.append(" ".join(key))
            self._fuzzy_owner.append(entry)

    def _add_state(self, e: dict[str, Any]) -> None:
        state = KBState(
            id=str(e["id"]),
            name=str(e["name"]),
            alpha2=e.get("alpha2"),
            aliases=[str(a) for a in e.get("aliases") or []],
            demonyms=[str(a) for a in e.get("demonyms") or []],
            people=[str(a) for a in e.get("people") or []],
            capital_metonyms=[str(a) for a in e.get("capital_metonyms") or []],
        )
        self.states[state.id] = state
        for name in [state.name, *state.aliases]:
            key = _key(name)
            self._state_names.setdefault(key, state.id)
            if key:
                self._state_longest_from[key[0]] = max(self._state_longest_from.get(key[0], 0), len(key))
        for word in state.demonyms:
            self._demonyms.setdefault(_key(word), state.id)
        for word in state.people:
            self._people.setdefault(_key(word), state.id)
        for word in state.capital_metonyms:
            self._capitals.setdefault(_key(word), state.id)

    def _add_agents(self, agents: dict[str, list[Any]], identity_adjectives: dict[str, list[str]]) -> None:
        for s in agents["sectors"]:
            sense = AgentSense(
                s["sector"],
                s.get("kind", "generic"),
                s.get("code", s["sector"]),
                s.get("inter"),
                s.get("acled"),
                bool(s.get("state")),
            )
            self.sector_senses.setdefault(sense.sector, sense)
            for noun in s.get("nouns") or []:
                self.agent_nouns.setdefault(_key(str(noun)), sense)
        for g in agents["identity_groups"]:
            sense = AgentSense(
                g.get("sector", "CVL"), "identity_group", g["code"], g.get("inter", 7), g.get("acled")
            )
            for noun in g.get("nouns") or []:
                self.agent_nouns.setdefault(_key(str(noun)), sense)
        for r in agents["roles"]:
            sense_r = RoleSense(r["role"], bool(r.get("leads")))
            for noun in r.get("nouns") or []:
                self.role_nouns.setdefault(_key(str(noun)), sense_r)
        for code, words in identity_adjectives.items():
            for word in words:
                self.identity_adjectives[normalize_text(word)] = code
        self.max_agent_len = max((len(k) for k in self.agent_nouns), default=1)

    # ------------------------------------------------------------------ lookups
    def get(self, actor_id: str) -> KBActor | None:
        """A dictionary actor, or a Phoenix one (``phx:`` id, or the state organ it is)."""
        found = self.actors.get(actor_id) or self._world_actors.get(actor_id)
        if found is None and actor_id.startswith("phx:") and self.world is not None:
            entry = self.world.get(actor_id)
            found = self._from_world(entry, None) if entry else None
        return found

    # ------------------------------------------------------------------ world index
    @property
    def world(self) -> WorldKB | None:
        """The Phoenix index, opened (and built, once) on first use; None when off."""
        if self._world is None and self.use_world:
            from marsad.actors.phoenix import SHIPPED
            from marsad.actors.world import WorldKB

            if not SHIPPED.is_file():
                self.use_world = False
                return None
            self._world = WorldKB.open(frozenset(self.states))
        return self._world

    def lookup_world(
        self, text: str, day: date | None = None, *, person: bool | None = None
    ) -> KBActor | None:
        """The Phoenix actor ``text`` names, with the country, sector and kind of its CAMEO
        code valid on ``day``; None when it names none (or the index is off)."""
        if self.world is None:
            return None
        entry = self.world.lookup(text, day, person=person)
        return self._from_world(entry, day) if entry else None

    def _from_world(self, entry: Any, day: date | None) -> KBActor:
        country, sector, kind = entry.describe(day, self.world.states if self.world else frozenset())
        code = entry.code_on(day)
        actor_id, name = entry.id, entry.name
        if country and sector and not entry.person and code is not None and code.code == f"{country}{sector}":
            # coded as the state's organ itself ("Pentagon", "Department of Defense": USAMIL): it
            # is that organ, the actor "U.S. forces" names too, not an actor of its own; named
            # as the generic mentions of that organ are, whichever Phoenix name was met first
            actor_id = f"{country}_{sector}"
            if actor_id in self.actors:
                return self.actors[actor_id]
            name = self._organ_name(country, sector) or name
        actor = KBActor(
            id=actor_id,
            name=name,
            kind=kind,
            sector=sector,
            country=country,
            ner_label=_PERSON_LABEL if kind == "person" else "ORG",
            aliases=list(entry.aliases),
            source=f"phoenix:{entry.source}",
        )
        self._world_actors[actor.id] = actor
        return actor

    def _organ_name(self, country: str, sector: str) -> str | None:
        """ACLED's name of a state's organ ("Government of Iraq"), from the sector's agent sense."""
        sense, state = self.sector_senses.get(sector), self.states.get(country)
        return sense.acled.format(country=state.name) if sense and sense.acled and state else None

    def __contains__(self, actor_id: str) -> bool:
        return actor_id in self.actors

    def __iter__(self) -> Iterator[KBActor]:
        return iter(self.actors.values())

    def __len__(self) -> int:
        return len(self.actors)

    def local_actor(self, country: str, word: str) -> KBActor | None:
        """The actor a common word names in a document about ``country`` (``local_words``:
        "congress" in India is the Indian National Congress, its legislature being Parliament)."""
        actor_id = self._local_words.get((country, " ".join(_key(word))))
        return self.actors.get(actor_id) if actor_id else None

    def longest_alias_from(self, word: str) -> int:
        """How many words the longest alias beginning with ``word`` has (0: none begins so)."""
        return self._longest_from.get(word, 0)

    def aliases_for(self, words: tuple[str, ...]) -> list[AliasEntry]:
        """Alias entries whose normalised words equal ``words``."""
        return self._alias_index.get(words, [])

    def lookup(self, text: str, day: date | None = None) -> tuple[KBActor, AliasEntry] | None:
        """The named actor ``text`` is an alias of (case rules applied), the date choosing
        among actors that share it; None when ``text`` is no alias."""
        entries = [e for e in self.aliases_for(_key(text)) if not e.exact_case or e.alias == text.strip()]
        best = choose_entry(entries, day)
        return (self.actors[best.actor_id], best) if best else None

    def fuzzy(self, text: str, threshold: float = 90.0) -> tuple[KBActor, AliasEntry, float] | None:
        """Best alias within ``threshold`` (rapidfuzz ratio, 0–100) of ``text``, or None."""
        from rapidfuzz import fuzz, process

        query = normalize_text(text)
        if len(query) < 6 or not self._fuzzy_choices:
            return None
        hit = process.extractOne(query, self._fuzzy_choices, scorer=fuzz.ratio, score_cutoff=threshold)
        if hit is None:
            return None
        entry = self._fuzzy_owner[hit[2]]
        return self.actors[entry.actor_id], entry, float(hit[1])

    def longest_state_name_from(self, word: str) -> int:
        """How many words the longest state name beginning with ``word`` has (0: none begins so)."""
        return self._state_longest_from.get(word, 0)

    def state_by_name(self, words: tuple[str, ...]) -> KBState | None:
        code = self._state_names.get(words)
        return self.states.get(code) if code else None

    def state_by_demonym(self, words: tuple[str, ...]) -> KBState | None:
        code = self._demonyms.get(words)
        return self.states.get(code) if code else None

    def state_by_people(self, words: tuple[str, ...]) -> KBState | None:
        code = self._people.get(words)
        return self.states.get(code) if code else None

    def state_by_capital(self, words: tuple[str, ...]) -> KBState | None:
        """The state whose capital ("Khartoum") is used for its government."""
        code = self._capitals.get(words)
        return self.states.get(code) if code else None

    def agent(self, words: tuple[str, ...]) -> AgentSense | None:
        return self.agent_nouns.get(words)

    def role(self, words: tuple[str, ...]) -> RoleSense | None:
        return self.role_nouns.get(words)

    def affiliation(self, person_id: str, day: date | None) -> str | None:
        """The organisation a known person leads or belongs to on ``day``."""
        person = self.actors.get(person_id)
        if person is None:
            return None
        for rel_type in ("leads", "member_of"):
            rels = (
                person.relations_on(day, rel_type)
                or person.relations_on(None, rel_type)
                or [r for r in person.relations if r.type == rel_type]
            )
            if rels:
                return rels[0].target
        return None

    # ------------------------------------------------------------------ spaCy
    def ruler_patterns(self) -> list[dict[str, Any]]:
        """EntityRuler phrase patterns (``label`` ORG/NORP/PERSON, ``id`` = actor id) for
        every alias of every named actor, as written and with a capitalised first letter.
        Ambiguous aliases ("IS") are left to the resolver."""
        patterns: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        for actor in self.actors.values():
            for alias in actor.all_names():
                variants = {alias, alias[:1].upper() + alias[1:]}
                if alias.lower().startswith("the "):
                    variants.add(alias[4:])
                for text in variants:
                    if len(text) < 2 or (text, actor.id) in seen:
                        continue
                    seen.add((text, actor.id))
                    patterns.append({"label": actor.ner_label, "pattern": text, "id": actor.id})
        return patterns


def choose_entry(entries: list[AliasEntry], day: date | None) -> AliasEntry | None:
    """Among alias entries of possibly different actors, the one valid on ``day``: an
    entry whose dated name covers the day, else an undated one, else the first."""
    if not entries:
        return None
    if day is not None:
        for e in entries:
            if e.dated is not None and e.dated.covers(day):
                return e
    undated = [e for e in entries if e.dated is None]
    return (undated or entries)[0]


def _merge(target: dict[str, dict[str, Any]], entry: dict[str, Any], source: str) -> None:
    """Add ``entry`` by id, or update the known entry field by field (lists are extended)."""
    if not isinstance(entry, dict) or "id" not in entry:
        raise ValueError(f"{source}: every entry needs an 'id' (got {entry!r})")
    key = str(entry["id"])
    if key not in target:
        if "name" not in entry:
            raise ValueError(f"{source}: new entry {key!r} needs a 'name'")
        target[key] = {**entry, "_source": source}
        return
    known = target[key]
    for name, value in entry.items():
        if name in _LIST_FIELDS and isinstance(value, list) and not entry.get("replace_lists"):
            known[name] = list(known.get(name) or []) + [v for v in value if v not in (known.get(name) or [])]
        else:
            known[name] = value
    known["_source"] = f"{known.get('_source', '')}+{source}"
