"""The registered relations component (runs last, after events).

Input: ``doc.spacy_doc``, ``doc.actor_mentions`` and ``doc.actors`` (actors stage),
``doc.places`` (places stage), ``doc.events`` (events stage). Services: none required.

Output:

* ``doc.relations`` — :class:`marsad.model.Relation` (hostile, ally, member_of, leads, linked,
  formerly_member_of) from text patterns ("fighting against", "standing against",
  "confronts", "clashes between X and Y", "X and Y are cooperating", "X-linked Y", person
  roles, coalition membership), from events (ASSAULT/COERCE → hostile, COOPERATE/AGREE → ally,
  with the event's certainty) and inferred through coalitions (hostile to an alliance →
  hostile to its members); deduplicated per (source, target, type), keeping the most certain
  evidence. Symmetric types (hostile, ally) are stored once per unordered pair. The left side
  of a cue is the agent of its clause from the parse (conjoined subjects all count; object
  control: "urged Y to fight Z"; "X assisting Y to defeat Z": both), else the nearest party
  before it; "X … in support of Y … against Z" makes Y hostile to Z (inferred); an event
  relation the same passage's cue contradicts is dropped.
* ``doc.territory`` — :class:`marsad.model.TerritoryClaim` ("controls", "capital",
  "presence", "seized") for "X controls P", "X considers P its capital", "X has a branch in
  P", "X took control of P", "the X-held P" (X a named actor, never another actor of the
  sentence) and territory-taking events (a non-state actor overtaking or a government regaining
  territory), with the place from ``doc.places``. A cue relation inside an accusation ("accused
  Y of backing Z") is hedged: the accuser's claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from marsad import registry
from marsad.actors.kb import ARMED_SECTORS, ORGANISED_SECTORS
from marsad.events.lexicon import load_lexicon
from marsad.model import NON_EVENT_ROLES, ActorMention, Document, Place, Relation, Span, TerritoryClaim
from marsad.nlp.text import span_text

COMPONENT = "marsad.relation_extractor@1.4"
SYMMETRIC = {"hostile", "ally"}
CERTAINTY_RANK = {"asserted": 0, "reported": 1, "hedged": 2, "inferred": 3}

HEDGES = re.compile(
    r"\b(there is information|reportedly|allegedly|it is believed|believed to|likely|may|might|possibly|"
    r"suggests?|rumou?red|unconfirmed|apparently|it seems|could)\b",
    re.I,
)
REPORTED = re.compile(
    r"\b(said|says|according to|claimed|claims|reported|testimony|stated|told|announced)\b", re.I
)

# verbs of fighting, whose objects' whole subtrees are searched for a side ("fought the rebels
# of the FARC in the hills")
CONFRONT_VERBS = frozenset(
    ["fight", "battle", "attack", "confront", "clash", "oppose", "target", "ambush", "shell", "bomb",
     "besiege", "capture", "kill", "expel", "repel", "wage", "raid", "stand", "skirmish", "feud"]
)  # fmt: skip
# guide §13: attacked, threatened, sanctioned, arrested as an enemy, accused or blamed
HOSTILE_VERBS = CONFRONT_VERBS | {
    "kidnap", "abduct", "assassinate", "threaten", "sanction", "accuse", "blame", "dismantle", "defeat",
    "destroy", "combat", "extort", "storm", "overrun", "arrest", "detain",
}  # fmt: skip
# an arrest is hostile only of an armed group's people ("police arrested two Zetas"), not of
# anyone arrested (guide §13)
ARREST_VERBS = frozenset(["arrest", "detain"])
# hostile verbs whose coordinated subjects fight each other: "Hamas and Fatah clashed"
RECIPROCAL_VERBS = frozenset(["clash", "fight", "battle", "skirmish", "feud"])
# guide §13: the sides back, fund, arm or protect one another, or sign an agreement (cooperating,
# allying and partnering are read by _cooperating, ALLY_LEMMAS)
ALLY_VERBS = frozenset(
    ["assist", "support", "help", "aid", "fund", "finance", "bankroll", "arm", "train", "equip", "back",
     "protect", "shelter", "harbor", "harbour", "supply", "hire", "sponsor", "agree", "unite"]
)  # fmt: skip
RECIPROCAL_ALLY_VERBS = frozenset(["agree", "unite"])
ALLY_LEMMAS = {"cooperate", "ally", "coordinate", "collaborate", "cooperation", "alliance", "partner"}
CONFLICT_NOUNS = {
    "clash",
    "clashes",
    "fighting",
    "battle",
    "battles",
    "war",
    "fight",
    "confrontation",
    "confrontations",
    # South Asian and Latin American reporting: "an encounter between SFs and militants",
    # "an exchange of fire between the police and the Maoists"
    "encounter",
    "encounters",
    "fire",
    "gunfight",
    "gunfights",
    "firefight",
    "firefights",
    "shootout",
    "shootouts",
    "skirmish",
    "skirmishes",
    "hostilities",
    "conflict",
    "feud",
    "rivalry",
}
# coded events between two resolved actors: conflict types → hostile, cooperation types → ally
EVENT_HOSTILE = {"ASSAULT", "COERCE", "THREATEN", "ACCUSE", "SANCTION"}
EVENT_ALLY = {"COOPERATE", "AGREE", "AID", "SUPPORT", "CONSULT"}
# verbal cooperation between persons (a meeting, praise) is no alliance of their organisations
EVENT_VERBAL_ALLY = {"AGREE", "SUPPORT", "CONSULT"}
MEMBER_ROLES = {"member_of", "leads", "formerly_member_of"}

TERRITORY_CUES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\bconsiders?\b.*\b(?:its|their|a|the)\s+(?:main\s+|de facto\s+|self-declared\s+)?capital\b",
            re.I,
        ),
        "capital",
    ),
    (
        re.compile(
            r"\b(?:took|take|takes|taking|seized?|seizing|assumed?)\s+(?:full\s+|entire\s+)?control\b", re.I
        ),
        "seized",
    ),
    (re.compile(r"\b(?:captured?|captures|overran|overrun|seized?|seizes|stormed)\b", re.I), "seized"),
    (re.compile(r"\b(?:controls|controlled|controlling|holds|held)\b", re.I), "controls"),
    (
        re.compile(
            r"\b(?:has|have|had|opened|established)\s+(?:a\s+)?(?:branch|branches|presence|base|bases|cells?|headquarters|foothold)\b",
            re.I,
        ),
        "presence",
    ),
]
REFINE = re.compile(r"\b(?:in particular|particularly|especially|notably|namely)\b", re.I)


def sentence_certainty(text: str) -> str:
    """asserted, reported or hedged, from cue words in a sentence."""
    if HEDGES.search(text):
        return "hedged"
    if REPORTED.search(text):
        return "reported"
    return "asserted"


@registry.register("relations", "marsad.relation_extractor", "1.4")
class RelationExtractor:
    """Fills ``doc.relations`` and ``doc.territory`` (see the module docstring). No services:
    ``RelationExtractor()``."""

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy_doc
        found: list[Relation] = []
        found += self._from_roles(doc)
        found += self._from_coalitions(doc)
        from_text = self._from_text(doc, sdoc) if sdoc is not None else []
        found += from_text
        found += _supported_sides(doc, sdoc, from_text)
        found += _uncontradicted(self._from_events(doc), from_text)
        found += _through_coalitions(doc, found)
        doc.relations = dedupe(found)
        doc.territory = self._territory(doc, sdoc) if sdoc is not None else []
        return doc

    # ------------------------------------------------------------------ persons and coalitions
    def _from_roles(self, doc: Document) -> list[Relation]:
        out = []
        for actor in doc.actors:
            for role in actor.roles:
                ev = role.get("evidence") or {}
                span = doc.span(ev.get("start", 0), ev.get("end", 0))
                former = role.get("status") == "former"
                label = role.get("role_text") or role.get("role")
                if role.get("place"):
                    label = f"{label} of {role['place']}"
                rel_type = "formerly_member_of" if former else "member_of"
                out.append(
                    Relation(
                        actor.id,
                        role["organization"],
                        rel_type,
                        span,
                        "asserted",
                        label,
                        reason=role.get("reason", "role apposition"),
                        component=COMPONENT,
                    )
                )
                if role.get("leads") and not former:
                    out.append(
                        Relation(
                            actor.id,
                            role["organization"],
                            "leads",
                            span,
                            "asserted",
                            label,
                            reason=role.get("reason", ""),
                            component=COMPONENT,
                        )
                    )
        return out

    def _from_coalitions(self, doc: Document) -> list[Relation]:
        out = []
        for actor in doc.actors:
            if not actor.members or not actor.mentions:
                continue
            first = actor.mentions[0]
            for member in actor.members:
                out.append(
                    Relation(
                        member,
                        actor.id,
                        "member_of",
                        Span(first.text, first.start, first.end),
                        "asserted",
                        reason=f"'{first.text}' names a coalition whose members include {member}",
                        component=COMPONENT,
                    )
                )
        return out

    # ------------------------------------------------------------------ text patterns
    def _from_text(self, doc: Document, sdoc: Any) -> list[Relation]:
        out: list[Relation] = []
        previous: list[Relation] = []
        for sent in sdoc.sents:
            ms = _mentions_in(doc.actor_mentions, sent.start_char, sent.end_char)
            named = [m for m in ms if m.actor_id and not m.actor_id.startswith("gen:")]
            certainty = sentence_certainty(span_text(sent))
            here: list[Relation] = []
            here += _linked(doc, sent, named)
            # "the al-Qaeda-linked ISIS": a modifier, not a party of the sentence's relations
            named = [m for m in named if not re.match(r"[-‐–][a-z]", doc.text[m.end : m.end + 2])]
            by_token = _token_index(sdoc, named)  # which named mention each token is part of
            here += _against(doc, sdoc, sent, named, by_token, certainty)
            here += _between(doc, sent, named, certainty)
            here += _cooperating(doc, sdoc, sent, named, certainty)
            here += _verb_sides(doc, sent, by_token, certainty, HOSTILE_CUE)
            here += _verb_sides(doc, sent, by_token, certainty, ALLY_CUE)
            here += _also_continuation(doc, sent, named, previous)
            here += _cue_relations(doc, sdoc, sent, named, certainty)
            # units: "the army's 2nd Brigade" counts the generic army too
            here += _units(doc, [m for m in ms if m.actor_id], certainty)
            here += _joint(doc, sent, named, certainty)
            out += here
            previous = here
        return out

    def _from_events(self, doc: Document) -> list[Relation]:
        out = []
        for ev in doc.events:
            if ev.type in EVENT_HOSTILE:
                rel_type = "hostile"
            elif ev.type in EVENT_ALLY:
                rel_type = "ally"
            else:
                continue
            if ev.negated or ev.attributes.get("statement"):
                continue  # "did not attack"; a neutral statement (concern, condolences) is no relation
            if rel_type == "ally" and ev.attributes.get("recipients_from_content"):
                continue  # "agreed to fight ISIS": ISIS is what was agreed on, not a partner
            for a, r in _sides(ev):
                if not a.actor_id or not r.actor_id or a.actor_id == r.actor_id:
                    continue
                if _private_person(a) or _private_person(r):
                    continue  # a victim or suspect is no party: "police arrested X", "rebels shot X"
                if ev.type in EVENT_VERBAL_ALLY and "person" in (a.kind, r.kind):
                    continue
                # violence by a named actor against civilians/"gunmen" is hostility; generic
                # agents on both sides, or generic partners, say nothing about who is allied
                generic = [_generic(a.actor_id), _generic(r.actor_id)]
                if all(generic) or (any(generic) and rel_type == "ally"):
                    continue
                # two names the actors stage could not resolve (ships, bases) sailing or
                # meeting together, or taking part in a named operation, are no alliance
                unresolved = a.actor_id.startswith("unk:") and r.actor_id.startswith("unk:")
                if rel_type == "ally" and (unresolved or _operation(r)):
                    continue
                out.append(
                    Relation(
                        a.actor_id,
                        r.actor_id,
                        rel_type,
                        ev.evidence,
                        ev.certainty,
                        reason=f"{ev.type} event {ev.id} between them",
                        component=COMPONENT,
                    )
                )
        return out

    # ------------------------------------------------------------------ territory
    def _territory(self, doc: Document, sdoc: Any) -> list[TerritoryClaim]:
        out: list[TerritoryClaim] = []
        for sent in sdoc.sents:
            places = [
                p
                for p in doc.places
                if sent.start_char <= p.start < sent.end_char and p.role not in NON_EVENT_ROLES
            ]
            if not places:
                continue
            ms = [
                m
                for m in _mentions_in(doc.actor_mentions, sent.start_char, sent.end_char)
                if m.actor_id and not m.actor_id.startswith("gen:") and m.kind != "person"
            ]
            text = span_text(sent)
            for pattern, claim in TERRITORY_CUES:
                for cue in pattern.finditer(text):
                    c0 = sent.start_char + cue.start()
                    c1 = sent.start_char + cue.end()
                    actor = _holder(doc.text, ms, c0, c1)
                    if actor is None:
                        continue
                    place = _place_for(sent, places, c0, c1, claim)
                    if place is None:
                        continue
                    end = max(place.end, c1)
                    out.append(
                        TerritoryClaim(
                            actor.actor_id,
                            place,
                            claim,
                            doc.span(actor.start, end),
                            sentence_certainty(text),
                            component=COMPONENT,
                        )
                    )
        for ev in doc.events:
            sub = (ev.acled_sub_event_type or "").lower()
            # mode "seize" alone is no territory: goods, persons and medals are seized too
            taken = "overtakes territory" in sub or "regains territory" in sub
            if taken and ev.location is not None and ev.actors and _takes_a_place(doc, sdoc, ev):
                aid = ev.actors[0].actor_id
                if aid and not aid.startswith("gen:"):
                    out.append(
                        TerritoryClaim(
                            aid, ev.location, "seized", ev.evidence, ev.certainty, ev.date, COMPONENT
                        )
                    )
        return _dedupe_territory(out)


# ---------------------------------------------------------------------- pattern helpers
def _private_person(m: ActorMention) -> bool:
    """A person who acts for no organised actor the text or the dictionary names."""
    return m.kind == "person" and m.sector not in ORGANISED_SECTORS


def _sides(ev: Any) -> list[tuple[ActorMention, ActorMention]]:
    """The (actor, recipient) pairs of an event; an armed clash whose sides all came out as
    recipients ("four Maoists were killed in an encounter with the CoBRA") pits them against
    each other, as ACLED's two sides of a clash."""
    pairs = [(a, r) for a in ev.actors for r in ev.recipients]
    if pairs or ev.acled_sub_event_type != "Armed clash":
        return pairs
    named = [m for m in ev.recipients if m.actor_id and not _generic(m.actor_id) and m.sector != "CVL"]
    return [(a, b) for i, a in enumerate(named) for b in named[i + 1 :]]


def _takes_a_place(doc: Document, sdoc: Any, ev: Any) -> bool:
    """Whether what the event's trigger took is a place ("rebels captured Kadugli", "seized the
    town"), not an actor ("soldiers captured a gunman in X"), goods or medals ("captured four
    medals"): the trigger's object (or a passive's subject) lies in a place the places stage
    found or is a word for one (the events lexicon's ``territory_words``). A trigger with no object (an event noun, "the fall of X")
    is read as before: a claim unless an actor is what was taken."""
    if sdoc is None or ev.trigger is None:
        return True
    span = sdoc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
    if span is None:
        return True
    objects = [t for t in span.root.children if t.dep_ in ("dobj", "nsubjpass", "obj")]
    if not objects:
        return True
    territory = load_lexicon().word_set("territory_words")  # the events stage's words for places taken
    return any(
        t.lemma_.lower() in territory or any(p.start <= t.idx < p.end for p in doc.places)
        for t in objects
        if not (t.ent_type_ == "PERSON" or any(m.start <= t.idx < m.end for m in doc.actor_mentions))
    )


def _holder(text: str, ms: list[ActorMention], c0: int, c1: int) -> ActorMention | None:
    """Who holds or took the place a cue names: in "the X-held city" the word before the hyphen
    (no one, when that word is no named actor: never another actor of the sentence); in "held
    by X" the agent after the cue; else the last named actor before the cue."""
    if c0 > 0 and text[c0 - 1] in "-‐–":
        return next((m for m in ms if m.end == c0 - 1), None)
    by = re.match(r"\s+by\s+", text[c1 : c1 + 8])
    if by:
        return next((m for m in ms if m.start == c1 + by.end()), None)
    return next((m for m in reversed(ms) if m.end <= c0), None)


def _mentions_in(mentions: Iterable[ActorMention], start: int, end: int) -> list[ActorMention]:
    return sorted((m for m in mentions if start <= m.start < end), key=lambda m: (m.start, m.end))


def _operation(m: ActorMention) -> bool:
    """Whether a mention names a military operation ("Operation Inherent Resolve"): supporting
    one is taking part in it, not an alliance."""
    return bool(re.match(r"(?:the\s+)?operation\b", m.text, re.I))


def _generic(*ids: str) -> bool:
    return any(i.startswith("gen:") for i in ids)


def _rel(
    doc: Document,
    a: ActorMention,
    b: ActorMention,
    rel_type: str,
    certainty: str,
    reason: str,
    start: int | None = None,
    end: int | None = None,
) -> Relation | None:
    if not a.actor_id or not b.actor_id or a.actor_id == b.actor_id:
        return None
    s = min(a.start, b.start) if start is None else start
    e = max(a.end, b.end) if end is None else end
    return Relation(
        a.actor_id, b.actor_id, rel_type, doc.span(s, e), certainty, reason=reason, component=COMPONENT
    )


def _linked(doc: Document, sent: Any, named: list[ActorMention]) -> list[Relation]:
    """ "the al-Qaeda-linked ISIS": ISIS linked to al-Qaeda."""
    out = []
    for m in named:
        tail = doc.text[m.end : m.end + 12]
        hit = re.match(r"[-‐–]\s*(linked|affiliated|backed|allied|aligned|inspired)\b", tail)
        if not hit:
            continue
        nxt = next(
            (n for n in named if n.start > m.end + hit.end() and n.start - (m.end + hit.end()) < 60), None
        )
        if nxt is None:
            continue
        rel_type = "ally" if hit.group(1) in ("backed", "allied", "aligned") else "linked"
        rel = _rel(
            doc,
            nxt,
            m,
            rel_type,
            "asserted",
            f"'{m.text}-{hit.group(1)}' qualifies {nxt.text}",
            m.start,
            nxt.end,
        )
        if rel:
            out.append(rel)
    return out


def _subject_before(
    sdoc: Any, named: list[ActorMention], offset: int, exclude: set[str]
) -> ActorMention | None:
    return next(
        (
            m
            for m in reversed(named)
            if m.end <= offset
            and m.actor_id not in exclude
            and m.kind != "person"
            and not _in_prepositional_phrase(sdoc, m)
        ),
        None,
    )


# reported speech and parenthetical clauses: their speaker is no party of what they report
CLAUSE_LIMITS = {"ccomp", "parataxis"}
RELATIVE_PRONOUNS = {"who", "which", "that"}
# a third-person pronoun the actors stage left unresolved points back to a party before it
# ("we" is the speaker's side, which the text does not name)
ANAPHORS = {"they", "it", "he", "she"}


def _agents(tok: Any, by_token: dict[int, ActorMention]) -> list[ActorMention] | None:
    """The actors doing what the clause of ``tok`` says: the subject of the nearest verb above it
    (through infinitives, conjoined verbs and prepositional phrases; the antecedent of a
    relative "who"), or the possessor of a noun on the way ("the coalition's strikes against").
    Conjoined subjects all count. ``None`` when the parse names no agent (a passive, a cue inside
    the subject itself, reported speech above it); ``[]`` when the agent is no named actor
    ("his death will degrade ISIL", "we will defeat ISIL")."""
    cur = tok
    for _ in range(12):
        if cur.pos_ in ("VERB", "AUX"):
            if any(c.dep_ in ("nsubjpass", "auxpass") for c in cur.children):
                return None
            if any(c.dep_ == "expl" for c in cur.children):
                return []  # "there will be work to rid Iraq of ISIL": no one in particular
            found = _clause_agents(cur, by_token)
            if found is not None:
                return found
        elif cur.pos_ in ("NOUN", "PROPN") and cur is not tok:
            owner = next((c for c in cur.children if c.dep_ == "poss"), None)
            if owner is not None and _named_by(owner, by_token):
                return _named_by(owner, by_token)
        if cur.dep_ in CLAUSE_LIMITS or cur.dep_ in ("nsubj", "nsubjpass") or cur.head is cur:
            return None
        cur = cur.head
    return None


# "X is assisting Y to destroy Z": the helper fights Z as well as the helped
HELPING_LEMMAS = {"assist", "help", "support", "enable", "aid", "back", "train", "equip", "arm"}


def _clause_agents(verb: Any, by_token: dict[int, ActorMention]) -> list[ActorMention] | None:
    """The agents of one verb, or ``None`` when it has none of its own (climb further)."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        if verb.dep_ == "relcl" and subjects[0].lower_ in RELATIVE_PRONOUNS:
            return _named_by(verb.head, by_token)
        found = _unique(m for s in subjects for m in _named_by(s, by_token))
        if not found and subjects[0].lower_ in ANAPHORS:
            return None  # "UNITA claimed that they had attacked …": the nearest party before
        return found
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return _named_by(verb.head, by_token)  # "enemy fighters firing on Iraqi forces"
    infinitive = verb.dep_ in ("xcomp", "advcl") and any(c.lower_ == "to" for c in verb.children)
    if verb.dep_ != "pcomp" and not infinitive:
        return None
    # object control: "accused Uganda of backing Z", "drove ISIS to fight Z", "called on the US
    # to …", "gave rifles to the Marines to fight Z"
    governor = verb.head.head if verb.dep_ == "pcomp" else verb.head
    controlled = next(
        (found for obj in _objects(governor) if (found := _named_by(obj, by_token))),
        [],
    )
    if not controlled:
        return None  # "conducted strikes to target Z": the subject above does it
    if governor.lemma_ in HELPING_LEMMAS:
        helpers = [m for s in governor.children if s.dep_ == "nsubj" for m in _named_by(s, by_token)]
        return _unique([*controlled, *helpers])
    return controlled


def _objects(verb: Any) -> list[Any]:
    """A verb's direct object, then the objects of its (or its object's) "to"/"on" phrases
    (dative, "call on")."""
    direct = [c for c in verb.children if c.dep_ == "dobj"]
    phrases = [
        c
        for c in (*verb.children, *(g for d in direct for g in d.children))
        if c.dep_ in ("dative", "prep") and c.lower_ in ("to", "on", "upon")
    ]
    return direct + [o for ph in phrases for o in ph.children if o.dep_ == "pobj"]


def _unique(mentions: Iterable[ActorMention]) -> list[ActorMention]:
    out: list[ActorMention] = []
    for m in mentions:
        if m not in out:
            out.append(m)
    return out


def _named_by(head: Any, by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """The mentions a noun phrase names: its head's (or its possessor's), and its conjuncts'."""
    out: list[ActorMention] = []
    for t in (head, *head.conjuncts):
        owner = next((c for c in t.children if c.dep_ == "poss"), None)
        m = by_token.get(t.i) or (by_token.get(owner.i) if owner is not None else None)
        if m is not None and m not in out:
            out.append(m)
    return out


def _token_index(sdoc: Any, named: list[ActorMention]) -> dict[int, ActorMention]:
    """Token index → the named mention covering it."""
    by_token: dict[int, ActorMention] = {}
    for m in named:
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            for t in span:
                by_token.setdefault(t.i, m)
    return by_token


def _against(
    doc: Document,
    sdoc: Any,
    sent: Any,
    named: list[ActorMention],
    by_token: dict[int, ActorMention],
    certainty: str,
) -> list[Relation]:
    """ "X fighting (battles) against Y", "X standing against Y", "campaign against Y". The
    hostile side is the agent of the clause the phrase sits in ("Coalition forces conducted
    strikes … against Y"; "A and B fought against Y": both), else the nearest party before it."""
    out = []
    for tok in sent:
        if tok.lower_ not in ("against", "on") or (
            tok.lower_ == "on" and tok.head.lower_ not in ("war", "attack", "attacks", "offensive", "assault")
        ):
            continue
        target = next((m for m in named if m.start >= tok.idx + len(tok.text)), None)
        if target is None or target.start - tok.idx > 80:
            continue
        agents = _agents(tok, by_token)
        if agents is not None:
            sources = [m for m in agents if m.kind != "person" and m.actor_id != target.actor_id]
        else:
            cooperating = any(t.lemma_ in ALLY_LEMMAS for t in sent if t.i < tok.i)
            sources = _coordinated_left(named, tok.idx, target.actor_id) if cooperating else []
            if not sources:
                src = _subject_before(sdoc, named, tok.idx, {target.actor_id})
                sources = [src] if src else []
        for src in sources:
            cert = certainty if src.start >= sent.start_char else "asserted"
            rel = _rel(
                doc,
                src,
                target,
                "hostile",
                cert,
                f"'{src.text}' … '{tok.text} {target.text}'",
                min(src.start, target.start),
                target.end,
            )
            if rel:
                out.append(rel)
    return out


def _coordinated_left(named: list[ActorMention], offset: int, exclude: str) -> list[ActorMention]:
    """The mentions joined by 'and' just left of ``offset`` ("Ansar al-Islam and Jabhat al-Nusra")."""
    left = [m for m in named if m.end <= offset and m.actor_id != exclude and m.kind != "person"]
    if len(left) < 2:
        return left[-1:]
    a, b = left[-2], left[-1]
    return [a, b]


def _between(doc: Document, sent: Any, named: list[ActorMention], certainty: str) -> list[Relation]:
    """ "clashes between X and Y", "fighting between X and Y"."""
    out = []
    for tok in sent:
        if (
            tok.lower_ != "between"
            or tok.head.lower_ not in CONFLICT_NOUNS
            and (tok.i == 0 or tok.nbor(-1).lower_ not in CONFLICT_NOUNS)
        ):
            continue
        right = [m for m in named if m.start > tok.idx][:2]
        if (
            len(right) == 2
            and " and " in doc.text[right[0].end : right[1].start + 1]
            and right[1].start - right[0].end < 40
        ):
            rel = _rel(
                doc,
                right[0],
                right[1],
                "hostile",
                certainty,
                f"'{tok.head.text} between {right[0].text} and {right[1].text}'",
                tok.head.idx if tok.head.i < tok.i else tok.idx,
                right[1].end,
            )
            if rel:
                out.append(rel)
    return out


def _cooperating(
    doc: Document, sdoc: Any, sent: Any, named: list[ActorMention], certainty: str
) -> list[Relation]:
    """ "X and Y are cooperating", "X cooperated with Y", "X allied with Y"."""
    out = []
    for tok in sent:
        if tok.lemma_ not in ALLY_LEMMAS:
            continue
        left = [m for m in named if m.end <= tok.idx and m.kind != "person"]
        right = [m for m in named if m.start >= tok.idx + len(tok.text)]
        pair: tuple[ActorMention, ActorMention] | None = None
        if len(left) >= 2 and " and " in doc.text[left[-2].end : left[-1].start + 1]:
            pair = (left[-2], left[-1])
        elif (
            left
            and right
            and doc.text[tok.idx + len(tok.text) : right[0].start].strip().lower() in ("with", "with the")
        ):
            pair = (left[-1], right[0])
        if pair is not None:
            rel = _rel(
                doc,
                pair[0],
                pair[1],
                "ally",
                certainty,
                f"'{pair[0].text}' and '{pair[1].text}' {tok.text}",
                pair[0].start,
                max(pair[1].end, tok.idx + len(tok.text)),
            )
            if rel:
                out.append(rel)
        # "the two parties are cooperating": one coreferent span, two referents
        same_span = [m for m in named if m.end <= tok.idx]
        if same_span:
            last = same_span[-1]
            twins = [m for m in named if (m.start, m.end) == (last.start, last.end)]
            if len(twins) == 2:
                rel = _rel(
                    doc,
                    twins[0],
                    twins[1],
                    "ally",
                    certainty,
                    f"'{last.text}' {tok.text}",
                    last.start,
                    tok.idx + len(tok.text),
                )
                if rel:
                    out.append(rel)
    return out


@dataclass(frozen=True)
class VerbCue:
    """Verbs whose subject and object are sides of a relation of one type."""

    rel_type: str
    verbs: frozenset[str]
    reciprocal: frozenset[str]  # with no object, the coordinated subjects relate to each other
    whole_object: frozenset[str] = frozenset()  # the object's whole subtree may hold the side
    armed_object: frozenset[str] = frozenset()  # the object must be an armed group's people


HOSTILE_CUE = VerbCue("hostile", HOSTILE_VERBS, RECIPROCAL_VERBS, CONFRONT_VERBS, ARREST_VERBS)
ALLY_CUE = VerbCue("ally", ALLY_VERBS, RECIPROCAL_ALLY_VERBS)


def _verb_sides(
    doc: Document, sent: Any, by_token: dict[int, ActorMention], certainty: str, cue: VerbCue
) -> list[Relation]:
    """Subject–verb–object with a verb of the cue: "ISIS confronts the Awakenings", "the US
    government funds the contras"; a passive with its agent ("financed by the U.S. government");
    with no object, the coordinated subjects of a reciprocal verb: "Hamas and Fatah clashed",
    "Venezuela and Colombia agreed to…"."""
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_ not in cue.verbs:
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue  # "Iran did not attack Israel"
        subj = [c for c in tok.children if c.dep_ in ("nsubj",)]
        objs = [c for c in tok.children if c.dep_ in ("dobj",)]
        if subj and not objs and tok.lemma_ in cue.reciprocal:
            found = (_mention_of(t, by_token) for t in [subj[0], *subj[0].conjuncts])
            sides = _unique(m for m in found if m is not None and m.kind != "person")
            for i, a in enumerate(sides):
                for b in sides[i + 1 :]:
                    rel = _rel(doc, a, b, cue.rel_type, certainty, f"'{a.text}' and '{b.text}' {tok.text}")
                    if rel:
                        out.append(rel)
        # no subject of its own: "urged Hezbollah to fight ISIS", "moved in and attacked ISIS"
        agents = None if subj else _agents(tok, by_token)
        if agents is None:
            if tok.dep_ in ("advcl", "relcl", "conj") and not subj:
                subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
            agents = [m for m in (_mention_of(s, by_token) for s in subj) if m is not None]
        passive = _passive_sides(tok, by_token)  # "X was killed by alleged urban guerrillas"
        # most objects are long ("a ring that was shipping arms to Venezuela"): the side is the
        # object itself or what it is of ("two members of the Zetas")
        side_of = _mention_of if tok.lemma_ in cue.whole_object else _head_mention
        pairs = [(a, side_of(o, by_token)) for a in agents for o in objs] + passive
        # "Rwanda accused Uganda of backing M23": the accuser's claim, not a fact
        alleged = ALLEGATION.search(doc.text[sent.start_char : tok.idx])
        for a, b in pairs:
            if b is None or not (_a_side(a) and _a_side(b)):
                continue
            if tok.lemma_ in cue.armed_object and b.sector not in ARMED_SECTORS:
                continue
            if cue.rel_type == "ally" and (_operation(a) or _operation(b)):
                continue  # "units supporting Operation Inherent Resolve": no party
            why = ("alleged: " if alleged else "") + f"'{a.text}' {tok.text} '{b.text}'"
            rel = _rel(doc, a, b, cue.rel_type, "hedged" if alleged else certainty, why)
            if rel:
                out.append(rel)
    return out


def _head_mention(tok: Any, by_token: dict[int, ActorMention]) -> ActorMention | None:
    """The mention of the noun ``tok`` itself, or of the body it is of ("members of the Zetas")."""
    if tok.i in by_token:
        return by_token[tok.i]
    of = [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
        if p.dep_ == "pobj"
    ]
    return next((by_token[p.i] for p in of if p.i in by_token), None)


def _a_side(m: ActorMention) -> bool:
    """An organised actor, or a person known to act for one (an official, a commander: guide
    §13); a private person is no side."""
    return not _private_person(m) and not (m.kind == "person" and m.sector == "UAF")


def _passive_sides(verb: Any, by_token: dict[int, ActorMention]) -> list[tuple[ActorMention, ActorMention]]:
    """(agent, patient) of a passive verb: "Rodriguez Porth was killed by urban guerrillas",
    "Hezbollah is protected by the Syrian army"."""
    patients = [c for c in verb.children if c.dep_ == "nsubjpass"]
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    out = []
    for a_tok in agents:
        for p_tok in patients:
            a, b = _head_mention(a_tok, by_token), _head_mention(p_tok, by_token)
            if a is not None and b is not None:
                out.append((a, b))
    return out


# Cue phrases between two actor mentions: (pattern, relation type). "LEFT cue RIGHT" within a
# short window, the left mention being the nearest one before the cue in the same sentence.
CUES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(?:fight|fights|fighting|fought|battle|battles|battling|battled|war|wars|campaign|struggle|"
            r"strikes?|airstrikes?|air strikes?|attacks?|operations?|offensive|missions?|rebellion|insurgency|"
            r"uprising|resistance)\s+(?:\w+\s+){0,2}?against\b",
            re.I,
        ),
        "hostile",
    ),
    (
        re.compile(
            r"\b(?:clash|clashes|clashed|clashing|fighting|fought|battles?|at war|skirmish(?:es|ed)?|"
            r"encounters?|gunfights?|gun battles?|firefights?|shoot-?outs?|exchanged? (?:of )?fire)\s+with\b",
            re.I,
        ),
        "hostile",
    ),
    (
        re.compile(
            r"\b(?:to|will|would|can|could|must|and)\s+(?:\w+\s+){0,2}?(?:defeat|destroy|degrade|eliminate|eradicate|"
            r"dismantle|counter|combat|crush|annihilate|root out|rid \w+ of)\b",
            re.I,
        ),
        "hostile",
    ),
    (
        re.compile(
            r"\b(?:targeting|targeted|targets|attacked|attacking|bombed|bombing|shelled|shelling|ambushed|"
            r"raided|besieged|besieging|struck|striking|(?:fired|firing|opened fire|opening fire) (?:on|at|upon))\b",
            re.I,
        ),
        "hostile",
    ),
    (
        re.compile(
            r"\b(?:allied|aligned|allies|ally|cooperating|cooperated|cooperates|coordinated|coordinating|"
            r"partnered|partnering|teamed up|sided)\s+with\b",
            re.I,
        ),
        "ally",
    ),
    (
        re.compile(
            r"\b(?:in (?:close )?(?:cooperation|coordination|partnership|alliance) with|together with|alongside|"
            r"in support of|with the support of|with support from|on behalf of)\b",
            re.I,
        ),
        "ally",
    ),
    (
        re.compile(
            r"\b(?:backed|supported|aided|armed|funded|financed|sponsored|assisted|helped|reinforced)\s+by\b",
            re.I,
        ),
        "ally",
    ),
    (re.compile(r"\b(?:supporting|supports|backing|backs|arming|funding|assisting|helping)\b", re.I), "ally"),
    (
        re.compile(
            r"\b(?:its|their|his|her)\s+(?:[a-z]+est\s+|main\s+|key\s+|new\s+)?(?:allies|ally|partners|backers)\b",
            re.I,
        ),
        "ally",
    ),
    (
        re.compile(
            r"\b(?:(?:close\s+|deep\s+|alleged\s+)?(?:ties|links|connections|contacts)\s+(?:to|with)|"
            r"collud(?:e|es|ed|ing)\s+with|(?:working|worked|works)\s+(?:closely\s+)?with|"
            r"with\s+the\s+(?:help|assistance|backing|protection)\s+of|(?:a|an)\s+(?:partner|ally)\s+of|"
            r"(?:hired|contracted|trained|equipped)\s+by|"
            r"joint\s+(?:[a-z-]+\s+){0,2}?(?:exercises?|operations?|patrols?|raids?|offensives?|training)\s+with)\b",
            re.I,
        ),
        "ally",
    ),
    (re.compile(r"\b(?:enemy|enemies|foe|foes|adversary|adversaries|nemesis)\s+of\b", re.I), "hostile"),
    (
        re.compile(
            r"\b(?:joined|joins|joining|pledged allegiance to|swore allegiance to|merged with|merged into)\b",
            re.I,
        ),
        "joined",
    ),
]
# cues whose left party is no agent: the patient of a passive ("X, backed by Y"), the owner of
# allies ("X and its allies Y"), the one named an enemy ("X, a sworn enemy of Y")
NEAREST_LEFT = re.compile(
    r"(?:\sby|\b(?:allies|ally|partners|backers)|\b(?:enem(?:y|ies)|foes?|adversar(?:y|ies)|nemesis)\s+of)$",
    re.I,
)
CUE_WINDOW = 70  # characters between the cue and each actor
ALLEGATION = re.compile(r"\b(?:accus\w*|alleg\w*|blam\w*)\b", re.I)


def _in_prepositional_phrase(sdoc: Any, m: ActorMention) -> bool:
    """Whether a mention sits inside a prepositional phrase ("from ISIL control") rather than
    being a party of its clause (subject, object, conjunct)."""
    span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    for _ in range(4):
        if tok.dep_ in ("compound", "amod", "poss", "nmod") and tok.head is not tok:
            tok = tok.head
            continue
        break
    return tok.dep_ == "pobj" and tok.head.lower_ not in ("by", "with", "and")


def _noun_free(sdoc: Any, c0: int, c1: int) -> bool:
    """Whether no noun or verb sits between a cue and the next actor mention."""
    if c1 <= c0:
        return True
    span = sdoc.char_span(c0, c1, alignment_mode="contract")
    return span is None or not any(t.pos_ in ("NOUN", "VERB") for t in span)


def _cue_relations(
    doc: Document, sdoc: Any, sent: Any, named: list[ActorMention], certainty: str
) -> list[Relation]:
    """ "X fighting against Y", "X clashed with Y", "X targeting Y", "X allied with Y", "X
    backed by Y", "X in cooperation with Y", "X joined Y" (member_of when Y is a coalition)."""
    out: list[Relation] = []
    parties = [m for m in named if m.kind != "person" or m.country]
    by_token: dict[int, ActorMention] | None = None  # built at the first cue: most sentences have none
    text = span_text(sent)
    for pattern, kind in CUES:
        for cue in pattern.finditer(text):
            c0, c1 = sent.start_char + cue.start(), sent.start_char + cue.end()
            right = next((m for m in parties if m.start >= c1 and m.start - c1 <= CUE_WINDOW), None)
            if right is None or _clause_break(doc.text[c1 : right.start]):
                continue
            if not _noun_free(sdoc, c1, right.start):
                continue  # "support of the campaign against Y"
            if by_token is None:
                by_token = _token_index(sdoc, parties)
            lefts = _left_parties(doc, sdoc, parties, by_token, cue.group(0), c0, c1)
            rel_type = kind
            if kind == "joined":
                rel_type = "member_of" if right.kind == "coalition" else "ally"
            if rel_type == "ally" and _operation(right):
                continue
            # "Rwanda accused Uganda of backing M23": the accuser's claim, not a fact
            alleged = ALLEGATION.search(doc.text[sent.start_char : c0])
            for left in lefts:
                if left.start < right.end and right.start < left.end:
                    continue
                rel = _rel(
                    doc,
                    left,
                    right,
                    rel_type,
                    "hedged" if alleged else certainty,
                    ("alleged: " if alleged else "") + f"'{left.text}' {cue.group(0)} '{right.text}'",
                    min(left.start, c0),
                    max(right.end, left.end),
                )
                if rel is not None:
                    out.append(rel)
    return out


def _left_parties(
    doc: Document,
    sdoc: Any,
    parties: list[ActorMention],
    by_token: dict[int, ActorMention],
    cue: str,
    c0: int,
    c1: int,
) -> list[ActorMention]:
    """Who stands on the left of a cue: the agent of its clause ("In support of Y, X
    conducted …"; "A and B are fighting against Y": both), else — for a passive cue ("backed
    by"), or where the parse names no agent — the nearest party before the cue in the same
    clause, unless that party sits in a prepositional phrase ("from ISIL control, aided by")."""
    span = sdoc.char_span(c0, c1, alignment_mode="expand")
    if span is not None and not NEAREST_LEFT.search(cue):
        agents = _agents(span[-1], by_token)
        if agents is not None:
            return agents
    left = next(
        (
            m
            for m in reversed(parties)
            if m.end <= c0 and c0 - m.end <= CUE_WINDOW and not _clause_break(doc.text[m.end : c0])
        ),
        None,
    )
    if left is None or _in_prepositional_phrase(sdoc, left):
        return []
    return [left]


def _clause_break(between: str) -> bool:
    """Whether the text between an actor and a cue crosses a clause or list boundary."""
    return bool(
        re.search(r"[;:]|\b(?:but|while|whereas|although|after|before|because|which|who)\b", between, re.I)
    )


def _mention_of(tok: Any, by_token: dict[int, ActorMention]) -> ActorMention | None:
    for t in [tok, *tok.subtree]:
        if t.i in by_token:
            return by_token[t.i]
    return None


JOINT = re.compile(
    r"\b(?:joint|combined|combing)\s+(?:[a-z-]+\s+){0,2}?(?:team|teams|operations?|patrols?|party|parties|"
    r"forces?|exercises?|raids?)\s+(?:of|by|between)\s+",
    re.I,
)
JOINT_AND = re.compile(r"\s*(?:,\s*|\s+)(?:and|as well as)\s+(?:the\s+)?|\s*,\s*(?:the\s+)?")


def _joint(doc: Document, sent: Any, named: list[ActorMention], certainty: str) -> list[Relation]:
    """ "a joint team of the BSF and the District Force", "a combing party of CRPF and SOG
    personnel": the bodies acting together are allies."""
    out = []
    for cue in JOINT.finditer(span_text(sent)):
        c0, c1 = sent.start_char + cue.start(), sent.start_char + cue.end()
        first = next((m for m in named if c1 <= m.start <= c1 + 4), None)
        if first is None:
            continue
        second = next(
            (m for m in named if m.start > first.end and JOINT_AND.fullmatch(doc.text[first.end : m.start])),
            None,
        )
        if second is None:
            continue
        reason = f"a joint body: '{cue.group(0).strip()} {first.text} and {second.text}'"
        rel = _rel(doc, first, second, "ally", certainty, reason, c0, second.end)
        if rel is not None:
            out.append(rel)
    return out


UNIT_KINDS = {"organization", "state_forces", "armed_group", "government", "political"}
# "A of the B", "B's A", "B's elite A": the words between a unit and the body it belongs to
UNIT_OF = re.compile(r"\s+of\s+(?:the\s+)?", re.I)
UNIT_POSSESSIVE = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,2}")


def _units(doc: Document, mentions: list[ActorMention], certainty: str) -> list[Relation]:
    """A named body inside another: "the 205th battalion of the CRPF", "the Mexican Army's elite
    Airborne Special Forces Group" → member_of (the guide's "the army's 4th Brigade"). The
    outer body is never a state ("Chile's investigative police" is the state's organ, one
    actor) nor a person; the inner one is a named organisation, not a generic agent."""
    out = []
    for a in mentions:
        if a.kind not in UNIT_KINDS or a.method in ("generic", "coref") or _generic(a.actor_id or ""):
            continue
        if a.actor_id == f"{a.country}_{a.sector}":
            continue  # "The Rapid Action Battalion" read as the state's forces: no unit of its own
        for b in mentions:
            if b is a or b.kind not in UNIT_KINDS or b.actor_id == a.actor_id:
                continue
            if b.start >= a.end:
                between, how = doc.text[a.end : b.start], UNIT_OF
            elif b.end <= a.start:
                between, how = doc.text[b.end : a.start], UNIT_POSSESSIVE
            else:
                continue
            if how.fullmatch(between):
                rel = _rel(
                    doc,
                    a,
                    b,
                    "member_of",
                    certainty,
                    f"a unit of a body: '{doc.text[min(a.start, b.start) : max(a.end, b.end)]}'",
                )
                if rel is not None:
                    out.append(rel)
    return out


def _also_continuation(
    doc: Document, sent: Any, named: list[ActorMention], previous: list[Relation]
) -> list[Relation]:
    """ "X is not alone in standing against Y. There is also Z" → Z hostile to Y."""
    if not previous or not re.match(r"\s*(there (is|are) also|also)\b", span_text(sent), re.I) or not named:
        return []
    first = named[0]
    out = []
    for rel in previous:
        if (
            rel.type != "hostile"
            or "not alone"
            not in rel.evidence.text + doc.text[max(0, rel.evidence.start - 80) : rel.evidence.start]
        ):
            continue
        if first.actor_id in (rel.source, rel.target):
            continue
        span = doc.span(rel.evidence.start, first.end)
        out.append(
            Relation(
                first.actor_id,
                rel.target,
                "hostile",
                span,
                "asserted",
                reason=f"'{first.text}' is named as also standing against {rel.target}",
                component=COMPONENT,
            )
        )
    return out


SUPPORT_CUE = re.compile(r"\b(?:in support of|coordinated with|in (?:cooperation|coordination) with)\b", re.I)


def _supported_sides(doc: Document, sdoc: Any, from_text: list[Relation]) -> list[Relation]:
    """ "X conducted strikes in support of Y … against Z" (one sentence): the side X acts for is
    Z's enemy too."""
    out = []
    for ally in from_text:
        if ally.type != "ally" or not SUPPORT_CUE.search(ally.evidence.text):
            continue
        sent = sdoc.char_span(ally.evidence.start, ally.evidence.end, alignment_mode="expand").sent
        for hostile in from_text:
            if hostile.type != "hostile" or not (
                sent.start_char <= hostile.evidence.start and hostile.evidence.end <= sent.end_char
            ):
                continue
            if ally.source not in (hostile.source, hostile.target):
                continue
            enemy = hostile.target if hostile.source == ally.source else hostile.source
            if enemy == ally.target:
                continue
            start, end = (
                min(ally.evidence.start, hostile.evidence.start),
                max(ally.evidence.end, hostile.evidence.end),
            )
            out.append(
                Relation(
                    ally.target,
                    enemy,
                    "hostile",
                    doc.span(start, end),
                    "inferred",
                    reason=f"{ally.source} acts against {enemy} in support of {ally.target}",
                    component=COMPONENT,
                )
            )
    return out


def _uncontradicted(from_events: list[Relation], from_text: list[Relation]) -> list[Relation]:
    """Event relations less those the same passage's words contradict: strikes "in support of
    the government of Iraq" coded as an attack on it, munitions "against ISIL" coded as aid,
    "the army's 2nd Brigade suffered casualties" coded as the army attacking its own unit."""
    opposite = {"hostile": {"ally", "member_of"}, "ally": {"hostile"}}
    said = [(frozenset((r.source, r.target)), r.type, r.evidence) for r in from_text]
    return [
        rel
        for rel in from_events
        if not any(
            pair == frozenset((rel.source, rel.target))
            and kind in opposite.get(rel.type, set())
            and span.start < rel.evidence.end
            and rel.evidence.start < span.end
            for pair, kind, span in said
        )
    ]


def _through_coalitions(doc: Document, found: list[Relation]) -> list[Relation]:
    """Hostile to a coalition → hostile to each member (inferred)."""
    present = {a.id for a in doc.actors if a.mentions}
    # only members the text itself names: a dictionary membership alone is no evidence
    members = {a.id: [m for m in a.members if m in present] for a in doc.actors if a.members}
    out = []
    for rel in found:
        if rel.type != "hostile":
            continue
        for side, other in ((rel.target, rel.source), (rel.source, rel.target)):
            for member in members.get(side, []):
                if member != other:
                    out.append(
                        Relation(
                            other,
                            member,
                            "hostile",
                            rel.evidence,
                            "inferred",
                            reason=f"hostile to {side}, of which {member} is a member",
                            component=COMPONENT,
                        )
                    )
    return out


# the words a cue verb may have between it and the place it takes ("took control of the town
# of P", "controls much of P", "the rebel-held northern districts of P")
GAP_NOUNS = {
    "control", "part", "parts", "area", "areas", "town", "towns", "city", "cities", "village", "villages",
    "district", "districts", "province", "region", "neighbourhood", "neighborhood", "neighbourhoods",
    "neighborhoods", "outskirts", "airport", "base", "crossing", "port", "capital", "territory",
    "swathes", "swaths", "stronghold", "much", "most", "all", "half", "rest",
}  # fmt: skip
GAP_POS = {"DET", "ADJ", "ADP", "NUM", "CCONJ"}


def _object_place(sent: Any, c1: int, place: Place) -> bool:
    """Whether ``place`` is what the cue ending at ``c1`` takes: only determiners, adjectives,
    prepositions and words for parts of a territory between them. "captured by police in
    Maicao", "seized 17 tons of marijuana from another Tijuana tunnel" name no territory taken."""
    gap = [t for t in sent if c1 <= t.idx and t.idx + len(t) <= place.start]
    return len(gap) <= 6 and all(t.pos_ in GAP_POS or t.lower_ in GAP_NOUNS for t in gap)


def _place_for(sent: Any, places: list[Place], c0: int, c1: int, claim: str) -> Place | None:
    window = c1 + 120
    after = [p for p in places if c0 <= p.start <= window]
    if claim in ("seized", "controls"):  # a verb that takes the place (the other cues name it)
        after = [p for p in after if p.start >= c1 and _object_place(sent, c1, p)]
    if not after:
        return None
    refine = REFINE.search(span_text(sent))
    if refine:
        r0 = sent.start_char + refine.start()
        later = [p for p in after if p.start > r0]
        if later:
            return later[0]
    return after[0]


def dedupe(relations: list[Relation]) -> list[Relation]:
    """One relation per (source, target, type) — unordered pair for symmetric types — keeping
    the most certain evidence (then the earliest)."""
    best: dict[tuple[str, ...], Relation] = {}
    for rel in relations:
        if rel.source == rel.target:
            continue
        pair = tuple(sorted((rel.source, rel.target))) if rel.type in SYMMETRIC else (rel.source, rel.target)
        key = (*pair, rel.type)
        known = best.get(key)
        rank = (CERTAINTY_RANK.get(rel.certainty, 9), rel.evidence.start)
        if known is None or rank < (CERTAINTY_RANK.get(known.certainty, 9), known.evidence.start):
            best[key] = rel
    return sorted(best.values(), key=lambda r: (r.evidence.start, r.type))


def _dedupe_territory(claims: list[TerritoryClaim]) -> list[TerritoryClaim]:
    best: dict[tuple[Any, ...], TerritoryClaim] = {}
    for c in claims:
        key = (c.actor, c.place.geonameid or c.place.text.lower(), c.claim)
        if key not in best or CERTAINTY_RANK[c.certainty] < CERTAINTY_RANK[best[key].certainty]:
            best[key] = c
    return sorted(best.values(), key=lambda c: c.evidence.start)
