"""The registered actors component: resolves every actor mention of a document.

Input: ``doc.spacy_doc`` (a spaCy Doc over ``doc.text``), ``doc.zones`` (only coded zones are
read) and ``doc.date`` (chooses among date-bounded names). Services:
``ActorResolver(*, actor_kb: ActorKB, gazetteer: Gazetteer | None = None, nlp: Language | None = None)``
— the gazetteer for the place rules (places named in descriptions, namesakes), the spaCy model for
its common-word tables; without them those rules are off.

Output:

* ``doc.actor_mentions`` — every mention, ordered by offset: dictionary actors (method
  ``dictionary``/``alias``/``former_name``/``fuzzy``), state sectors and generic agents
  (``generic``: "Iraqi army" → IRQ_MIL, "gunmen" → gen:UAF, "Iraq's Sunnis" → IRQ_SUNNI),
  states acting ("Jordan agreed" → JOR, ``state``), coalitions named in text (``coalition``),
  persons (``ner``/``surname``), unknown named actors (``ner``, id ``unk:<key>``) and
  coreferent mentions (``coref``: "the latter", "the group", "He", "the two parties" → one
  mention per referent on the same span); each with a reason;
  The span of a mention is the whole noun phrase (determiners, numbers, titles, nationality,
  possessor, member noun, parenthesised acronym; see :mod:`marsad.actors.spans`), and a person's
  title and nationality give its CAMEO sector and country;
* ``doc.actors`` — one :class:`marsad.model.Actor` per distinct id with merged mentions (the
  matched names, plus member names nested in a coalition name: "Golani" in "Golani-Awakenings
  Alliance" for NUSRA, which Golani leads) and aliases, ``roles`` of persons (role, organisation, place, status, evidence) and ``members``
  of coalitions; ``known=False`` for actors not in the dictionary.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from marsad import registry
from marsad.actors.aliases import is_alias
from marsad.actors.context import (
    apply_country_possessive,
    apply_document_country,
    apply_namesakes,
    document_country,
)
from marsad.actors.coref import bind_descriptions, resolve_coref
from marsad.actors.describe import (
    DIVISION_WORDS,
    MAX_PHRASE_WORDS,
    ORGANISATION_PREPOSITIONS,
    PlaceCountry,
    PlaceName,
    any_place_country,
    describe,
    place_country,
    place_name,
)
from marsad.actors.kb import ActorKB, AgentSense
from marsad.actors.matching import (
    ALLIANCE_RE,
    LOCATIVE_PREPS,
    Candidate,
    agents_after_names,
    coalition_candidate,
    coalition_member,
    drop_member_nouns,
    find_agents,
    find_coalitions,
    find_named,
    find_states,
    select,
    without_stance_names,
)
from marsad.actors.normalize import actor_key, alias_words
from marsad.actors.orgnames import organisation_names
from marsad.actors.persons import find_roles, identified_as
from marsad.actors.spans import Extent, extend_spans
from marsad.model import Actor, ActorMention, Document, Span
from marsad.nlp.truecase import cased_view, common_words, is_common

if TYPE_CHECKING:
    from spacy.language import Language

    from marsad.places.gazetteer import Gazetteer

NER_KINDS = {"PERSON": "person", "ORG": "organization", "NORP": "group"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
_NOT_ACTOR = re.compile(r"^[\d\W]+$")
# weapons and platforms written as acronyms, which the recogniser tags as organisations
# (CENTCOM's "destroyed a VBIED, a UAV and an RPG launcher"): things, never actors
_WEAPONS = frozenset(
    ["ied", "ieds", "vbied", "vbieds", "svbied", "svbieds", "pbied", "uav", "uavs", "rpg", "rpgs", "manpads",
     "apc", "apcs", "atgm", "atgms", "mlrs", "ugv"]
)  # fmt: skip
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
# "M23", "SPLA-IO", "FDLR-FOCA", "G5": a code-like name is a group, never a place
_CODE_LIKE = re.compile(r"^(?:[A-Z]{1,6}-?\d{1,3}|[A-Z]{2,}(?:-[A-Z]{2,})+)$")


@registry.register("actors", "marsad.actor_resolver", "1.9")
class ActorResolver:
    """Fills ``doc.actor_mentions`` and ``doc.actors`` (see the module docstring)."""

    def __init__(
        self,
        *,
        actor_kb: ActorKB,
        gazetteer: Gazetteer | None = None,
        nlp: Language | None = None,
        fuzzy_threshold: float = 90.0,
    ) -> None:
        self.kb = actor_kb
        self.fuzzy_threshold = fuzzy_threshold
        self._gazetteer = gazetteer
        self._nlp = nlp
        self._places: PlaceCountry | None = None
        self._cue_places: PlaceCountry | None = None
        self._place_names: PlaceName | None = None
        self._common: frozenset[str] | None = None

    # ------------------------------------------------------------------ optional services
    def gazetteer(self) -> Gazetteer | None:
        """The places gazetteer (None when there is none, as in tests that build the stage from
        the dictionary alone: the place rules are off)."""
        return self._gazetteer

    def places(self) -> PlaceCountry | None:
        if self._places is None and self.gazetteer() is not None:
            self._places = place_country(self.gazetteer(), self.kb)
        return self._places

    def cue_places(self) -> PlaceCountry | None:
        """Place → ISO3 for the document's state: notable places first, then any populated
        place or division whose namesakes all lie in one country (:func:`any_place_country`)."""
        if self._cue_places is None and self.gazetteer() is not None:
            self._cue_places = any_place_country(self.gazetteer(), self.kb)
        return self._cue_places

    def place_names(self) -> PlaceName | None:
        """Name → whether the gazetteer knows it as a place (:func:`place_name`)."""
        if self._place_names is None and self.gazetteer() is not None:
            self._place_names = place_name(self.gazetteer())
        return self._place_names

    def common_words(self) -> frozenset[str]:
        """English common words (:func:`marsad.nlp.truecase.common_words` of the spaCy model;
        none without one): in an all-capitals sentence an entity made only of
        them is not a name."""
        if self._common is None:
            self._common = common_words(self._nlp) if self._nlp is not None else frozenset()
        return self._common

    # ------------------------------------------------------------------ main
    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy_doc
        if sdoc is None:
            doc.warnings.append("actors: no spaCy analysis (doc.spacy_doc is None); no actors resolved")
            return doc
        # a text in lower case is read on its mixed-case copy (names are found by their case);
        # every mention's text is then the document's own
        sdoc = cased_view(sdoc) or sdoc
        coded = doc.coded_zones()

        def is_coded(offset: int) -> bool:
            return any(z.start <= offset < z.end for z in coded)

        day = doc.date
        named = without_stance_names(sdoc, find_named(sdoc, self.kb, day))
        base = select(
            named
            + find_coalitions(sdoc, self.kb, named, day)
            + agents_after_names(sdoc, find_agents(sdoc, self.kb), named)
            + find_states(sdoc, self.kb)
        )
        ner = without_stance_names(sdoc, self._ner_candidates(sdoc, base, day))
        mentions = drop_member_nouns(sdoc, select(base + ner))
        mentions = [m for m in mentions if is_coded(sdoc[m.start].idx)]
        apply_namesakes(sdoc, mentions, {s.id: s.name for s in self.kb.states.values()})
        apply_country_possessive(sdoc, mentions)
        self._link_surnames(sdoc, mentions)
        mentions = sorted(mentions + bind_descriptions(sdoc, mentions, is_coded), key=lambda m: m.start)
        roles = find_roles(sdoc, self.kb, mentions)
        coref = resolve_coref(sdoc, mentions, is_coded, lambda m: self._affiliation(m, roles, mentions, day))
        roles = _unique_roles(
            roles + find_roles(sdoc, self.kb, sorted(mentions + coref, key=lambda m: m.start))
        )
        every = sorted(mentions + coref, key=lambda m: (m.start, m.end))
        extents, absorbed = extend_spans(sdoc, self.kb, every)
        every = [m for m in every if id(m) not in absorbed]
        for m in every:
            ext = extents.get(id(m))
            if ext is not None and ext.why and m.kind == "person":
                # the title in the text says more than Phoenix's default code for the name
                told = m.method == "phoenix" and (ext.sector or ext.country)
                m.sector = (ext.sector or m.sector) if told else (m.sector or ext.sector)
                m.country = (ext.country or m.country) if told else (m.country or ext.country)
                m.reason += f"; {ext.why}"
        self._describe(sdoc, every, extents, day)
        self._appositions(sdoc, every, day)
        chosen = document_country(sdoc, every, self.cue_places(), self._state_named)
        apply_document_country(sdoc, every, chosen)
        apply_document_country(sdoc, _title_organisations(roles, every), chosen)
        self._local_names(sdoc, every, day)
        _sectors_from_roles(every, roles)
        _share_person_sectors(every)
        doc.actor_mentions = [self._to_mention(sdoc, m, extents.get(id(m))) for m in every]
        doc.actors = self._actors(doc, every, roles, day)
        if sdoc is not doc.spacy_doc:
            for mention in doc.actor_mentions:
                mention.text = doc.text[mention.start : mention.end]
        return doc

    def _local_names(self, sdoc: Any, mentions: list[Candidate], day: date | None) -> None:
        """A bare generic agent word that, in its country, names one actor ("the congress" in
        a document about India → the Indian National Congress, not a legislature; "the Maoists"
        → the CPI (Maoist), from its founding in 2004; the ``local_words`` of the dictionary):
        only the word itself, with no nationality, on a day the actor existed."""
        for m in mentions:
            if m.method != "generic" or m.country is None:
                continue
            words = [t.lower_ for t in sdoc[m.start : m.end] if t.pos_ != "DET" and not t.is_punct]
            actor = self.kb.local_actor(m.country, words[0]) if len(words) == 1 else None
            if actor is None or (day is not None and not actor.existed_on(day)):
                continue
            m.actor_id, m.name, m.kind, m.sector = actor.id, actor.name, actor.kind, actor.sector
            m.reason += f"; in a document about {m.country}, '{words[0]}' is {actor.name} ({actor.id})"

    # ------------------------------------------------------------------ NER leftovers
    def _ner_candidates(self, sdoc: Any, base: list[Candidate], day: date | None) -> list[Candidate]:
        taken = {i for c in base for i in range(c.start, c.end)}
        out: list[Candidate] = []
        for start, end in self._titled_names(sdoc, taken):
            cand = self._resolve_name(sdoc[start:end].text, start, end, "PERSON", day)
            if cand is not None:
                cand.reason += f"; a name after the title '{sdoc[start - 1].text}' is a person"
                out.append(cand)
                taken.update(range(start, end))
        for start, end in organisation_names(sdoc, taken):
            if self._a_division(sdoc[start:end]):
                continue
            cand = self._resolve_name(sdoc[start:end].text, start, end, "ORG", day)
            if cand is not None:
                cand.reason += (
                    f"; a run of capitalised words ending on '{sdoc[end - 1].text}' names an organisation"
                )
                out.append(cand)
                taken.update(range(start, end))
        countries: set[str] | None = None
        for ent in sdoc.ents:
            label = ent.label_
            code_like = bool(_CODE_LIKE.match(ent.text))
            if label in ("GPE", "LOC") and code_like and not self.kb.state_by_name(alias_words(ent.text)):
                label = "ORG"  # "M23 seized the town": a code-like name is a group, never a place
            if label not in NER_KINDS or any(i in taken for i in range(ent.start, ent.end)):
                continue
            start = ent.start + (1 if ent[0].lower_ in ("the", "a", "an") else 0)
            end = ent.end - (1 if ent[-1].text in ("'s", "’s") else 0)
            if end <= start:
                continue
            span = sdoc[start:end]
            text = span.text
            why_not = self._not_an_actor(sdoc, span, label) or self._common_in_capitals(span)
            if why_not:
                continue
            cand = self._resolve_name(text, start, end, label, day)
            if cand is not None and cand.method == "ner" and label != "PERSON" and not code_like:
                # a name no dictionary knows: a town the recogniser took for an organisation?
                acronym = text.isupper() and " " not in text and any(c.islower() for c in span.sent.text)
                if not acronym:
                    if countries is None:
                        countries = self._document_countries(sdoc, base)
                    if self._a_place(text, countries):
                        continue
            if cand is not None:
                if label != ent.label_:
                    cand.reason += f"; the code-like name '{text}' is a group, not a place ({ent.label_})"
                out.append(cand)
                taken.update(range(start, end))
        return out + _surnames_not_places(sdoc, base + out, taken)

    def _common_in_capitals(self, span: Any) -> str:
        """In an all-capitals sentence (wire copy such as MUC-4) the entity recogniser reads
        common words as names ("ELECTIONS", "INDIRECT CONTACTS"): an entity whose every word
        is an English common word is not one."""
        if any(c.islower() for c in span.sent.text):
            return ""
        common = self.common_words()
        words = [t.lower_ for t in span if t.is_alpha and not t.is_stop]
        if not common or not words:
            return ""
        if not all(is_common(w, common) for w in words):
            return ""
        return "an all-capitals sentence: only common words, not a name"

    def _document_countries(self, sdoc: Any, found: list[Candidate]) -> set[str]:
        """ISO alpha-2 codes of the states the document names (states, nationalities and
        the countries of the actors found)."""
        out = {c.country for c in found if c.country}
        for ent in sdoc.ents:
            if ent.label_ in ("GPE", "NORP"):
                words = alias_words(ent.text)
                state = self.kb.state_by_name(words) or self.kb.state_by_demonym(words)
                if state is not None:
                    out.add(state.id)
        return {s.alpha2 for c in out if (s := self.kb.states.get(c)) is not None and s.alpha2}

    def _a_place(self, text: str, countries: set[str]) -> str:
        """Why an organisation-labelled name no dictionary knows is a place: the gazetteer
        knows it exactly as a notable place (capital, province or its seat, 100,000 people or
        more: "El Fasher", "Tartus"), or, for a name of several words, as a town or district
        of a state the document names (a one-word name may be a surname: "Uribe")."""
        gaz = self.gazetteer()
        if gaz is None or len(text) < 3:
            return ""
        try:
            cands = gaz.lookup(text, fuzzy=False)
        except Exception:  # noqa: BLE001 - a broken gazetteer must not stop the actors stage
            return ""
        from marsad.places.normalize import name_key

        several = " " in text.strip()
        for c in cands:
            if c.is_country or c.feature_class not in ("P", "A"):
                continue
            if not several and name_key(c.name) != name_key(text):
                continue  # "Scott" is an other name of Scott County, not the place's name
            if c.feature_code in ("PPLC", "PPLA", "ADM1") or c.population >= 100_000:
                return f"a notable place in the gazetteer ({c.name}, {c.feature_code})"
            if several and c.country_code in countries:
                return f"a place of {c.country_code} in the gazetteer ({c.name}, {c.feature_code})"
        return ""

    def _titled_names(self, sdoc: Any, taken: set[int]) -> list[tuple[int, int]]:
        """A first and last name right after a capitalised person title that the entity
        recogniser read (partly) as a place ("Prime Minister Rodrigo Vargas" with "Vargas" a
        GPE from the gazetteer's patterns): token spans of names to take as persons."""
        out: list[tuple[int, int]] = []
        titled = [tok.is_title for tok in sdoc]  # a title's last word and a name word both are title-case
        i = 1
        while i < len(sdoc):
            if not (titled[i - 1] and titled[i]):
                i += 1
                continue
            if not self._title_ends_at(sdoc, i - 1) or not self._name_word(sdoc[i], taken):
                i += 1
                continue
            j = i
            while j < len(sdoc) and j - i < 4 and self._name_word(sdoc[j], taken):
                j += 1
            words = alias_words(sdoc[i:j].text)
            labels = {sdoc[k].ent_type_ for k in range(i, j)}
            if (
                j - i >= 2
                and labels & PLACE_LABELS
                and labels <= PLACE_LABELS | {""}
                and not (self.kb.state_by_name(words) or self.kb.state_by_demonym(words))
            ):
                out.append((i, j))
            i = j
        return out

    def _title_ends_at(self, sdoc: Any, t: int) -> bool:
        for n in (1, 2, 3):
            if t - n + 1 < 0:
                break
            toks = sdoc[t - n + 1 : t + 1]
            if not all(tok.is_title for tok in toks):
                break
            words = alias_words(toks.text)
            sense = self.kb.agent(words)
            if self.kb.role(words) is not None or (
                sense is not None and sense.kind == "government" and n == 1 and toks[0].tag_ == "NNP"
            ):
                return True
        return False

    def _name_word(self, tok: Any, taken: set[int]) -> bool:
        return (
            tok.i not in taken
            and tok.pos_ == "PROPN"
            and tok.is_title
            and tok.ent_type_ not in ("DATE", "TIME")
            and self.kb.role((tok.lower_,)) is None
            and self.kb.agent((tok.lower_,)) is None
        )

    def _a_division(self, span: Any) -> bool:
        """Whether a name is a place: one the gazetteer knows whole, or a division's name ("Kurram
        Agency", "Antioquia Department") after a locative preposition or made of a known place."""
        known = self.place_names()
        if known is not None and known(span.text):
            return True
        if span[-1].lower_ not in DIVISION_WORDS:
            return False
        k = span.start - 1
        while k >= 0 and span.doc[k].lower_ == "the":
            k -= 1
        located = k >= 0 and span.doc[k].lower_ in LOCATIVE_PREPS | {"in"}
        return located or (known is not None and known(span[:-1].text))

    def _not_an_actor(self, sdoc: Any, span: Any, label: str) -> str:
        """Why an NER entity is not taken as an actor ('' when it may be one)."""
        text = span.text
        if _NOT_ACTOR.match(text) or not any(c.isupper() for c in text):
            return "no capitalised name"
        words = alias_words(text)
        if " ".join(words) in _WEAPONS:
            return "a weapon or platform, not an actor"
        if self.kb.state_by_demonym(words) or self.kb.state_by_name(words):
            return "a nationality or state word, handled by the generic/state rules"
        if label == "NORP" and not (text.endswith("s") or span[-1].tag_ in ("NNPS", "NNS")):
            return "a singular NORP is an adjective or a mislabelled place"
        before = sdoc[span.start - 1] if span.start > 0 else None
        if label == "PERSON" and before is not None and before.lower_ in LOCATIVE_PREPS | {"in", "to"}:
            return "a 'person' after a locative preposition is a place"
        sent = span.sent
        if re.search(r"\b(?:photo|photograph|picture)\s+(?:by|credit)", sent.text, re.I):
            return "a photo credit"
        return "in a quoted title" if _in_longer_quote(sent, span) else ""

    def _resolve_name(
        self, text: str, start: int, end: int, label: str, day: date | None
    ) -> Candidate | None:
        """A name the dictionary matcher missed: exact alias, coalition, fuzzy, else unknown."""
        hit = self.kb.lookup(text, day)
        if hit is not None:
            actor, entry = hit
            return Candidate(
                start,
                end,
                actor.id,
                "alias",
                f"'{text}' is an alias of {actor.id}",
                actor.kind,
                actor.sector,
                actor.country,
                actor.name_on(day),
            )
        coalition = self._coalition(text, start, end, day)
        if coalition is not None:
            return coalition
        if label != "NORP" or len(text) > 8:
            fuzzy = self.kb.fuzzy(text, self.fuzzy_threshold)
            if fuzzy is not None:
                actor, entry, score = fuzzy
                return Candidate(
                    start,
                    end,
                    actor.id,
                    "fuzzy",
                    f"'{text}' is a spelling variant of '{entry.alias}' ({actor.id}, similarity {score:.0f}%)",
                    actor.kind,
                    actor.sector,
                    actor.country,
                    actor.name_on(day),
                    round(score / 100, 3),
                )
        world = self._world_name(text, start, end, label, day)
        if world is not None:
            return world
        key = actor_key(text)
        if not key:
            return None
        kind = NER_KINDS[label]
        return Candidate(
            start,
            end,
            f"unk:{key}",
            "ner",
            f"not in the actor dictionary; kept as a new {kind} from NER label {label}",
            kind,
            None,
            None,
            _LEADING.sub("", text),
            0.5,
            extra={"ner_label": label},
        )

    def _world_name(self, text: str, start: int, end: int, label: str, day: date | None) -> Candidate | None:
        """A name the curated dictionary lacks, found in the Phoenix index: its country and
        sector are those of the CAMEO code valid on ``day`` (a minister, then a former one)."""
        if label == "NORP":
            return None  # nationalities and communities are the generic rules' business
        if label == "PERSON" and len(actor_key(text).split()) < 2:
            return None  # one name ("Hassan") is many people; the surname rules link it instead
        actor = self.kb.lookup_world(text, day, person=label == "PERSON")
        if actor is None:
            return None
        kind = "person" if label == "PERSON" else actor.kind
        when = f" on {day.isoformat()}" if day else ""
        return Candidate(
            start,
            end,
            actor.id,
            "phoenix",
            f"'{text}' is in the Phoenix dictionary ({actor.source}): {actor.name}, "
            f"{actor.sector or 'no sector'} of {actor.country or 'no state'}{when}",
            kind,
            actor.sector,
            actor.country,
            actor.name,
            0.8,
        )

    def _coalition(self, text: str, start: int, end: int, day: date | None) -> Candidate | None:
        """ "X-Y Alliance" / "X and Y Coalition": a coalition whose members are X and Y."""
        m = ALLIANCE_RE.match(text)
        if m is None:
            return None
        members: list[str] = []
        for part in (m.group("a"), m.group("b")):
            hit = self.kb.lookup(part.strip(), day)
            if hit is None:
                return None
            actor = hit[0]
            members.append(coalition_member(self.kb, actor.id, actor.kind, day))
        return coalition_candidate(start, end, text, members)

    def _link_surnames(self, sdoc: Any, mentions: list[Candidate]) -> None:
        """ "Qahtani" after "Abu Maria al-Qahtani": the same (unknown) person."""
        persons: list[Candidate] = []
        for m in mentions:
            key = actor_key(sdoc[m.start : m.end].text)
            if m.kind != "person" and not (m.method == "ner" and len(key.split()) == 1):
                continue
            if m.method == "ner" and len(key.split()) == 1:
                full = next(
                    (p for p in reversed(persons) if actor_key(p.name or "").split()[-1:] == [key]), None
                )
                if full is not None:
                    m.actor_id, m.name, m.method, m.score, m.kind = (
                        full.actor_id,
                        full.name,
                        "surname",
                        0.8,
                        "person",
                    )
                    m.reason = f"'{sdoc[m.start : m.end].text}' is the surname of '{full.name}' named earlier"
                    continue
            if m.kind == "person":
                persons.append(m)

    def _affiliation(
        self, m: Candidate, roles: list[dict[str, Any]], mentions: list[Candidate], day: date | None
    ) -> Candidate | None:
        """The organisation a person mention stands for (for "the two parties")."""
        if m.kind != "person":
            return None
        org_id = next(
            (r["organization"] for r in roles if r["person"] == m.actor_id and r["status"] == "current"), None
        )
        org_id = org_id or self.kb.affiliation(m.actor_id, day)
        if org_id is None:
            return None
        org = next((c for c in mentions if c.actor_id == org_id), None)
        if org is not None:
            return org
        actor = self.kb.get(org_id)
        if actor is None:
            return None
        return Candidate(
            m.start, m.end, actor.id, "coref", "", actor.kind, actor.sector, actor.country, actor.name_on(day)
        )

    def _state_named(self, text: str) -> str | None:
        words = alias_words(text)
        state = self.kb.state_by_name(words) or self.kb.state_by_capital(words)
        return state.id if state is not None else None

    def _describe(
        self, sdoc: Any, every: list[Candidate], extents: dict[int, Extent], day: date | None
    ) -> None:
        """Descriptions read the way NGEC/PETRARCH agents are (:mod:`marsad.actors.describe`):
        an unknown organisation mention gets the country and sector its words give ("the
        Kenyan Interior Ministry's task force"); an agent with no nationality gets the country
        of a place in its noun phrase ("a Lagos police unit" → NGA) and "pro-government"
        makes a militia PRM. Method ``description`` for the unknown ones, with the reason."""
        places = self.places()
        for m in every:
            if m.method not in ("ner", "generic") or m.kind == "person":
                continue
            ext = extents.get(id(m))
            if ext is not None and m.method == "ner" and _of_phrase(sdoc, ext.start, m.start):
                ext = None  # "president of the X Association": the role is no word of X's
            text = sdoc[ext.start : ext.end].text if ext is not None else sdoc[m.start : m.end].text
            # the parse's words are in mixed case (a text in lower case is read on its cased
            # view); a text in capitals keeps its own, which says nothing of names
            d = describe(text, self.kb, day, places, in_mixed_case=True)
            if d is None and m.method == "ner" and ext is not None and ext.start < m.start:
                # "Mexican newspaper El Universal": the words before the name classify it
                d = describe(sdoc[ext.start : m.start].text, self.kb, day, places, in_mixed_case=True)
            if d is None:
                continue
            if m.method == "ner" and m.actor_id.startswith("unk:"):
                m.sector, m.country, m.method = d.sector, d.country, "description"
                if d.state and d.country:
                    m.actor_id, m.name = f"{d.country}_{d.sector}", None
                m.reason += f"; {d.reason}"
            elif m.method == "generic" and m.actor_id.startswith("gen:"):
                prm = d.sector == "PRM" and m.sector in ("UAF", "REB")
                if not prm and (d.country is None or m.country is not None):
                    continue
                sector = "PRM" if prm else m.sector
                country = m.country or d.country
                m.sector, m.country = sector, country
                sense = m.extra.get("sense")
                code = "PRM" if prm or sense is None else sense.code
                m.actor_id = f"{country}_{code}" if country else f"gen:{code}"
                m.name = "Pro-government militia" if prm and not country else None
                m.reason += f"; {d.reason}"

    def _appositions(self, sdoc: Any, every: list[Candidate], day: date | None) -> None:
        """A person no dictionary knows and no title codes takes the sector (and nationality)
        of a noun phrase in apposition, as NGEC reads appositives: after the name ("Ramon
        Estrada, head of the chamber of commerce" → BUS; "X, a judge in the capital" → JUD) or
        before it ("two school students, X and Y" → EDU, the agent mention's sector). A
        phrase with no agent word ("a taxi driver", "45") gives nothing."""
        places = self.places()
        agents = {i: c for c in every if c.kind != "person" and c.sector for i in range(c.start, c.end)}
        for m in every:
            if m.kind != "person" or m.method not in ("ner", "surname") or m.sector is not None:
                continue  # a pronoun is not the name the apposition follows
            found = self._apposition(sdoc, m, agents, day, places)
            if found is not None:
                m.sector, country, phrase, why = found
                m.country = m.country or country
                m.reason += f"; {why}"

    def _apposition(
        self, sdoc: Any, m: Candidate, agents: dict[int, Candidate], day: date | None, places: Any
    ) -> tuple[str, str | None, str, str] | None:
        """(sector, country, phrase, why) of what an apposition, a copula or a naming verb says
        person ``m`` is, or None."""
        root = sdoc[m.start : m.end].root
        after = [c for c in root.children if c.dep_ == "appos" and c.i >= m.end]
        for appos in after + _copula_attributes(root):
            head = sdoc[appos.left_edge.i : appos.i + 1]  # "a judge" of "a judge in the capital"
            whole = sdoc[appos.left_edge.i : appos.right_edge.i + 1]
            # the organisation decides for a person of it ("head of X"), never a place's words
            of = appos.i + 1 < len(sdoc) and sdoc[appos.i + 1].lower_ in ORGANISATION_PREPOSITIONS
            for phrase in (whole, head) if of and len(whole) <= MAX_PHRASE_WORDS else (head,):
                d = describe(phrase.text, self.kb, day, places, in_mixed_case=True)
                if d is not None:
                    how = "as the copula says" if appos.dep_ == "attr" else "in apposition"
                    return d.sector, d.country, phrase.text, f"{how} '{phrase.text}': {d.reason}"
        tok = root
        while tok.dep_ == "conj" and tok.head.i < tok.i:  # "students, X and Y": Y as X
            tok = tok.head
        appositive = tok.dep_ == "appos" and tok.head.i < m.start
        described = tok.head if appositive else identified_as(tok)
        agent = agents.get(described.i) if described is not None else None
        if agent is None or agent.sector is None:
            return None
        phrase = sdoc[agent.start : agent.end].text
        how = "in apposition to" if appositive else "named as one of"
        return agent.sector, agent.country, phrase, f"{how} the agent '{phrase}' ({agent.sector})"

    # ------------------------------------------------------------------ output
    def _to_mention(self, sdoc: Any, m: Candidate, ext: Extent | None = None) -> ActorMention:
        """The public mention; its span is the whole noun phrase when ``ext`` widened it."""
        reason = m.reason
        if ext is not None and (ext.start, ext.end) != (m.start, m.end):
            span = sdoc[ext.start : ext.end]
            reason += f"; span widened from '{sdoc[m.start : m.end].text}' to the noun phrase"
        else:
            span = sdoc[m.start : m.end]
        return ActorMention(
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            actor_id=m.actor_id,
            name=m.name or self._generic_name(m),
            kind=m.kind,
            sector=m.sector,
            country=m.country,
            method=m.method,
            reason=reason,
            score=m.score,
        )

    def _sense(self, m: Candidate) -> AgentSense | None:
        """The agent sense of a generic mention; a state organ that descriptions or the
        document's state coded ``{country}_{sector}`` takes its sector's, so that it is named
        and coded as the sector's agents are ("Government of Pakistan", not "PAK_GOV")."""
        sense: AgentSense | None = m.extra.get("sense")
        if sense is None and m.sector and m.actor_id == f"{m.country}_{m.sector}":
            sense = self.kb.sector_senses.get(m.sector)
        return sense

    def _generic_name(self, m: Candidate) -> str:
        sense = self._sense(m)
        known = self.kb.get(m.actor_id)
        if known is not None:
            m.name = known.name
            return known.name
        state = self.kb.states.get(m.country or "")
        if sense is None:
            return m.actor_id
        if sense.kind == "identity_group":
            label = sense.code.title()
            return f"{label} ({state.name})" if state else label
        template = sense.acled or sense.code
        if state is not None:
            return template.format(country=state.name)
        identity = m.extra.get("identity")
        label = re.sub(r"\s*(?:of\s+)?\(?\{country\}\)?", "", template)
        return f"{label} ({identity.title()})" if identity else label

    def _actors(
        self, doc: Document, mentions: list[Candidate], roles: list[dict[str, Any]], day: date | None
    ) -> list[Actor]:
        """Document-level actors, one per id, in order of first mention."""
        by_id: dict[str, Actor] = {}
        sdoc = doc.spacy_doc
        for m in mentions:
            span = sdoc[m.start : m.end]
            actor = by_id.get(m.actor_id)
            if actor is None:
                actor = self._new_actor(m, day)
                by_id[m.actor_id] = actor
            actor.mentions.append(Span(span.text, span.start_char, span.end_char))
            if span.text not in actor.aliases and m.method != "coref" and is_alias(span.text):
                actor.aliases.append(span.text)
        self._coalition_members(doc, mentions, by_id, day)
        final = {(m.start, m.end): m.actor_id for m in mentions}
        for role in roles:
            person = by_id.get(role["person"])
            if person is None:
                continue
            nested = role["organization_candidate"]
            org = final.get(role["organization_tokens"], nested.actor_id)
            if (nested.start, nested.end) not in final:
                # named inside the person's title ("Honduran President X"): the organisation is
                # named there too, with a mention nested in the person's, and is an actor
                if org not in by_id:
                    by_id[org] = self._new_actor(nested, day)
                span = sdoc[nested.start : nested.end]
                inside = Span(span.text, span.start_char, span.end_char)
                if inside not in by_id[org].mentions:
                    by_id[org].mentions.append(inside)
            kept = {
                k: v
                for k, v in role.items()
                if k not in ("person", "organization_tokens", "organization_candidate")
            }
            kept["organization"] = org if org in by_id else role["organization"]
            if kept not in person.roles:
                person.roles.append(kept)
        return list(by_id.values())

    def _coalition_members(
        self, doc: Document, mentions: list[Candidate], by_id: dict[str, Actor], day: date | None
    ) -> None:
        """A coalition name built from member names ("Golani-Awakenings Alliance") contributes
        its parts as mentions of the member actors: "Awakenings" → AWAKENINGS, and "Golani" (a
        leader's name standing for his group) → the group he leads on ``day``. The nested
        mentions go to ``Actor.mentions``/``aliases`` only, not to ``doc.actor_mentions``."""
        sdoc = doc.spacy_doc
        for m in mentions:
            if m.kind != "coalition" or m.method == "coref":
                continue
            span = sdoc[m.start : m.end]
            coalition = by_id.get(m.actor_id)
            known = self.kb.get(m.actor_id)
            members = set(coalition.members if coalition else []) | set(known.members if known else [])
            for text, start in coalition_parts(span.text):
                hit = self.kb.lookup(text, day)
                if hit is None:
                    continue
                part = hit[0]
                member = self.kb.affiliation(part.id, day) if part.kind == "person" else part.id
                if member is None or member not in members:
                    continue
                how = (
                    f"'{text}' ({part.name}, who leads or belongs to {member}) stands for {member}"
                    if part.kind == "person"
                    else f"'{text}' is an alias of {member}"
                )
                actor = by_id.get(member)
                if actor is None:
                    cand = Candidate(m.start, m.end, member, "coalition_member", "", part.kind, None, None)
                    known_member = self.kb.get(member)
                    if known_member is None:
                        continue
                    cand.kind, cand.sector, cand.country = (
                        known_member.kind,
                        known_member.sector,
                        known_member.country,
                    )
                    cand.reason = f"{how} inside the coalition name '{span.text}'"
                    actor = self._new_actor(cand, day)
                    by_id[member] = actor
                c0 = span.start_char + start
                mention = Span(text, c0, c0 + len(text))
                if mention not in actor.mentions:
                    actor.mentions.append(mention)
                    actor.mentions.sort(key=lambda s: s.start)
                if text not in actor.aliases:
                    actor.aliases.append(text)

    def _new_actor(self, m: Candidate, day: date | None) -> Actor:
        known = self.kb.get(m.actor_id)
        if known is not None:
            dated = m.method == "phoenix"  # a Phoenix person's sector depends on the day
            return Actor(
                id=known.id,
                name=known.name_on(day),
                kind=m.kind if dated else known.kind,
                sector=m.sector if dated else known.sector,
                country=m.country if dated else known.country,
                wikidata=known.wikidata,
                acled_name=known.acled_name,
                acled_inter=known.acled_inter,
                known=True,
                ner_label=known.ner_label,
                members=list(known.members),
                reason=m.reason,
            )
        sense = self._sense(m)
        if sense is not None or m.method == "state" or m.actor_id in self.kb.states:
            state = self.kb.states.get(m.country or "")
            acled = sense.acled.format(country=state.name) if sense and sense.acled and state else None
            return Actor(
                id=m.actor_id,
                name=m.name or self._generic_name(m),
                kind=m.kind,
                sector=m.sector,
                country=m.country,
                acled_name=acled,
                acled_inter=sense.inter if sense else None,
                known=True,
                reason=m.reason,
            )
        return Actor(
            id=m.actor_id,
            name=m.name or m.actor_id,
            kind=m.kind,
            sector=m.sector,
            country=m.country,
            known=False,
            ner_label=m.extra.get("ner_label"),
            members=list(m.extra.get("members", [])),
            reason=m.reason,
        )


def _surnames_not_places(sdoc: Any, found: list[Candidate], taken: set[int]) -> list[Candidate]:
    """A lone word that is the surname of a person named before ("Senator Jackson Orlando …
    Orlando said"), which the entity recogniser or the gazetteer read as a place: the person,
    unless a locative preposition makes it a place ("in Orlando")."""
    persons = sorted((c for c in found if c.kind == "person"), key=lambda c: c.start)
    surnames = {sdoc[p.end - 1].text for p in persons if p.end - p.start >= 2}
    out: list[Candidate] = []
    if not surnames:
        return out
    for tok in sdoc:
        if (
            tok.text not in surnames
            or tok.i in taken
            or tok.pos_ != "PROPN"
            or not tok.is_title
            or len(tok.text) < 3
        ):
            continue
        if tok.i > 0 and sdoc[tok.i - 1].lower_ in LOCATIVE_PREPS | {"in", "to"}:
            continue
        if tok.i + 1 < len(sdoc) and sdoc[tok.i + 1].pos_ == "PROPN":
            continue  # part of a longer name
        person = next(
            (
                p
                for p in reversed(persons)
                if p.end <= tok.i and p.end - p.start >= 2 and sdoc[p.end - 1].text == tok.text
            ),
            None,
        )
        if person is None:
            continue
        why = f"'{tok.text}' is the surname of '{sdoc[person.start : person.end].text}' named earlier, not a place"
        out.append(
            Candidate(
                tok.i,
                tok.i + 1,
                person.actor_id,
                "surname",
                why,
                "person",
                person.sector,
                person.country,
                person.name,
                0.8,
            )
        )
    return out


_QUOTES = re.compile(r"[“\"]([^”\"]+)[”\"]")


def _in_longer_quote(sent: Any, span: Any) -> bool:
    """Whether ``span`` sits inside a quotation longer than itself ("Enter through the Door")."""
    for q in _QUOTES.finditer(sent.text):
        q0, q1 = sent.start_char + q.start(1), sent.start_char + q.end(1)
        if q0 <= span.start_char and span.end_char <= q1 and (q1 - q0) > len(span.text) + 2:
            return True
    return False


_PART_SEP = re.compile(r"\s*(?:[-‐–&,/]|\band\b)\s*")
_ALLIANCE_TAIL = re.compile(r"\s+(?:Alliance|Coalition|Front|Axis|Bloc)s?$", re.I)
_LEAD_DET = re.compile(r"^(?:the\s+)", re.I)


def coalition_parts(text: str) -> list[tuple[str, int]]:
    """The member names of a coalition name with their offsets in ``text``:
    "Golani-Awakenings Alliance" → [("Golani", 0), ("Awakenings", 7)]; [] when there is
    only one part."""
    core = _ALLIANCE_TAIL.sub("", text)
    lead = _LEAD_DET.match(core)
    base = lead.end() if lead else 0
    parts: list[tuple[str, int]] = []
    pos = base
    for sep in [*_PART_SEP.finditer(core, base), None]:
        end = sep.start() if sep is not None else len(core)
        piece = core[pos:end]
        if piece.strip():
            parts.append((piece.strip(), pos + (len(piece) - len(piece.lstrip()))))
        if sep is not None:
            pos = sep.end()
    return parts if len(parts) >= 2 else []


def _sectors_from_roles(mentions: list[Candidate], roles: list[dict[str, Any]]) -> None:
    """A person whose words gave no sector takes that of the organisation a current role ties
    them to ("X, a pilot for the Medellín Cartel" → CRM; "Liberal Party leader X" → PTY), as
    CAMEO codes a person by the body they act for; the country too when none was found."""
    by_tokens = {(m.start, m.end): m for m in mentions}
    for m in mentions:
        if m.kind != "person" or m.sector is not None:
            continue
        for role in roles:
            if role["person"] != m.actor_id or role["status"] != "current":
                continue
            org = by_tokens.get(role["organization_tokens"], role["organization_candidate"])
            if org.sector is None or org.kind == "person":
                continue
            m.sector, m.country = org.sector, m.country or org.country
            m.reason += f"; {role['role_text'] or role['role']} of {org.actor_id} → {org.sector}"
            break


def _share_person_sectors(mentions: list[Candidate]) -> None:
    """Every mention of a person no dictionary knows takes the one sector its other mentions
    found: "Acioli ruled against the police. … Acioli was the only judge in her district" — the
    surname before the copula is the judge too. Two different sectors leave each as it is."""
    sectors: dict[str, set[str]] = {}
    for m in mentions:
        if m.kind == "person" and m.actor_id.startswith("unk:") and m.sector:
            sectors.setdefault(m.actor_id, set()).add(m.sector)
    for m in mentions:
        found = sectors.get(m.actor_id) if m.kind == "person" and m.sector is None else None
        if found and len(found) == 1:
            m.sector = next(iter(found))
            m.reason += f"; {m.sector}, the sector another mention of the same person gives"


def _title_organisations(roles: list[dict[str, Any]], mentions: list[Candidate]) -> list[Candidate]:
    """The organisations of roles that are no mention of their own (see :func:`find_roles`)."""
    kept = {id(m) for m in mentions}
    return [r["organization_candidate"] for r in roles if id(r["organization_candidate"]) not in kept]


def _unique_roles(roles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for r in roles:
        key = (r["person"], r["organization"], r["role"], r["status"], r["evidence"]["start"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _of_phrase(sdoc: Any, start: int, name: int) -> bool:
    """Whether the name at token ``name`` is the object of an "of" after ``start``'s words ("head
    of the X", "a member of X")."""
    k = name
    while k > start and sdoc[k - 1].lower_ in ("the", "a", "an"):
        k -= 1
    return k > start and sdoc[k - 1].lower_ in ("of", "for", "at")


def _copula_attributes(root: Any) -> list[Any]:
    """What a copula says the name's holder is ("Acioli was reportedly the only judge in her
    district"), read as an apposition is ("Acioli, a judge")."""
    if root.dep_ != "nsubj" or root.head.lemma_ != "be":
        return []
    return [c for c in root.head.children if c.dep_ == "attr" and c.i > root.i]
