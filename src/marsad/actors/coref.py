"""Within-document coreference for the obvious cases: "the latter", "the former", "the
group"/"this organization", "the two parties"/"both sides", "he"/"him"/"she" after a
named person, and "I"/"we" inside a quote whose speaker is named. Each resolved reference becomes a Candidate with ``method="coref"`` and a reason
naming its antecedent; a plural reference yields one candidate per referent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marsad.actors.kb import ARMED_SECTORS, COLLECTIVE_KINDS, ORGANISATION_KINDS
from marsad.actors.matching import Candidate

ORG_NOUNS = {
    "group",
    "organization",
    "organisation",
    "movement",
    "militia",
    "faction",
    "network",
    "outfit",
    "front",
    "alliance",
    "coalition",
}
COALITION_NOUNS = {"alliance", "coalition", "front"}  # "the coalition" refers back to a coalition only
STATE_KINDS = {"state_forces", "government", "state"}
IT_PRONOUNS = {"it", "its", "itself"}
IT_KINDS = COLLECTIVE_KINDS
DUMMY_VERBS = {"seem", "appear", "happen", "matter", "rain", "take", "remain", "become"}
PLURAL_NOUNS = {
    "parties",
    "sides",
    "groups",
    "organizations",
    "organisations",
    "factions",
    "movements",
    "rivals",
}
DEMONSTRATIVES = {"the", "this", "that"}
PRONOUNS = {"he": "subject", "she": "subject", "him": "object", "her": "object"}
MAX_SENTENCES_BACK = 4
NAMED_COREF_METHODS = {"dictionary", "alias", "former_name", "coalition", "phoenix"}
# first persons inside a quote: "I" is the speaker, "we" the body the speaker speaks for
FIRST_PERSON = {"i": "speaker", "me": "speaker", "my": "speaker", "we": "body", "us": "body", "our": "body"}
SPEECH_VERBS = {
    "say",
    "tell",
    "add",
    "state",
    "note",
    "stress",
    "explain",
    "declare",
    "write",
    "warn",
    "insist",
}
QUOTES = {'"', "“", "”"}
ORG_KINDS = ORGANISATION_KINDS


def _antecedents(mentions: list[Candidate], before: int, sdoc: Any) -> list[Candidate]:
    """Resolved mentions ending before token ``before``, latest first, within a few sentences."""
    sent_starts = [s.start for s in sdoc.sents]
    current = max((k for k, s in enumerate(sent_starts) if s <= before), default=0)
    earliest = sent_starts[max(0, current - MAX_SENTENCES_BACK)]
    return [m for m in sorted(mentions, key=lambda m: -m.start) if m.end <= before and m.start >= earliest]


def _make(ante: Candidate, t0: int, t1: int, sdoc: Any, why: str) -> Candidate:
    return Candidate(
        t0,
        t1,
        ante.actor_id,
        "coref",
        f"'{sdoc[t0:t1].text}' {why}: '{sdoc[ante.start : ante.end].text}' ({ante.actor_id})",
        ante.kind,
        ante.sector,
        ante.country,
        ante.name,
        0.8,
    )


def resolve_coref(
    sdoc: Any,
    mentions: list[Candidate],
    is_coded: Callable[[int], bool],
    affiliation: Callable[[Candidate], Candidate | None],
) -> list[Candidate]:
    """Coreferent mentions over ``sdoc`` given the resolved ``mentions`` (persons and
    organisations). ``affiliation`` maps a person mention to its organisation mention (for
    "the two parties"), or returns None."""
    found: list[Candidate] = []
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for tok in sdoc:
        if tok.i in covered or not is_coded(tok.idx):
            continue
        low = tok.lower_
        nxt = tok.nbor(1) if tok.i + 1 < len(sdoc) else None
        pool = mentions + found
        if low == "the" and nxt is not None and nxt.lower_ in ("latter", "former"):
            distinct = _distinct(_antecedents(pool, tok.i, sdoc), org_only=False)
            if nxt.lower_ == "latter" and distinct:
                found.append(_make(distinct[0], tok.i, tok.i + 2, sdoc, "refers to the last-named actor"))
            elif nxt.lower_ == "former" and len(distinct) >= 2:
                found.append(
                    _make(distinct[1], tok.i, tok.i + 2, sdoc, "refers to the first of the last two actors")
                )
        elif low in DEMONSTRATIVES and nxt is not None and nxt.lower_ in ORG_NOUNS and _is_bare_np(nxt):
            # "the coalition" refers to a coalition; "the group" to a non-state organisation
            wanted = {"coalition"} if nxt.lower_ in COALITION_NOUNS else ORG_KINDS - STATE_KINDS
            named = _named_by_noun(sdoc, nxt, pool) if nxt.lower_ in COALITION_NOUNS else None
            ante = named or next(
                (
                    m
                    for m in _antecedents(pool, tok.i, sdoc)
                    if m.kind in wanted and m.method != "coref" and not m.actor_id.startswith("gen:")
                ),
                None,
            )
            if ante is not None:
                found.append(_make(ante, tok.i, tok.i + 2, sdoc, "refers to the last-named organisation"))
        elif (
            low in COALITION_NOUNS and tok.text[0].isupper() and (tok.i == 0 or sdoc[tok.i - 1].pos_ != "DET")
        ):
            # "Coalition advisers": the word capitalised as a name, for the coalition named so
            ante = _named_by_noun(sdoc, tok, pool)
            if ante is not None:
                found.append(_make(ante, tok.i, tok.i + 1, sdoc, "is the name the document gave"))
        elif low in ("the", "both") and nxt is not None and _plural_ref(sdoc, tok.i) is not None:
            end = _plural_ref(sdoc, tok.i)
            assert end is not None
            orgs: list[Candidate] = []
            for m in _antecedents(pool, tok.i, sdoc):
                org = m if m.kind in ORG_KINDS else affiliation(m)
                if (
                    org is not None
                    and org.actor_id not in {o.actor_id for o in orgs}
                    and not org.actor_id.startswith("gen:")
                ):
                    orgs.append(org)
                if len(orgs) == 2:
                    break
            if len(orgs) == 2:
                for org in reversed(orgs):
                    found.append(_make(org, tok.i, end, sdoc, "one of the two last-named parties"))
        elif low in PRONOUNS and tok.pos_ == "PRON":
            ante = _person_antecedent(sdoc, tok, _antecedents(pool, tok.i, sdoc))
            if ante is not None:
                found.append(_make(ante, tok.i, tok.i + 1, sdoc, "refers to the last-named person"))
        elif low in FIRST_PERSON and tok.pos_ in ("PRON", "DET"):
            speaker = _speaker(sdoc, tok, mentions)
            if speaker is not None and FIRST_PERSON[low] == "speaker" and speaker.kind == "person":
                found.append(_make(speaker, tok.i, tok.i + 1, sdoc, "is the speaker of the quote"))
            elif speaker is not None and FIRST_PERSON[low] == "body":
                body = affiliation(speaker) if speaker.kind == "person" else speaker
                if body is not None:
                    found.append(
                        _make(body, tok.i, tok.i + 1, sdoc, "is the body the quote's speaker speaks for")
                    )
        elif low in IT_PRONOUNS and tok.pos_ in ("PRON", "DET") and not _expletive(tok):
            ante = _org_antecedent(sdoc, tok, _antecedents(pool, tok.i, sdoc))
            if ante is not None:
                found.append(
                    _make(
                        ante,
                        tok.i,
                        tok.i + 1,
                        sdoc,
                        "refers to the most recent organisation or state subject",
                    )
                )
    return found


def _speaker(sdoc: Any, pron: Any, mentions: list[Candidate]) -> Candidate | None:
    """The named speaker of the quote ``pron`` stands in: the subject of a verb of saying, outside
    the quote, in the quote's sentence or the one before it where the quote opened ("Votel said,
    "We've been very clear…""). None when ``pron`` is not inside quotation marks."""
    sent = pron.sent
    prev = sdoc[sent.start - 1].sent if sent.start > 0 else None
    for scope in (sent, prev):
        if scope is None:
            return None
        marks = sum(1 for t in sdoc[scope.start : pron.i] if t.text in QUOTES)
        if marks % 2 == 0:  # not inside a quote opened in this scope
            continue
        for verb in scope:
            if verb.lemma_ not in SPEECH_VERBS or verb.pos_ != "VERB":
                continue
            inside = sum(1 for t in sdoc[scope.start : verb.i] if t.text in QUOTES) % 2 == 1
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            for subj in [] if inside else subjects:
                # the subject itself, else a name in its phrase ("a Hamas spokesman": Hamas)
                named = [
                    m for m in mentions if subj.left_edge.i <= m.start and m.end <= subj.right_edge.i + 1
                ]
                named = [m for m in mentions if m.start <= subj.i < m.end] or named
                if named and named[0].method != "coref":
                    return named[0]
        return None
    return None


def _named_by_noun(sdoc: Any, noun: Any, mentions: list[Candidate]) -> Candidate | None:
    """The last actor named earlier in the document by a name holding ``noun``'s word ("the
    coalition" after "the U.S.-led coalition", "Coalition military forces"), not a description."""
    word = noun.lower_
    for m in sorted(mentions, key=lambda m: -m.start):
        if m.end <= noun.i and m.method in NAMED_COREF_METHODS and word in sdoc[m.start : m.end].text.lower():
            return m
    return None


def _expletive(tok: Any) -> bool:
    """ "it is believed that", "it seems", "it was not clear": a dummy subject, not a reference."""
    if tok.lower_ == "its":
        return False
    if tok.dep_ == "expl":
        return True
    head = tok.head
    if head.lemma_ in DUMMY_VERBS:
        return True
    return any(
        c.dep_ in ("ccomp", "xcomp", "acomp", "csubj") and c.i > head.i for c in head.children
    ) and head.lemma_ in ("be", "say", "report", "believe", "expect", "think", "claim", "reveal", "announce")


def _org_antecedent(sdoc: Any, pron: Any, cands: list[Candidate]) -> Candidate | None:
    """The most recent organisation or state mention that is a subject ("ISIS said its
    fighters..."), else the most recent organisation or state mention; never a person or a
    generic agent without nationality."""
    usable = [
        c
        for c in cands
        if c.kind in IT_KINDS
        and not c.actor_id.startswith("gen:")
        and not (c.method == "coref" and sdoc[c.start].lower_ in IT_PRONOUNS)
    ]
    for c in usable:
        head = sdoc[c.start : c.end].root
        while head.dep_ in ("compound", "amod", "conj", "appos") and head.head is not head:
            head = head.head
        if head.dep_ in ("nsubj", "nsubjpass"):
            return c
    return usable[0] if usable else None


def _is_bare_np(noun: Any) -> bool:
    """'the group' alone, not 'the group of soldiers' or 'the group's' modifiers of a longer name."""
    after = noun.nbor(1) if noun.i + 1 < len(noun.doc) else None
    return not (after is not None and (after.lower_ == "of" or after.pos_ in ("PROPN", "NOUN")))


def _plural_ref(sdoc: Any, i: int) -> int | None:
    """End token of 'the two parties' / 'both sides' / 'both parties' starting at ``i``."""
    t1 = sdoc[i + 1] if i + 1 < len(sdoc) else None
    if t1 is None:
        return None
    if sdoc[i].lower_ == "both" and t1.lower_ in PLURAL_NOUNS:
        return i + 2
    if (
        sdoc[i].lower_ == "the"
        and t1.lower_ in ("two", "both")
        and i + 2 < len(sdoc)
        and sdoc[i + 2].lower_ in PLURAL_NOUNS
    ):
        return i + 3
    return None


def _distinct(cands: list[Candidate], org_only: bool) -> list[Candidate]:
    out: list[Candidate] = []
    for c in cands:
        if org_only and c.kind not in ORG_KINDS:
            continue
        if c.actor_id.startswith("gen:") or any(o.actor_id == c.actor_id for o in out):
            continue
        out.append(c)
    return out


def _person_antecedent(sdoc: Any, pron: Any, cands: list[Candidate]) -> Candidate | None:
    """The latest person mention; an object pronoun skips the subject of its own verb."""
    for c in cands:
        if c.kind != "person":
            continue
        if PRONOUNS[pron.lower_] == "object":
            subj = [t for t in pron.head.children if t.dep_ in ("nsubj", "nsubjpass")]
            if any(s.left_edge.i <= c.start and c.end - 1 <= s.right_edge.i for s in subj):
                continue  # "X asked him": him is not X
        return c
    return None


# ---------------------------------------------------------------- descriptive chains
# "the jihadist group", "the militants", "the paramilitary force": a definite description of
# an armed group refers back to the last-named armed group, not to a new generic actor.
ARMED = ARMED_SECTORS | {"MIL"}  # a named force with its own name ("Rapid Support Forces") too
DESCRIPTORS = {
    "armed",
    "extremist",
    "islamist",
    "jihadist",
    "militant",
    "insurgent",
    "rebel",
    "terrorist",
    "separatist",
    "paramilitary",
    "rival",
    "outlawed",
    "banned",
    "al-qaeda-linked",
    "islamic-state-linked",
    "terror",
    "guerrilla",
    "criminal",
    "crime",
    "drug",
    "trafficking",
}
DESCRIBED_NOUNS = ORG_NOUNS - COALITION_NOUNS | {"force", "forces", "outfit", "ring", "cartel", "gang"}
ARMED_PLURALS = {
    "militants",
    "insurgents",
    "jihadists",
    "rebels",
    "extremists",
    "paramilitaries",
    "militiamen",
    "islamists",
    "separatists",
    "terrorists",
}
NAMED_METHODS = {"dictionary", "alias", "former_name", "fuzzy", "phoenix", "ner", "coalition"}


def bind_descriptions(
    sdoc: Any, mentions: list[Candidate], is_coded: Callable[[int], bool]
) -> list[Candidate]:
    """Definite descriptions of an armed group bound to the last-named armed group: a bare
    generic mention ("the militants" → gen:REB) is re-pointed in place, and a description no
    rule found ("the jihadist group", "the paramilitary force") is returned as a new mention."""
    # a generic mention by the token it ends on: "the jihadist group" is one agent noun now
    generic_at = {m.end - 1: m for m in mentions if m.actor_id.startswith("gen:")}
    covered = {i for m in mentions for i in range(m.start, m.end)}
    found: list[Candidate] = []
    for tok in sdoc:
        if tok.lower_ != "the" or not is_coded(tok.idx):
            continue
        head = _description_head(sdoc, tok.i)
        if head is None:
            continue
        paramilitary = any(sdoc[k].lower_ == "paramilitary" for k in range(tok.i, head + 1))
        ante = _armed_antecedent(_antecedents(mentions + found, tok.i, sdoc), paramilitary)
        if ante is None:
            continue
        generic = generic_at.get(head)
        if generic is not None and generic.start >= tok.i and generic.country is None:
            _rebind(generic, ante, sdoc, tok.i, head + 1)
        elif not any(k in covered for k in range(tok.i, head + 1)) and sdoc[head].lower_ in DESCRIBED_NOUNS:
            found.append(_make(ante, tok.i, head + 1, sdoc, "describes the last-named armed group"))
    return found


def _description_head(sdoc: Any, i: int) -> int | None:
    """The head token of "the [descriptors] NOUN" starting at ``i`` when it describes an
    armed group and ends the noun phrase; a group noun needs a descriptor ("the jihadist
    group"; a bare "the group" is resolve_coref's)."""
    k = i + 1
    while k < len(sdoc) and sdoc[k].lower_ in DESCRIPTORS:
        k += 1
    if k >= len(sdoc) or not _is_bare_np(sdoc[k]):
        return None
    word = sdoc[k].lower_
    if word in ARMED_PLURALS or (word in DESCRIBED_NOUNS and k > i + 1):
        return k
    return None


def _armed_antecedent(cands: list[Candidate], paramilitary: bool) -> Candidate | None:
    """The latest named armed group; a state force with its own name ("Rapid Support
    Forces") only for "the paramilitary …", never a state organ such as the army."""
    for c in cands:
        if c.method not in NAMED_METHODS or c.actor_id.startswith("gen:") or c.sector not in ARMED:
            continue
        if c.actor_id == f"{c.country}_{c.sector}":
            continue  # a state organ ("the Sudanese army"), not a group with a name
        if c.kind in STATE_KINDS and not (paramilitary and c.kind == "state_forces"):
            continue
        if c.kind in ORG_KINDS:
            return c
    return None


def _rebind(m: Candidate, ante: Candidate, sdoc: Any, t0: int, t1: int) -> None:
    bound = _make(ante, t0, t1, sdoc, "describes the last-named armed group")
    m.start = t0  # the description, determiner included, is the mention
    m.actor_id, m.method, m.kind, m.sector, m.country, m.name, m.score = (
        bound.actor_id,
        "coref",
        bound.kind,
        bound.sector,
        bound.country,
        bound.name,
        bound.score,
    )
    m.reason = bound.reason
    m.extra.pop("sense", None)
