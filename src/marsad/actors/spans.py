"""Mention spans that cover the whole noun phrase, the way annotators mark actors.

The matcher finds the name or agent noun ("Iraqi army", "Donald Trump", "ISIS"); the span
handed to the events stage (``doc.actor_mentions``) is widened to the noun phrase around it:

* left modifiers of the phrase head — determiners, numbers, adjectives, compounds, titles and
  possessors ("the Iraqi army", "another ethnic Chechen", "US President Donald Trump",
  "Somalia's President Mohamed Farmaajo", "around 20,000 civilians");
* a group name modifying a member noun ("Boko Haram fighters", "ISIS militants");
* a parenthesised acronym right after the name ("Nigerian Air Force (NAF)").

The widening never crosses another actor mention, punctuation other than hyphens and
number commas, a pronoun possessor ("their"), or a place name that is not a state (so the
places stage keeps "Istanbul" in "an Istanbul court").

A person's title and nationality in the widened span give the person the sector and country
CAMEO codes them with ("Israeli Prime Minister Benjamin Netanyahu" → ISR, GOV).

Input: the spaCy Doc, the ActorKB and the selected Candidates. Output: per candidate a
:class:`Extent` (token span, plus title-derived sector/country for persons).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from marsad.actors.kb import STATE_SECTORS, ActorKB
from marsad.actors.matching import GROUP_NOUNS, Candidate, _words_of, nationality_right_of

LEFT_DEPS = {"det", "predet", "amod", "compound", "nummod", "quantmod", "poss", "nmod", "npadvmod", "advmod"}
PRONOUN_POSSESSORS = {"its", "their", "his", "her", "our", "my", "your", "whose"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
MEMBER_DEPS = {"compound", "amod", "nmod"}
FORMER_TITLES = {"former", "ex", "ousted", "deposed", "exiled", "late", "then"}
HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "rep",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "sheikh",
    "sir",
    "madam",
}
QUANTITY_NOUNS = {
    "thousands",
    "hundreds",
    "millions",
    "dozens",
    "scores",
    "tens",
    "hundred",
    "thousand",
    "million",
}
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9.&-]{1,9}$")


@dataclass
class Extent:
    """The widened token span of a mention and what the widening revealed."""

    start: int
    end: int
    sector: str | None = None
    country: str | None = None
    why: str = ""


def phrase_head(sdoc: Any, t0: int, t1: int) -> Any:
    """The token of [t0, t1) whose syntactic head lies outside the span (the last one otherwise)."""
    outside = [t for t in sdoc[t0:t1] if t.head.i < t0 or t.head.i >= t1 or t.head.i == t.i]
    content = [t for t in outside if t.dep_ not in ("det", "predet", "punct", "case")]
    return (content or outside or [sdoc[t1 - 1]])[-1]


def _blocked(sdoc: Any, kb: ActorKB, lo: int, hi: int, taken: set[int]) -> bool:
    """Whether tokens [lo, hi) may not join a mention span."""
    for tok in sdoc[lo:hi]:
        if tok.i in taken or tok.is_space:
            return True
        if tok.is_punct and tok.text not in ("-", "‐", "–", ",", "'s", "’s", "'", "’", "."):
            return True
        if tok.text == "," and not (
            tok.i > 0 and tok.nbor(-1).like_num and tok.i + 1 < len(sdoc) and tok.nbor(1).like_num
        ):
            return True
        if tok.ent_type_ in PLACE_LABELS and not _statelike(sdoc, kb, tok):
            return True
    return False


def _statelike(sdoc: Any, kb: ActorKB, tok: Any) -> bool:
    """A state name or demonym (it names the actor's nationality, not a place of its own)."""
    for n in (1, 2, 3):
        for lo in range(tok.i - n + 1, tok.i + 1):
            hi = lo + n
            if lo < 0 or hi > len(sdoc):
                continue
            words = _words_of(sdoc, lo, hi)
            if kb.state_by_name(words) or kb.state_by_demonym(words):
                return True
    return False


def _extend_left(sdoc: Any, kb: ActorKB, head: Any, t0: int, taken: set[int]) -> int:
    """The new start: left modifiers (before ``t0``) of ``head`` and of the tokens between
    ``t0`` and ``head`` ("Prime Minister" hangs on "Theresa" in "Prime Minister Theresa May"),
    nearest first."""
    start = t0
    owners = [t for t in sdoc[min(t0, head.i) : head.i + 1]]
    lefts = sorted({c.i: c for t in owners for c in t.lefts if c.i < t0}.values(), key=lambda c: c.i)
    for child in reversed(lefts):
        if child.dep_ not in LEFT_DEPS or child.lower_ in PRONOUN_POSSESSORS:
            break
        lo = child.left_edge.i
        if child.right_edge.i + 1 < start and not all(
            sdoc[k].is_space for k in range(child.right_edge.i + 1, start)
        ):
            break  # not adjacent: something else sits between
        if _blocked(sdoc, kb, lo, start, taken):
            break
        start = lo
    return start


def _member_head(sdoc: Any, kb: ActorKB, head: Any, t1: int, taken: set[int]) -> Any:
    """ "ISIS fighters", "a police party": the member or group noun a name modifies, or None."""
    noun = head.head
    if head.dep_ not in MEMBER_DEPS or noun.i < t1 or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    if noun.dep_ == "compound" and noun.head.ent_type_ == "PERSON":
        return None  # "NATO Secretary General Jens Stoltenberg": the title belongs to the person
    words = _words_of(sdoc, noun.i, noun.i + 1)
    group = noun.lower_ in GROUP_NOUNS and noun.text.islower()
    if kb.agent(words) is None and kb.role(words) is None and not group:
        return None
    if _blocked(sdoc, kb, t1, noun.i + 1, taken):
        return None
    return noun


def _acronym_after(sdoc: Any, t1: int, taken: set[int]) -> int:
    """End token after "( ACRONYM )" right after the mention, else ``t1``."""
    if t1 + 2 < len(sdoc) and sdoc[t1].text == "(" and sdoc[t1 + 2].text == ")":
        tok = sdoc[t1 + 1]
        if _ACRONYM.match(tok.text) and tok.i not in taken:
            return t1 + 3
    return t1


def _title_codes(sdoc: Any, kb: ActorKB, lo: int, hi: int) -> tuple[str | None, str | None, str]:
    """Sector and country from titles and nationality words in tokens [lo, hi): "Israeli
    Prime Minister" → GOV, ISR; "rebel leader" → REB; a bare leadership title ("leader",
    "chairman") of a state → GOV, as CAMEO codes heads of state and government."""
    sector = country = None
    why = []
    leadership = False
    i = lo
    while i < hi:
        step = 1
        for n in (3, 2, 1):
            if i + n > hi:
                continue
            words = _words_of(sdoc, i, i + n)
            if not words:
                continue
            state = kb.state_by_demonym(words) or kb.state_by_name(words)
            sense = kb.agent(words)
            role = kb.role(words)
            if state is not None:
                if country is None:
                    country = state.id
                    why.append(f"nationality '{sdoc[i : i + n].text}' → {state.id}")
            elif sense is not None and sense.kind != "identity_group":
                if sector is None or (sector in STATE_SECTORS and sense.sector not in STATE_SECTORS):
                    sector = sense.sector
                    why.append(f"title '{sdoc[i : i + n].text}' → {sense.sector}")
            elif role is not None:
                leadership = leadership or role.leads or role.role in ("minister", "president")
            else:
                continue
            step = n
            break
        i += step
    if sector is None and leadership:
        sector = "GOV"
        why.append("a leadership title → GOV")
    if sector == "GOV" and any(t.lower_.strip("-") in FORMER_TITLES for t in sdoc[lo:hi]):
        sector = "ELI"
        why.append("a former office-holder → ELI (CAMEO elites)")
    return sector, country, "; ".join(why)


def _head_of_of(
    sdoc: Any, kb: ActorKB, t0: int, taken: set[int], owner: dict[int, int], mentions: list[Candidate]
) -> tuple[Any, int | None]:
    """ "the leader of X", "thousands of X": the noun whose "of" phrase the mention at ``t0``
    is, and the id of a generic mention on that noun (without nationality) to absorb."""
    if t0 < 2 or sdoc[t0 - 1].lower_ != "of":
        return None, None
    noun = sdoc[t0 - 1].head
    if noun.i != t0 - 2 or noun.pos_ not in ("NOUN", "PROPN", "NUM") or noun.head.lower_ == "as":
        return None, None  # "resigned as president of Indonesia": a capacity, not the actor
    absorb = None
    if noun.i in taken:
        other = next((c for c in mentions if id(c) == owner.get(noun.i)), None)
        if (
            other is None
            or other.method != "generic"
            or other.country is not None
            or other.start < noun.i - 2
        ):
            return None, None
        absorb = id(other)
    words = _words_of(sdoc, noun.i, noun.i + 1)
    sense = kb.agent(words)
    if (
        noun.lower_ in QUANTITY_NOUNS
        or kb.role(words) is not None
        or (sense is not None and sense.sector in STATE_SECTORS)
    ):
        return noun, absorb
    return None, None


def _title_before(sdoc: Any, kb: ActorKB, person: Candidate, mentions: list[Candidate]) -> Candidate | None:
    """ "Somalia's President Mohamed Farmaajo": a singular state-office agent right before a
    person; or a role of any agent ("the gang leader X", "rebel commander X")."""
    for g in mentions:
        if g.method != "generic":
            continue
        if g.sector not in STATE_SECTORS and kb.role(_words_of(sdoc, g.end - 1, g.end)) is None:
            continue
        if not (person.start - 4 <= g.end <= person.start):
            continue
        if any(
            t.lower_.rstrip(".") not in HONORIFICS and t.text not in (",", ".")
            for t in sdoc[g.end : person.start]
        ):
            continue
        if sdoc[g.end - 1].tag_ in ("NNS", "NNPS"):
            continue
        if any(t.is_sent_start for t in sdoc[g.end : person.start + 1]):
            continue  # "… against the police. Acioli was …": a sentence's end, no title
        return g
    return None


def extend_spans(sdoc: Any, kb: ActorKB, mentions: list[Candidate]) -> tuple[dict[int, Extent], set[int]]:
    """The widened span of every non-coreferent mention, keyed by ``id(candidate)``, and the
    ids of mentions absorbed into a neighbour (a title before a person's name; an acronym
    mention in parentheses after the name it abbreviates), which the caller drops."""
    owner: dict[int, int] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            owner.setdefault(i, id(m))
    out: dict[int, Extent] = {}
    absorbed: set[int] = set()
    for m in mentions:
        if m.method == "coref" or m.end <= m.start or id(m) in absorbed:
            continue
        t0, t1 = m.start, m.end
        why = ""
        title = _title_before(sdoc, kb, m, mentions) if m.kind == "person" else None
        if title is not None:
            absorbed.add(id(title))
            gone = out.pop(id(title), None)
            t0 = gone.start if gone is not None else title.start
            m.sector, m.country = m.sector or title.sector, m.country or title.country
            why = f"title '{sdoc[title.start : title.end].text}' → {title.sector}" + (
                f", {title.country}" if title.country else ""
            )
        _absorb_acronym(sdoc, m, owner, mentions, absorbed)
        taken = {i for i, who in owner.items() if who != id(m) and who not in absorbed}
        if m.kind == "person":  # a person's title may hold an organisation: "NATO Secretary General X"
            taken -= nested_ok(mentions, owner, absorbed)
        head = phrase_head(sdoc, t0, t1)
        noun = _member_head(sdoc, kb, head, t1, taken) if m.kind != "person" else None
        if noun is not None:
            t1, head = noun.i + 1, noun
        t1 = _acronym_after(sdoc, t1, taken)
        t0 = _extend_left(sdoc, kb, head, t0, taken)
        member_sector = None
        if noun is not None and m.sector in ("IGO", None) and m.country is None:
            sense = kb.agent(_words_of(sdoc, noun.i, noun.i + 1))
            member_sector = sense.sector if sense is not None and sense.state else None
        of_state = None
        if m.kind == "person" and t0 < m.start:
            end, of_state, _why = nationality_right_of(sdoc, kb, t1)
            if of_state is not None and not (set(range(t1, end)) & taken):
                t1 = end
        outer, absorb = (
            _head_of_of(sdoc, kb, t0, taken, owner, mentions) if m.kind != "person" else (None, None)
        )
        if outer is not None:
            if absorb is not None:
                absorbed.add(absorb)
                out.pop(absorb, None)
                taken = {i for i, who in owner.items() if who != id(m) and who not in absorbed}
            t0 = _extend_left(sdoc, kb, outer, outer.i, taken)
        ext = Extent(t0, t1, why=why)
        if member_sector is not None:
            ext.sector, ext.why = (
                member_sector,
                f"members of {m.actor_id} named by '{noun.text}' → {member_sector}",
            )
            m.sector = member_sector
        if m.kind == "person" and t0 < m.start and not why:
            ext.sector, ext.country, ext.why = _title_codes(sdoc, kb, t0, m.start)
            if of_state is not None and ext.country is None:
                ext.country = of_state.id
                ext.why = "; ".join(x for x in (ext.why, f"'of {of_state.name}' → {of_state.id}") if x)
            org = next(
                (
                    c
                    for c in mentions
                    if c.kind != "person"
                    and t0 <= c.start
                    and c.end <= m.start
                    and c.method != "generic"
                    and (c.sector or c.country)
                ),
                None,
            )
            fallback = "a leadership title" in ext.why
            if org is not None and (ext.sector is None or ext.country is None or fallback):
                ext.sector = org.sector if (fallback or ext.sector is None) and org.sector else ext.sector
                ext.country = ext.country or org.country
                ext.why = "; ".join(x for x in (ext.why, f"title names {org.actor_id}") if x)
        if (t0, t1) != (m.start, m.end) or ext.why:
            out[id(m)] = ext
    return out, absorbed


def nested_ok(mentions: list[Candidate], owner: dict[int, int], absorbed: set[int]) -> set[int]:
    """Tokens of organisation mentions, which may sit inside a person's title."""
    orgs = {id(c) for c in mentions if c.kind not in ("person",) and c.method not in ("coref",)}
    return {i for i, who in owner.items() if who in orgs and who not in absorbed}


def _absorb_acronym(
    sdoc: Any, m: Candidate, owner: dict[int, int], mentions: list[Candidate], absorbed: set[int]
) -> None:
    """Let "( NAF )" join the name before it: an acronym mention of the same actor or of an
    unknown one is absorbed (added to ``absorbed``); one of another known actor is not, nor a
    name that is no acronym ("(CPIMaoist)"), which the span is not widened over and so stays
    a mention of its own."""
    t1 = m.end
    if t1 + 2 >= len(sdoc) or sdoc[t1].text != "(" or sdoc[t1 + 2].text != ")":
        return
    if not _ACRONYM.match(sdoc[t1 + 1].text):
        return
    who = owner.get(t1 + 1)
    other = next((c for c in mentions if id(c) == who), None)
    if other is not None and (other.actor_id == m.actor_id or other.actor_id.startswith("unk:")):
        absorbed.add(id(other))
