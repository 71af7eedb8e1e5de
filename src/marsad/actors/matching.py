"""Candidate actor mentions found in a spaCy Doc: dictionary names, generic agents and
states. Each candidate carries its token span, what it resolves to and why; overlaps are
settled later by :func:`select` (longest span first, then the more specific method)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marsad.actors.kb import (
    ARMED_SECTORS,
    CIVILIAN_SECTORS,
    STATE_SECTORS,
    ActorKB,
    AgentSense,
    KBState,
    choose_entry,
)
from marsad.actors.normalize import actor_key, alias_words
from marsad.nlp.memo import LastDocMemo

# methods, most specific first: a tie in length goes to the lower rank
METHOD_RANK = {
    "dictionary": 0,
    "alias": 0,
    "coalition": 0,
    "former_name": 0,
    "generic": 1,
    "state": 2,
    "fuzzy": 3,
    "phoenix": 3,
    "surname": 3,
    "ner": 4,
}

# prepositions after which a state name is a place, not an actor
LOCATIVE_PREPS = {
    "in",
    "into",
    "inside",
    "within",
    "across",
    "throughout",
    "near",
    "at",
    "through",
    "around",
    "toward",
    "towards",
    "from",
    "of",
    "between",
    "over",
    "under",
    "outside",
    "beyond",
    "along",
    "via",
}
MOTION_VERBS = {
    "go",
    "move",
    "send",
    "travel",
    "return",
    "flee",
    "deploy",
    "arrive",
    "transport",
    "cross",
    "head",
    "extend",
    "expand",
    "smuggle",
    "fly",
    "drive",
    "march",
    "export",
    "ship",
    "come",
    "bring",
    "take",
}
SPEECH_VERBS = {
    "say",
    "announce",
    "deny",
    "accuse",
    "warn",
    "claim",
    "condemn",
    "state",
    "declare",
    "urge",
    "reject",
    "demand",
    "threaten",
    "insist",
    "confirm",
    "call",
}
PLACE_NOUNS = {
    "border",
    "area",
    "region",
    "territory",
    "side",
    "city",
    "town",
    "province",
    "frontier",
    "road",
    "highway",
    "crossing",
    "village",
    "district",
    "front",
    "line",
    "desert",
    "countryside",
}
ACTOR_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "agent", "pobj", "appos", "conj", "ROOT", "attr"}


@dataclass
class Candidate:
    """A token span that may be an actor mention."""

    start: int  # token index
    end: int  # token index, exclusive
    actor_id: str
    method: str
    reason: str
    kind: str | None = None
    sector: str | None = None
    country: str | None = None
    name: str | None = None
    score: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rank(self) -> int:
        return METHOD_RANK.get(self.method, 5)


# the matchers ask for the words of token windows tens of thousands of times a document
_MEMO = LastDocMemo()


def _words_per_token(sdoc: Any) -> list[tuple[str, ...]]:
    """The normalised words of each token of ``sdoc``, read once per document."""
    return _MEMO.get(sdoc, "words", lambda: [() if tok.is_space else alias_words(tok.text) for tok in sdoc])


def token_words(sdoc: Any) -> list[tuple[str, int]]:
    """The normalised words of the doc with the token each comes from (hyphens dropped)."""
    return [(w, i) for i, words in enumerate(_words_per_token(sdoc)) for w in words]


# parts of speech no name has: in a sentence in capitals, "IS" the verb is no Islamic State
FUNCTION_POS = frozenset(["AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART"])


def _function_word_in_capitals(sdoc: Any, t0: int, t1: int) -> bool:
    """A one-word match that the parse reads as a function word, in a sentence in capitals,
    where the case says nothing: "THE ARMY IS CONDUCTING…", "LET US SAY"."""
    tok = sdoc[t0]
    return t1 - t0 == 1 and tok.pos_ in FUNCTION_POS and not any(c.islower() for c in tok.sent.text)


def _case_ok(sdoc: Any, t0: int, t1: int, alias: str, exact: bool) -> bool:
    text = sdoc[t0:t1].text
    if exact:
        return not _function_word_in_capitals(sdoc, t0, t1) and text.replace(" ", "") == alias.replace(
            " ", ""
        )
    if t1 - t0 == 1 and alias[:1].isupper():
        tok = sdoc[t0]
        return tok.text[:1].isupper()
    return True


def find_named(sdoc: Any, kb: ActorKB, day: date | None) -> list[Candidate]:
    """Dictionary aliases, longest first at each position."""
    words = token_words(sdoc)
    out: list[Candidate] = []
    i = 0
    n_words = len(words)
    while i < n_words:
        found = None
        # only as many words as the longest alias beginning with this one: most words begin none
        for n in range(min(kb.longest_alias_from(words[i][0]), n_words - i), 0, -1):
            key = tuple(w for w, _ in words[i : i + n])
            entries = kb.aliases_for(key)
            if not entries:
                continue
            t0, t1 = words[i][1], words[i + n - 1][1] + 1
            # the match must start and end on token boundaries
            if (i > 0 and words[i - 1][1] == t0) or (i + n < n_words and words[i + n][1] == t1 - 1):
                continue
            ok = [e for e in entries if _case_ok(sdoc, t0, t1, e.alias, e.exact_case)]
            entry = choose_entry(ok, day)
            if entry is None:
                continue
            actor = kb.actors[entry.actor_id]
            if entry.dated is not None and day is not None and not entry.dated.covers(day):
                method = "former_name"
                reason = (
                    f"'{entry.alias}' is a name of {actor.id} valid {entry.dated.period()}; "
                    f"on {day.isoformat()} it is called '{actor.name_on(day)}'"
                )
            elif entry.alias == actor.name or (entry.dated and entry.alias == entry.dated.name):
                method = "dictionary"
                reason = f"dictionary name of {actor.id} ({actor.source or 'actors.yaml'})"
            else:
                method = "alias"
                reason = f"'{entry.alias}' is an alias of {actor.id}"
            found = Candidate(
                t0, t1, actor.id, method, reason, actor.kind, actor.sector, actor.country, actor.name_on(day)
            )
            i += n
            break
        if found is not None:
            out.append(found)
        else:
            i += 1
    return out


def _words_of(sdoc: Any, t0: int, t1: int) -> tuple[str, ...]:
    return tuple(w for words in _words_per_token(sdoc)[t0:t1] for w in words)


def nationality_left_of(sdoc: Any, kb: ActorKB, t: int) -> tuple[int, KBState | None, str | None, str]:
    """Look left of token ``t`` (exclusive) for a nationality: a demonym ("Iraqi"), a state
    name, a possessive ("Iraq's") or an identity adjective ("Kurdish"), skipping up to two
    modifiers. Returns (new start token, state, identity code, reason)."""
    j = t - 1
    skipped = 0
    while j >= 0 and skipped <= 2:
        tok = sdoc[j]
        if tok.is_punct and tok.text not in ("'s", "’s"):
            break
        possessive = tok.text in ("'s", "’s", "'", "’")
        end = j if possessive else j + 1
        for n in (3, 2, 1):
            s0 = end - n
            if s0 < 0 or not sdoc[s0].text[:1].isalnum():
                continue
            words = _words_of(sdoc, s0, end)
            state = kb.state_by_demonym(words) if not possessive else None
            how = "demonym"
            if state is None:
                state = kb.state_by_name(words)
                how = "possessive" if possessive else "state name"
            if state is None and not possessive:
                state = kb.state_by_capital(words)
                how = "capital"
            if state is not None:
                return s0, state, None, f"{how} '{sdoc[s0:end].text}' → {state.id}"
        low = tok.lower_
        if low in kb.identity_adjectives:
            return j, None, kb.identity_adjectives[low], f"identity adjective '{tok.text}'"
        if (
            possessive
            or tok.pos_ not in ("ADJ", "NOUN", "PROPN")
            or tok.dep_ not in ("amod", "compound", "nmod")
        ):
            break
        j -= 1
        skipped += 1
    return t, None, None, ""


def nationality_right_of(
    sdoc: Any, kb: ActorKB, t: int, located: bool = False
) -> tuple[int, KBState | None, str]:
    """ "the government of Italy", "diplomats from Poland": a state named in an "of"/"from"
    phrase right after an agent noun at token ``t - 1``. With ``located`` (non-state agents:
    "rebels in Darfur", "opposition groups in Zimbabwe") an "in" phrase counts too; state
    organs do not take it ("troops in Syria" are not Syria's). Returns (new end token, state,
    reason)."""
    preps = ("of", "from", "in") if located else ("of", "from")
    if t >= len(sdoc) or sdoc[t].lower_ not in preps:
        return t, None, ""
    j = t + 1
    if j < len(sdoc) and sdoc[j].lower_ == "the":
        j += 1
    for n in (4, 3, 2, 1):
        if j + n > len(sdoc) or not sdoc[j].text[:1].isupper() or not sdoc[j + n - 1].text[:1].isalnum():
            continue
        state = kb.state_by_name(_words_of(sdoc, j, j + n))
        if state is not None and not (j + n < len(sdoc) and sdoc[j + n].text in ("'s", "’s")):
            # "in Sudan" stays outside the span: it is also where the agent is (a place)
            end = t if sdoc[t].lower_ == "in" else j + n
            return end, state, f"'{sdoc[t].text} {sdoc[j : j + n].text}' → {state.id}"
    return t, None, ""


def coordinated_nationalities(
    sdoc: Any, kb: ActorKB, start: int, sense: AgentSense, noun: str
) -> list[Candidate]:
    """ "Hungarian and Romanian officials", "French, German and Italian troops": each demonym
    coordinated before the one that opens an agent phrase at ``start`` is an agent of its own."""
    out: list[Candidate] = []
    j = start
    while j >= 2 and sdoc[j - 1].lower_ in ("and", ",", "or", "&"):
        k = j - 1
        if sdoc[k].lower_ in ("and", "or") and k > 0 and sdoc[k - 1].text == ",":
            k -= 1
        found = None
        for n in (2, 1):
            s0 = k - n
            if s0 < 0 or not sdoc[s0].text[:1].isalnum():
                continue
            state = kb.state_by_demonym(_words_of(sdoc, s0, k))
            if state is not None:
                found = (s0, state)
                break
        if found is None:
            break
        s0, state = found
        reason = (
            f"generic agent '{noun}' → sector {sense.sector}; demonym '{sdoc[s0:k].text}' → {state.id}, "
            f"coordinated with the nationality of '{noun}'"
        )
        out.append(
            Candidate(
                s0,
                k,
                generic_id(sense, state, None),
                "generic",
                reason,
                sense.kind,
                sense.sector,
                state.id,
                extra={"sense": sense, "identity": None},
            )
        )
        j = s0
    return out


def generic_id(sense: AgentSense, state: KBState | None, identity: str | None) -> str:
    if state is not None:
        return f"{state.id}_{sense.code}"
    if identity is not None and identity != sense.code:
        return f"{identity}_{sense.code}"
    return f"gen:{sense.code}"


# nouns for a body of the agent that modifies them: "a police party", "an army patrol", "CRPF
# jawans" are the police, the army, the CRPF (not a party, not a patrol)
GROUP_NOUNS = frozenset(
    [
        "party",
        "parties",
        "team",
        "teams",
        "patrol",
        "patrols",
        "contingent",
        "contingents",
        "squad",
        "squads",
        "convoy",
        "convoys",
        "column",
        "columns",
        "detachment",
        "detachments",
        "personnel",
        "jawans",
        "men",
        "cadres",
        "force",
        "forces",
        "department",
        "departments",
        "unit",
        "units",
        "service",
    ]
)


def find_agents(sdoc: Any, kb: ActorKB) -> list[Candidate]:
    """Generic agents ("gunmen", "Iraqi army", "Iraq's Sunnis", "Iraqis")."""
    out: list[Candidate] = []
    for tok in sdoc:
        if tok.pos_ not in ("NOUN", "PROPN") and tok.tag_ not in ("NNS", "NNPS", "NN", "NNP"):
            continue
        nxt = tok.nbor(1) if tok.i + 1 < len(sdoc) else None
        if (
            nxt is not None
            and nxt.pos_ in ("NOUN", "PROPN")
            and tok.dep_ == "compound"
            and tok.head.i > tok.i
            and not (tok.head.lower_ in GROUP_NOUNS and tok.head.text.islower())  # not "Democratic Party"
        ):
            continue  # "army base", "police station": a modifier, not the agent ("a police party" is)
        if nxt is not None and nxt.text in ("-", "‐") and not tok.whitespace_:
            continue  # "hostage-takers": the first half of a hyphenated word
        people_state = kb.state_by_people(_words_of(sdoc, tok.i, tok.i + 1))
        if people_state is not None:
            out.append(
                Candidate(
                    tok.i,
                    tok.i + 1,
                    f"{people_state.id}_CVL",
                    "generic",
                    f"'{tok.text}' names the people of {people_state.name}",
                    "civilians",
                    "CVL",
                    people_state.id,
                )
            )
            continue
        for n in range(min(kb.max_agent_len, tok.i + 1), 0, -1):
            t0 = tok.i - n + 1
            if not sdoc[t0].text[:1].isalnum():
                continue  # a window may not start on punctuation (". Rebels")
            sense = kb.agent(_words_of(sdoc, t0, tok.i + 1))
            if n == 1:
                t0, sense = _member_of_agent(sdoc, kb, t0, tok, sense)
            if sense is None:
                continue
            start, state, identity, why = nationality_left_of(sdoc, kb, t0)
            end = tok.i + 1
            from_place = state is None and identity is None
            if from_place:
                end, state, why = nationality_right_of(sdoc, kb, tok.i + 1, located=not sense.state)
            agent_id = generic_id(sense, state, identity)
            if state is None:
                while start > 0 and sdoc[start - 1].pos_ == "ADJ" and sdoc[start - 1].dep_ == "amod":
                    start -= 1
            noun = sdoc[t0 : tok.i + 1].text
            reason = f"generic agent '{noun}' → sector {sense.sector}" + (
                f"; {why}" if why else "; no nationality"
            )
            out.append(
                Candidate(
                    start,
                    end,
                    agent_id,
                    "generic",
                    reason,
                    sense.kind,
                    sense.sector,
                    state.id if state else None,
                    extra={
                        "sense": sense,
                        "identity": identity,
                        "country_from": "place" if from_place else "name",
                    },
                )
            )
            if state is not None:
                out += coordinated_nationalities(sdoc, kb, start, sense, noun)
            break
    return out


def _member_of_agent(
    sdoc: Any, kb: ActorKB, t0: int, tok: Any, sense: AgentSense | None
) -> tuple[int, AgentSense | None]:
    """A role noun after another agent noun is a person of that agent: "the gang leader" is
    CRM, "a militia commander" UAF, "the police chief" COP (not the GOV of "leader", the MIL
    of "commander"), as CAMEO codes the organisation a person speaks or acts for."""
    if t0 == 0 or (kb.role(_words_of(sdoc, t0, tok.i + 1)) or kb.role((tok.lemma_.lower(),))) is None:
        return t0, sense
    prev = sdoc[t0 - 1]
    if prev.pos_ not in ("NOUN", "PROPN") or prev.head.i != tok.i:
        return t0, sense
    outer = kb.agent(_words_of(sdoc, t0 - 1, t0))
    if outer is None or outer.kind == "identity_group" or (sense and outer.sector == sense.sector):
        return t0, sense
    return t0 - 1, outer


def _climb(tok: Any) -> Any:
    """From a conjunct or apposition to the head it hangs on."""
    seen = 0
    while tok.dep_ in ("conj", "appos") and tok.head is not tok and seen < 6:
        tok = tok.head
        seen += 1
    return tok


def state_is_actor(sdoc: Any, t0: int, t1: int) -> tuple[bool, str]:
    """Whether a state name at tokens [t0, t1) acts as an actor (subject, object, ...) rather
    than as a place ("in Syria") or a modifier ("Syria's eastern region")."""
    head = sdoc[t1 - 1]
    for tok in sdoc[t0:t1]:
        if tok.head.i < t0 or tok.head.i >= t1:
            head = tok
            break
    if head.dep_ == "poss" or (t1 < len(sdoc) and sdoc[t1].text in ("'s", "’s")):
        return False, "possessive of a non-agent noun"
    if head.dep_ in ("compound", "amod", "nmod", "npadvmod"):
        return False, "modifier of another noun"
    prep = _left_preposition(sdoc, t0)
    if prep is not None:
        return False, f"after the locative preposition '{prep.text}'"
    base = _climb(head)
    if base.dep_ == "pobj" and base.head.head.lemma_ in PLACE_NOUNS:
        return False, f"a place related to '{base.head.head.text}'"
    if base.dep_ == "pobj":
        prep = base.head
        if prep.lower_ in LOCATIVE_PREPS:
            return False, f"object of the locative preposition '{prep.text}'"
        if prep.lower_ == "to" and prep.head.lemma_ in MOTION_VERBS:
            return False, f"destination of '{prep.head.text}'"
        return True, f"object of '{prep.text}'"
    if base.dep_ not in ACTOR_DEPS:
        return False, f"syntactic role '{base.dep_}' is not an actor's"
    if base.dep_ == "ROOT" and base.pos_ not in ("NOUN", "PROPN"):
        return False, "not a noun phrase"
    return True, f"{base.dep_} of '{base.head.text}'"


def _left_preposition(sdoc: Any, t0: int) -> Any:
    """A locative preposition a few tokens left of ``t0`` across determiners, conjunctions,
    commas and words like "both countries" ("in both countries, Syria and Iraq")."""
    j = t0 - 1
    steps = 0
    while j >= 0 and steps < 8:
        tok = sdoc[j]
        if tok.pos_ == "ADP":
            return tok if tok.lower_ in LOCATIVE_PREPS else None
        if (
            tok.pos_ in ("DET", "CCONJ", "PUNCT", "NUM", "SPACE")
            or tok.lower_ in ("both", "either", "neither")
            or tok.lemma_ in ("country", "nation", "state")
            or tok.ent_type_ in ("GPE", "LOC")
        ):
            j -= 1
            steps += 1
            continue
        return None
    return None


def find_states(sdoc: Any, kb: ActorKB) -> list[Candidate]:
    """State names used as actors ("Jordan and Britain agreed"), and capitals used for the
    government only as the subject of a speech verb ("Damascus said")."""
    out: list[Candidate] = []
    words = token_words(sdoc)
    i = 0
    while i < len(words):
        hit = None
        for n in range(min(5, kb.longest_state_name_from(words[i][0]), len(words) - i), 0, -1):
            key = tuple(w for w, _ in words[i : i + n])
            state = kb.state_by_name(key)
            t0, t1 = words[i][1], words[i + n - 1][1] + 1
            if state is None or not sdoc[t0].text[:1].isupper():
                continue
            if _needs_exact(state, sdoc[t0:t1].text) or _function_word_in_capitals(sdoc, t0, t1):
                continue
            ok, why = state_is_actor(sdoc, t0, t1)
            if ok:
                hit = Candidate(
                    t0,
                    t1,
                    state.id,
                    "state",
                    f"the state {state.name} as an actor ({why})",
                    "state",
                    None,
                    state.id,
                    state.name,
                )
            i += n - 1
            break
        if hit is None:
            hit = _capital_metonym(sdoc, kb, words[i][1])
        if hit is not None:
            out.append(hit)
        i += 1
    return out


def _needs_exact(state: KBState, text: str) -> bool:
    """Acronym names ("US", "UK") only count when written in capitals."""
    short = [a for a in [state.name, *state.aliases] if len(a.replace(".", "")) <= 3]
    return bool(short) and text.lower() == text


def _capital_metonym(sdoc: Any, kb: ActorKB, t: int) -> Candidate | None:
    tok = sdoc[t]
    if tok.dep_ != "nsubj" or tok.head.lemma_ not in SPEECH_VERBS:
        return None
    for state in kb.states.values():
        if tok.text in state.capital_metonyms:
            return Candidate(
                t,
                t + 1,
                f"{state.id}_GOV",
                "state",
                f"capital '{tok.text}' as subject of '{tok.head.text}' stands for the government",
                "government",
                "GOV",
                state.id,
            )
    return None


STANCE_PREFIXES = frozenset(["pro", "anti"])


def without_stance_names(sdoc: Any, cands: list[Candidate]) -> list[Candidate]:
    """The candidates but names after "pro-" or "anti-": such a name only says whom an agent is
    for or against ("anti-Hamas militias", "pro-Hezbollah Syrian militias"), it is no mention
    of that body, and the agent's noun names no members of it."""

    def after_stance(start: int) -> bool:
        before = [t.lower_ for t in sdoc[max(0, start - 2) : start]]
        if before and before[-1] == "-":
            before = before[:-1]
        return bool(before) and before[-1] in STANCE_PREFIXES

    return [c for c in cands if c.method == "generic" or not after_stance(c.start)]


def agents_after_names(sdoc: Any, agents: list[Candidate], named: list[Candidate]) -> list[Candidate]:
    """A generic agent that took a name before its noun as one of its adjectives ("Daesh
    militants", the parse reading "Daesh" as an adjective) starts after the name: the noun then
    names the body's members (:func:`drop_member_nouns`), not an actor of its own."""
    names = [n for n in named if n.rank == 0 and n.kind != "person"]
    for c in agents:
        inside = [n for n in names if c.method == "generic" and c.start <= n.start and n.end < c.end]
        if inside:
            c.start = max(n.end for n in inside)
    return agents


def drop_member_nouns(sdoc: Any, cands: list[Candidate]) -> list[Candidate]:
    """Drop a generic agent right after a named organisation ("ISIS fighters", "an ISIS
    official"): the noun names members of that organisation, not a separate actor (an armed or
    state agent after a civilian body's name never does: "Daily Excelsior Militants")."""
    named_at = {
        c.end: c
        for c in cands
        if c.rank == 0 or (c.method in ("ner", "phoenix") and c.kind not in ("person", "group"))
    }
    out = []
    for c in cands:
        # a country the agent took from a place after it makes it no less the named body's
        # members ("ISIL militants in Syria"); a nationality of its own does ("Pro-Hezbollah
        # Syrian militias")
        if c.method == "generic" and (c.country is None or c.extra.get("country_from") == "place"):
            k = c.start - (1 if c.start > 0 and sdoc[c.start - 1].text in ("'s", "’s") else 0)
            named = named_at.get(k)
            # in text without full stops "… reports Daily Excelsior Militants also fired …" starts a
            # sentence: a civilian body has no armed or state members
            armed = c.sector in STATE_SECTORS or c.sector in ARMED_SECTORS
            if named is not None and not (named.sector in CIVILIAN_SECTORS and armed):
                continue
        out.append(c)
    return out


def select(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: longest span first, then the more specific method."""
    chosen: list[Candidate] = []
    taken: set[int] = set()
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.rank, c.start)):
        span = set(range(c.start, c.end))
        if span & taken:
            continue
        chosen.append(c)
        taken |= span
    return sorted(chosen, key=lambda c: c.start)


ALLIANCE_WORDS = {"Alliance", "Coalition", "Front", "Axis", "Bloc"}


def find_coalitions(sdoc: Any, kb: ActorKB, named: list[Candidate], day: date | None) -> list[Candidate]:
    """ "Hezbollah-Badr Alliance", "Golani and Awakenings Alliance": two named actors joined by
    a hyphen, 'and' or '&' and followed by Alliance/Coalition/Front → a coalition of the two
    (a person stands for the organisation they lead)."""
    out = []
    ordered = sorted(named, key=lambda c: c.start)
    for a, b in zip(ordered, ordered[1:], strict=False):
        between = sdoc[a.end : b.start].text.strip().lower()
        if between not in ("-", "and", "&") or b.end >= len(sdoc) or sdoc[b.end].text not in ALLIANCE_WORDS:
            continue
        members = [coalition_member(kb, c.actor_id, c.kind, day) for c in (a, b)]
        out.append(coalition_candidate(a.start, b.end + 1, sdoc[a.start : b.end + 1].text, members))
    return out


def coalition_member(kb: ActorKB, actor_id: str, kind: str | None, day: date | None) -> str:
    """The organisation a coalition member stands for (a person stands for the group they lead)."""
    member = kb.affiliation(actor_id, day) if kind == "person" else actor_id
    return member or actor_id


def coalition_candidate(start: int, end: int, text: str, members: list[str]) -> Candidate:
    """A coalition named in the text, kept as an unknown actor linked to its members."""
    return Candidate(
        start,
        end,
        f"unk:{actor_key(text)}",
        "coalition",
        f"'{text}' names an alliance of {' and '.join(members)}",
        "coalition",
        None,
        None,
        text,
        0.7,
        extra={"members": members, "ner_label": "ORG"},
    )


ALLIANCE_RE = re.compile(
    r"^(?P<a>.+?)(?:\s*-\s*|\s+and\s+|\s*&\s*)(?P<b>.+?)\s+(?P<w>Alliance|Coalition|Front|Axis|Bloc)$"
)
