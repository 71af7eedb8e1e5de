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
  evidence. Symmetric types (hostile, ally) are stored once per unordered pair.
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
from typing import Any

from marsad import registry
from marsad.model import ActorMention, Document, Place, Relation, Span, TerritoryClaim

COMPONENT = "marsad.relation_extractor@1.0"
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

HOSTILE_VERBS = {
    "fight",
    "battle",
    "attack",
    "confront",
    "clash",
    "oppose",
    "target",
    "ambush",
    "shell",
    "bomb",
    "besiege",
    "capture",
    "kill",
    "expel",
    "repel",
    "wage",
    "raid",
    "stand",
}
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


@registry.register("relations", "marsad.relation_extractor", "1.0")
class RelationExtractor:
    """Fills ``doc.relations`` and ``doc.territory`` (see the module docstring)."""

    def __init__(self, services: Any = None) -> None:
        self.services = services

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy_doc
        found: list[Relation] = []
        found += self._from_roles(doc)
        found += self._from_coalitions(doc)
        if sdoc is not None:
            found += self._from_text(doc, sdoc)
        found += self._from_events(doc)
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
            certainty = sentence_certainty(sent.text)
            here: list[Relation] = []
            here += _linked(doc, sent, named)
            # "the al-Qaeda-linked ISIS": a modifier, not a party of the sentence's relations
            named = [m for m in named if not re.match(r"[-‐–][a-z]", doc.text[m.end : m.end + 2])]
            here += _against(doc, sdoc, sent, named, certainty)
            here += _between(doc, sent, named, certainty)
            here += _cooperating(doc, sdoc, sent, named, certainty)
            here += _confronts(doc, sdoc, sent, named, certainty)
            here += _also_continuation(doc, sent, named, previous)
            here += _cue_relations(doc, sdoc, sent, named, certainty)
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
            for a in ev.actors:
                for r in ev.recipients:
                    if not a.actor_id or not r.actor_id or a.actor_id == r.actor_id:
                        continue
                    if ev.type in EVENT_VERBAL_ALLY and "person" in (a.kind, r.kind):
                        continue
                    # violence by a named actor against civilians/"gunmen" is hostility; generic
                    # agents on both sides, or generic partners, say nothing about who is allied
                    generic = [_generic(a.actor_id), _generic(r.actor_id)]
                    if all(generic) or (any(generic) and rel_type == "ally"):
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
            places = [p for p in doc.places if sent.start_char <= p.start < sent.end_char]
            if not places:
                continue
            ms = [
                m
                for m in _mentions_in(doc.actor_mentions, sent.start_char, sent.end_char)
                if m.actor_id and not m.actor_id.startswith("gen:") and m.kind != "person"
            ]
            for pattern, claim in TERRITORY_CUES:
                for cue in pattern.finditer(sent.text):
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
                            sentence_certainty(sent.text),
                            component=COMPONENT,
                        )
                    )
        for ev in doc.events:
            sub = (ev.acled_sub_event_type or "").lower()
            taken = "overtakes territory" in sub or "regains territory" in sub or ev.mode == "seize"
            if taken and ev.location is not None and ev.actors:
                aid = ev.actors[0].actor_id
                if aid and not aid.startswith("gen:"):
                    out.append(
                        TerritoryClaim(
                            aid, ev.location, "seized", ev.evidence, ev.certainty, ev.date, COMPONENT
                        )
                    )
        return _dedupe_territory(out)


# ---------------------------------------------------------------------- pattern helpers
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


def _subject_before(named: list[ActorMention], offset: int, exclude: set[str]) -> ActorMention | None:
    return next(
        (m for m in reversed(named) if m.end <= offset and m.actor_id not in exclude and m.kind != "person"),
        None,
    )


def _against(
    doc: Document, sdoc: Any, sent: Any, named: list[ActorMention], certainty: str
) -> list[Relation]:
    """ "X fighting (battles) against Y", "X standing against Y", "campaign against Y"."""
    out = []
    for tok in sent:
        if tok.lower_ not in ("against", "on") or (
            tok.lower_ == "on" and tok.head.lower_ not in ("war", "attack", "attacks", "offensive", "assault")
        ):
            continue
        target = next((m for m in named if m.start >= tok.idx + len(tok.text)), None)
        if target is None or target.start - tok.idx > 80:
            continue
        cooperating = any(t.lemma_ in ALLY_LEMMAS for t in sent if t.i < tok.i)
        sources = _coordinated_left(named, tok.idx, target.actor_id) if cooperating else []
        if not sources:
            src = _subject_before(named, tok.idx, {target.actor_id})
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


def _confronts(
    doc: Document, sdoc: Any, sent: Any, named: list[ActorMention], certainty: str
) -> list[Relation]:
    """Subject–verb–object with a hostile verb: "ISIS confronts the Awakenings"."""
    out = []
    by_token: dict[int, ActorMention] = {}
    for m in named:
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            for t in span:
                by_token.setdefault(t.i, m)
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_ not in HOSTILE_VERBS:
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue  # "Iran did not attack Israel"
        subj = [c for c in tok.children if c.dep_ in ("nsubj",)]
        objs = [c for c in tok.children if c.dep_ in ("dobj",)]
        if tok.dep_ in ("advcl", "relcl", "conj") and not subj:
            subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
        for s in subj:
            for o in objs:
                a, b = _mention_of(s, by_token), _mention_of(o, by_token)
                if a and b and a.kind != "person" and b.kind != "person":
                    rel = _rel(doc, a, b, "hostile", certainty, f"'{a.text}' {tok.text} '{b.text}'")
                    if rel:
                        out.append(rel)
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
            r"\b(?:clash|clashes|clashed|clashing|fighting|fought|battles?|at war|skirmish(?:es|ed)?)\s+with\b",
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
            r"raided|besieged|besieging|struck|striking)\b",
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
            r"\b(?:joined|joins|joining|pledged allegiance to|swore allegiance to|merged with|merged into)\b",
            re.I,
        ),
        "joined",
    ),
]
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
    for pattern, kind in CUES:
        for cue in pattern.finditer(sent.text):
            c0, c1 = sent.start_char + cue.start(), sent.start_char + cue.end()
            left = next(
                (
                    m
                    for m in reversed(parties)
                    if m.end <= c0 and c0 - m.end <= CUE_WINDOW and not _clause_break(doc.text[m.end : c0])
                ),
                None,
            )
            right = next((m for m in parties if m.start >= c1 and m.start - c1 <= CUE_WINDOW), None)
            if left is None or right is None or _clause_break(doc.text[c1 : right.start]):
                continue
            if _in_prepositional_phrase(sdoc, left) or not _noun_free(sdoc, c1, right.start):
                continue  # "from ISIL control, aided by": not the clause's party; "support of the campaign against Y"
            rel_type = kind
            if kind == "joined":
                rel_type = "member_of" if right.kind == "coalition" else "ally"
            # "Rwanda accused Uganda of backing M23": the accuser's claim, not a fact
            alleged = ALLEGATION.search(doc.text[sent.start_char : c0])
            rel = _rel(
                doc,
                left,
                right,
                rel_type,
                "hedged" if alleged else certainty,
                ("alleged: " if alleged else "") + f"'{left.text}' {cue.group(0)} '{right.text}'",
                left.start,
                right.end,
            )
            if rel is not None:
                out.append(rel)
    return out


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


def _also_continuation(
    doc: Document, sent: Any, named: list[ActorMention], previous: list[Relation]
) -> list[Relation]:
    """ "X is not alone in standing against Y. There is also Z" → Z hostile to Y."""
    if not previous or not re.match(r"\s*(there (is|are) also|also)\b", sent.text, re.I) or not named:
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


def _place_for(sent: Any, places: list[Place], c0: int, c1: int, claim: str) -> Place | None:
    window = c1 + 120
    after = [p for p in places if c0 <= p.start <= window]
    if not after:
        return None
    refine = REFINE.search(sent.text)
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
