"""The registered events component: codes PLOVER/ACLED events from each sentence's parse.

Input: a Document with ``spacy_doc`` (char offsets == ``doc.text``), ``zones``,
``actor_mentions``, ``places``, ``time_expressions`` and ``date`` (each may be empty: the
coder falls back to spaCy entities for actors, to the country focus / publication date with
a reason). Output: ``doc.events`` — :class:`~marsad.model.Event` objects ordered by salience
(the first is the document's main event), each with trigger and evidence offsets, a
``reason``, its ``certainty``/modality, attributes and ``component`` = ``marsad.event_coder@1.0``.

Services: none — ``EventCoder(*, lexicon: Lexicon | None = None)``, the lexicon shipped in
``marsad/events/data`` by default — so the coder runs on any Document that has a spaCy parse.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Span, Token

from marsad import registry
from marsad.events import salience
from marsad.events.acled import SideInfo, is_armed, is_civilian, is_state, map_acled
from marsad.events.arguments import PRONOUNS, ArgFrame, conjuncts, extract_arguments
from marsad.events.attributes import clause_span, extract_attributes
from marsad.events.coref import Candidate, resolve_coreference
from marsad.events.dating import choose_date
from marsad.events.framing import (
    Reframe,
    clause_depth,
    complement_host,
    host_reframe,
    intent_reframe,
    protest_of_topic,
)
from marsad.events.lexicon import Lexicon, TriggerEntry, load_lexicon
from marsad.events.location import VERBAL_TYPES, argument_places, choose_location, places_in, usable_places
from marsad.events.modality import assess
from marsad.events.quad import QUAD_NAMES, is_statement, quad_class
from marsad.events.retype import object_retype, projectile_object
from marsad.events.sides import beneficiary_state, phrase_span, state_side, widen
from marsad.events.triggers import Trigger, find_triggers, verb_forms
from marsad.model import ActorMention, Document, Event, Place
from marsad.nlp.text import doc_text

NER_KINDS = {"PERSON": "person", "ORG": "organization", "NORP": "generic", "GPE": "state"}
ARG_DEPS = frozenset(["compound", "amod", "det", "poss", "nummod", "quantmod", "nmod", "case", "punct"])
DEFINITE = frozenset(["the", "this", "that", "these", "those"])
MATERIAL_TYPES = frozenset(["ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "RETREAT", "AID"])
TARGET_PREPS = frozenset(["at", "on", "upon", "into", "toward", "towards", "against", "onto"])
NON_ACTORS = frozenset(
    ["everyone", "anyone", "someone", "nobody", "everything", "anything", "something", "all", "both"]
)


@dataclass
class _Resolved:
    mentions: list[ActorMention]
    places: list[Place]
    territory_words: bool = False


def _compact(head: Token) -> tuple[int, int]:
    """Character span of a head's noun phrase without clauses, appositions and prepositions."""
    toks = [head]
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in ARG_DEPS and child.i < head.i + 1:
                toks.append(child)
                stack.append(child)
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return start, end


PERSON_PRONOUNS = frozenset(["he", "him", "she", "her"])


def _antecedent(
    pron: Token, recent: list[ActorMention], exclude: list[ActorMention] | None
) -> ActorMention | None:
    """The most recent earlier actor mention a pronoun can stand for (persons for he/she)."""
    person = pron.lower_ in PERSON_PRONOUNS
    ids = {m.actor_id or m.text for m in exclude or []}
    for m in reversed(recent):
        if m.start >= pron.idx or (m.actor_id or m.text) in ids or m.kind == "unresolved":
            continue
        if (m.kind == "person") == person:
            return m
    return None


def _reporting_subject(pron: Token) -> Token | None:
    """The subject of the verb whose complement clause a pronoun subject sits in ("Nigeria
    announced that it will...", "The rebels said they would..."): its likeliest antecedent."""
    if pron.dep_ not in ("nsubj", "nsubjpass") or pron.head.dep_ != "ccomp":
        return None
    outer = pron.head.head
    subj = next((c for c in outer.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return None
    return subj


def fallback_mentions(doc: Document, places: list[Place] | None = None) -> list[ActorMention]:
    """Actor mentions from spaCy PERSON/ORG/NORP/GPE entities that the actors stage did not
    cover (all of them when it gave none): an unknown name is still a side ("Arnor restored
    ties with Gondor"), marked ``method="ner"`` with a reason. Entities overlapping an actor
    mention, or resolved as a place (GPE only), are left to those."""
    known = [(m.start, m.end) for m in doc.actor_mentions]
    place_spans = [(p.start, p.end) for p in places or []]
    out = []
    for ent in doc.spacy_doc.ents:
        kind = NER_KINDS.get(ent.label_)
        if kind is None:
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in known):
            continue
        if ent.label_ == "GPE" and any(s < ent.end_char and ent.start_char < e for s, e in place_spans):
            continue
        out.append(
            ActorMention(
                ent.text,
                ent.start_char,
                ent.end_char,
                kind=kind,
                method="ner",
                reason="events stage fallback: spaCy entity with no actor mention from the actors stage",
                score=0.4,
            )
        )
    return out


OWN_POSSESSIVES = frozenset(["its", "their", "his", "her", "our"])


def own_members(heads: list[Token], words: frozenset[str]) -> bool:
    """Whether every recipient head is the actor's own people ("to its elements in Iraq",
    "to their fighters"): a possessive pronoun bound to the clause's subject on a member noun."""
    return (
        bool(heads)
        and all(h.lemma_.lower() in words or h.lower_ in words for h in heads)
        and all(any(c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in h.children) for h in heads)
    )


def adverbial_phrase(tok: Token) -> Token | None:
    """The preposition of the adverbial phrase a noun sits in ("After six months of fighting").

    Climbs pobj → prep (through nouns: "months of fighting") up to a preposition attached to a
    verb; returns None when the noun is an argument of its clause instead.
    """
    cur = tok
    for _ in range(5):
        if cur.dep_ != "pobj" or cur.head.dep_ != "prep":
            return None
        prep = cur.head
        if prep.head.pos_ in ("VERB", "AUX"):
            return prep
        cur = prep.head
    return None


def is_background(trig: Trigger, frame: ArgFrame) -> bool:
    """A nominal trigger with no actor of its own inside an adverbial phrase of a clause that
    codes another event summarises background ("After six months of fighting on several fronts,
    ISIS announced..."): weak evidence, not coded."""
    return (
        trig.is_noun
        and trig.governor is None
        and not frame.actors
        and not frame.two_sided
        and frame.anaphor is None
        and adverbial_phrase(trig.token) is not None
    )


class EventCoder:
    """Codes events from a sentence's dependency structure (see the module docstring)."""

    def __init__(self, *, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or load_lexicon()
        self.event_nouns = frozenset(self.lex.nouns)
        self.component = f"{self.registered_name}@{self.registered_version}"  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ arguments → mentions
    def _resolve(
        self,
        heads: list[Token],
        mentions: list[ActorMention],
        places: list[Place],
        last_actors: list[ActorMention],
        exclude: list[ActorMention] | None = None,
        entry: TriggerEntry | None = None,
    ) -> _Resolved:
        """Actor mentions and places on argument heads; with the trigger's ``entry``, a side
        spreads over its argument phrase and a state on an actor's position is an actor."""
        res = _Resolved([], [])
        territory = self.lex.word_set("territory_words")
        for head in heads:
            start, end = _compact(head)
            on_head = [m for m in mentions if m.start <= head.idx < m.end]
            for appos in (c for c in head.children if c.dep_ == "appos" and not on_head):
                a_start, a_end = _compact(appos)
                on_head = [m for m in mentions if m.start < a_end and a_start < m.end]
            hits = on_head or [m for m in mentions if m.start < end and start < m.end]
            place_hits = [p for p in places if p.start <= head.idx < p.end]
            if place_hits and not [
                m for m in on_head if (m.end - m.start) > (place_hits[0].end - place_hits[0].start)
            ]:
                state = state_side(head, place_hits[0], entry, on_head)[0] if entry is not None else None
                if state is not None:
                    res.mentions.append(widen(state, head))
                    continue
                res.places.extend(p for p in place_hits if p not in res.places)
                continue
            if hits:
                wide = [widen(m, head) for m in hits] if entry is not None and len(hits) == 1 else hits
                res.mentions.extend(m for m in wide if m not in res.mentions)
                continue
            lower = head.lower_
            if head.pos_ == "PRON" and lower in PRONOUNS:
                ref = _antecedent(head, last_actors, exclude)
                if ref is not None and ref not in res.mentions:
                    res.mentions.append(ref)
                speaker = _reporting_subject(head) if ref is None else None
                if speaker is not None:  # "Nigeria announced that it will withdraw": it = Nigeria
                    res.mentions.extend(
                        m
                        for m in self._resolve([speaker], mentions, places, last_actors, exclude).mentions
                        if m not in res.mentions
                    )
                continue
            if head.lemma_.lower() in territory:
                res.territory_words = True
                res.places.extend(argument_places(places, [head]))
                continue
            if head.pos_ in ("NOUN", "PROPN") and lower not in NON_ACTORS:
                if entry is not None:
                    start, end = phrase_span(head)
                text = doc_text(head.doc)[start:end]
                res.mentions.append(
                    ActorMention(
                        text,
                        start,
                        end,
                        kind="unresolved",
                        method="event_argument",
                        reason="no actor mention on this argument; span taken from the parse",
                        score=0.3,
                    )
                )
        return res

    # ------------------------------------------------------------------ one trigger → events
    def _events_for(
        self,
        doc: Document,
        si: int,
        sent: Span,
        prev: Span | None,
        trig: Trigger,
        mentions: list[ActorMention],
        places: list[Place],
        cands: list[Candidate],
        last_actors: list[ActorMention],
        reframe: Reframe | None = None,
    ) -> list[Event]:
        lex = self.lex
        frame = extract_arguments(trig, self.event_nouns)
        recent = [m for m in mentions if m.start < trig.token.idx and m.start >= (prev or sent).start_char]
        recent = recent or last_actors
        actors = self._resolve(frame.actors, mentions, places, recent, entry=trig.entry)
        recips = self._resolve(
            frame.recipients, mentions, places, recent, exclude=actors.mentions, entry=trig.entry
        )
        against = self._resolve(frame.against, mentions, places, recent)
        actor_keys = {m.actor_id or m.text for m in actors.mentions}
        recips.mentions = [m for m in recips.mentions if (m.actor_id or m.text) not in actor_keys]
        if trig.entry.has("base_object") or trig.entry.has("group_object"):
            words = self.lex.word_set("base_words" if trig.entry.has("base_object") else "group_words")
            heads = frame.recipients + [
                o for d in trig.token.children if d.dep_ == "dobj" for o in conjuncts(d)
            ]  # event nouns ("formed a new alliance") are filtered out of the recipients
            objs = [t for t in heads if t.lemma_.lower() in words or t.lower_ in words]
            if not objs:
                return []
            recips = _Resolved([], recips.places)
        reasons = [f"trigger {trig.entry.id!r} ({' '.join(t.text for t in trig.tokens)})"]
        antecedent = None
        definite = trig.is_noun and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in trig.token.children)
        if definite and not actors.mentions:
            antecedent = next(
                (c for c in reversed(cands) if c.event.type == trig.entry.type and c.sent_index >= si - 3),
                None,
            )
            if antecedent is not None:
                actors.mentions = list(antecedent.event.actors)
                reasons.append(f"actor from the earlier event that {trig.token.text!r} refers back to")
                antecedent = None
        if frame.anaphor is not None:
            lemma = frame.anaphor.lemma_.lower()
            antecedent = next((c for c in reversed(cands) if c.lemma == lemma), None)
            if antecedent is None:
                antecedent = next((c for c in reversed(cands) if c.event.type == trig.entry.type), None)
            if antecedent is not None and not actors.mentions:
                actors.mentions = list(antecedent.event.actors)
                reasons.append(f"actor from the antecedent event of {frame.anaphor.text!r}")
        attrs = extract_attributes(sent, lex, clause_span([trig.governor or trig.token]))
        if (
            trig.entry.type == "AID"
            and "mobilize" in lex.entries
            and own_members(frame.recipients, lex.word_set("own_member_words"))
        ):
            # "send them across the border to its elements in Iraq": no aid to another actor
            mode = (
                "weapons" if attrs.weapons or lex.cue_regex("materiel_words").search(sent.text) else "troops"
            )
            trig = replace(trig, entry=lex.entries["mobilize"], mode=mode)
            # where they are is where the resources go ("to its elements in Iraq")
            dest = [pl for h in frame.recipients for pl in places_in(places, *phrase_span(h))]
            recips = _Resolved([], recips.places or dest[:1], recips.territory_words)
            reasons.append(
                "sent to the actor's own members: a movement of its own resources (MOBILIZE), not AID"
            )
        two_sided = frame.two_sided
        disaster = trig.entry.has("disaster")
        if (
            not disaster
            and not actors.mentions
            and not recips.mentions
            and not recips.places
            and attrs.fatalities is None
        ):
            return []
        if trig.entry.has("needs_target") and not any(
            c.dep_ == "prep"
            and c.lower_ in TARGET_PREPS
            and not any(o.ent_type_ in ("DATE", "TIME") for o in c.children)
            for d in [trig.token, *(o for o in trig.token.children if o.dep_ == "dobj")]
            for c in (d.subtree if d.i != trig.token.i else d.children)
        ):
            return []  # "fired a minister" is no attack; "fired rockets at Ashkelon" is
        if trig.entry.has("needs_target") and not projectile_object(trig.token, self.lex):
            return []  # "launched legal action against X" is no attack
        if trig.entry.has("needs_object") and not (
            recips.mentions or recips.places or recips.territory_words or two_sided
        ):
            return []
        modality = assess(sent, trig.token, trig.governor, lex)
        if modality.modality == "question":
            return []  # "What are the parties that support it?" asks, it does not report
        trig, retyped = object_retype(trig, lex, bool(recips.places or recips.territory_words))
        if retyped:
            reasons.append(retyped)
        if trig.entry.type == "AID" and all(m.kind == "unresolved" for m in recips.mentions):
            state = beneficiary_state(trig.governor or trig.token, places)
            if state is not None:  # "provided humanitarian assistance in Yemen": Yemen receives it
                recips = _Resolved([state], recips.places, recips.territory_words)
                reasons.append(state.reason)
        if trig.entry.has("civil_actor") and any(
            is_state(m, lex) or (is_armed(m, lex) and m.method != "ner") for m in actors.mentions
        ):
            # "soldiers blocked the road": armed actors restrict movement, they do not protest
            trig = replace(trig, entry=lex.entries["restrict"], mode="restrict")
            reasons.append("armed actor: a restriction, not a protest")
        reframe = reframe or intent_reframe(trig, modality)
        if reframe is not None:
            # the statement is the event: a threat, promise, demand or refusal (framing.py)
            if reframe.type != trig.entry.type:
                entry = replace(
                    trig.entry, id=f"{trig.entry.id}>{reframe.type.lower()}", type=reframe.type, acled=None
                )
                trig = replace(trig, entry=entry, mode=reframe.mode)
            elif reframe.mode:
                trig = replace(trig, mode=reframe.mode)
            reasons.append(reframe.reason)
            speakers = self._resolve(list(reframe.speakers), mentions, places, recent).mentions
            if speakers:  # the speaker demands; the obliged party is the recipient
                recips.mentions = [m for m in actors.mentions if m not in speakers]
                actors.mentions = speakers
            if reframe.type != "REJECT":
                modality.negated = False
            if modality.modality in ("future", "hypothetical"):
                modality.modality = "factual"
        elif (
            (trig.entry.type == "AGREE" or trig.entry.has("agreement_noun"))
            and trig.governor is not None
            and verb_forms(trig.governor) & lex.word_set("signing_verbs")
            and modality.modality == "factual"
            and not modality.negated
        ):
            # the manual's SUPPORT: "ratify, sign, or finalize an agreement" (a promise to sign is AGREE)
            trig = replace(trig, entry=replace(trig.entry, type="SUPPORT"), mode=None)
            reasons.append(f"{trig.governor.text!r} an agreement: SUPPORT")
        if modality.modality in ("hypothetical", "future") and not (recips.mentions or recips.places):
            return []  # a possibility with nothing concrete to code
        statement = is_statement(trig.entry, trig.token, lex, trig.governor)
        heads = [trig.token] + ([trig.governor] if trig.governor is not None else [])
        date = choose_date(doc, sent, heads)
        if antecedent is not None and not date.text and antecedent.event.date.text:
            date = antecedent.event.date
        object_places = recips.places or [None]  # type: ignore[list-item]
        events = []
        for place in object_places:
            context_sent = prev if trig.entry.type in MATERIAL_TYPES else None
            location = choose_location(
                doc,
                sent,
                trig.governor or trig.token,
                place,
                places,
                context_sent,
                verbal=trig.entry.type in VERBAL_TYPES,
            )
            taken_from_armed = trig.entry.has("territory") and bool(
                frame.source
                and any(
                    is_armed(m, lex) for m in self._resolve(frame.source, mentions, places, recent).mentions
                )
            )
            sides = SideInfo(
                actors.mentions,
                recips.mentions,
                two_sided,
                bool(recips.places or recips.territory_words or taken_from_armed),
                not taken_from_armed
                and any(m.kind == "person" or is_civilian(m, lex) for m in recips.mentions),
            )
            acled_type, acled_sub, acled_reason = map_acled(
                trig.entry, sides, attrs.weapon_acled, sent.text, lex
            )
            mode = trig.mode
            if trig.entry.type == "ASSAULT" and mode is None and attrs.weapon_mode:
                mode = attrs.weapon_mode
            if acled_sub == "Abduction/forced disappearance" and trig.entry.type == "COERCE":
                mode = "abduct"
            if acled_sub == "Sexual violence":
                mode = "sexual"
            context = list(trig.entry.context)
            if modality.negated:
                context.append("negation")
            if modality.modality != "factual":
                context.append(modality.modality)
            if attrs.weapon_mode == "unconventional":
                context.append("cbrn")
            ev_start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            ev_end = sent.start_char + len(sent.text.rstrip())
            evidence = doc.span(ev_start, ev_end)
            attributes: dict[str, Any] = {
                "modality": modality.modality,
                "two_sided": two_sided,
                "acled_reason": acled_reason,
                "trigger_id": trig.entry.id,
                "statement": statement,
                "material": trig.entry.has("material") and not modality.negated,
            }
            if modality.cues:
                attributes["modality_cues"] = dict(modality.cues)
            if attrs.weapons:
                attributes["weapons"] = attrs.weapons
            if against.mentions:
                attributes["against"] = [m.to_ref() for m in against.mentions]
            if antecedent is not None:
                attributes["antecedent"] = antecedent.event.id
            if attrs.operation:
                attributes["operation"] = attrs.operation
            if location is not None:
                attributes["location_reason"] = location.reason
            if frame.passive:
                attributes["voice"] = "passive"
            if frame.from_content:
                attributes["recipients_from_content"] = True
            confidence = 0.45 + 0.15 * bool(actors.mentions) + 0.1 * bool(recips.mentions or place)
            confidence += 0.1 * bool(location and location.precision != 3) + 0.1 * bool(date.text)
            confidence -= 0.15 * any(m.kind == "unresolved" for m in actors.mentions)
            key = f"{doc.id}|{ev_start}|{ev_end}|{trig.entry.type}|{trig.start}|{place.geonameid if place else ''}"
            events.append(
                Event(
                    id="ev_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
                    type=trig.entry.type,
                    mode=mode,
                    context=context,
                    acled_event_type=acled_type,
                    acled_sub_event_type=acled_sub,
                    actors=list(actors.mentions),
                    recipients=list(recips.mentions),
                    location=location,
                    date=date,
                    evidence=evidence,
                    certainty=modality.certainty,
                    negated=modality.negated,
                    fatalities=attrs.fatalities if trig.entry.type == "ASSAULT" else None,
                    injured=attrs.injured if trig.entry.type == "ASSAULT" else None,
                    confidence=max(0.05, min(1.0, confidence)),
                    reason="; ".join(reasons + [acled_reason]),
                    trigger=doc.span(trig.start, trig.end),
                    attributes=attributes,
                    component=self.component,
                )
            )
        return events

    # ------------------------------------------------------------------ the document
    def sentences(self, doc: Document) -> list[Span]:
        """Parsed sentences inside coded zones (title, lede, caption, body...)."""
        zones = doc.coded_zones()
        out = []
        for sent in doc.spacy_doc.sents:
            if not sent.text.strip():
                continue
            mid = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            if any(z.start <= mid < z.end for z in zones):
                out.append(sent)
        return out

    def __call__(self, doc: Document) -> Document:
        if doc.spacy_doc is None:
            doc.warnings.append("events: no spaCy parse on the document; no events coded")
            doc.events = []
            return doc
        places = usable_places(doc)
        mentions = sorted(
            [*doc.actor_mentions, *fallback_mentions(doc, places)], key=lambda m: (m.start, m.end)
        )
        cands: list[Candidate] = []
        last_actors: list[ActorMention] = []
        sents = self.sentences(doc)
        for si, sent in enumerate(sents):
            prev = (
                sents[si - 1]
                if si and "\n\n" not in doc.text[sents[si - 1].end_char - 1 : sent.start_char + 1]
                else None
            )
            trig_index: dict[int, int] = {}
            triggers = find_triggers(sent, self.lex)
            by_token: dict[int, Trigger] = {}
            for trig in triggers:
                by_token.setdefault(trig.token.i, trig)
                if trig.governor is not None:
                    by_token.setdefault(trig.governor.i, trig)
            hosts = {id(t): complement_host(t, by_token) or protest_of_topic(t, by_token) for t in triggers}
            contents: dict[int, Trigger] = {}
            for trig in triggers:
                host = hosts[id(trig)]
                if host is not None:
                    contents.setdefault(id(host), trig)
            coded: set[int] = set()
            # hosts (and free triggers) first; a content trigger is coded only if its host was not
            ordered = [t for t in triggers if hosts[id(t)] is None] + [t for t in triggers if hosts[id(t)]]
            for trig in ordered:
                host = hosts[id(trig)]
                if host is not None and id(host) in coded:
                    continue  # "threatened to shell X": the shelling is the threat's content
                if len(triggers) > 1 and is_background(trig, extract_arguments(trig, self.event_nouns)):
                    continue
                content = contents.get(id(trig))
                reframe = host_reframe(trig, content) if content is not None else None
                new_events = self._events_for(
                    doc, si, sent, prev, trig, mentions, places, cands, last_actors, reframe
                )
                if new_events:
                    coded.add(id(trig))
                for event in new_events:
                    cand = Candidate(event, si, trig.token.lemma_.lower())
                    cand.main_clause = any(t.dep_ == "ROOT" for t in trig.tokens)
                    cand.clause_depth = clause_depth(trig, self.lex)
                    ante = event.attributes.get("antecedent")
                    cand.anaphor_of = next((k for k, c in enumerate(cands) if c.event.id == ante), None)
                    head = trig.token.head
                    if trig.token.dep_ in ("advcl", "xcomp") and head.i in trig_index:
                        cand.subordinate_of = trig_index[head.i]
                    trig_index.setdefault(trig.token.i, len(cands))
                    if trig.governor is not None:
                        trig_index.setdefault(trig.governor.i, len(cands))
                    cands.append(cand)
                    if event.actors:
                        last_actors = [m for m in event.actors if m.kind != "unresolved"] or last_actors
            for m in mentions:
                if (
                    sent.start_char <= m.start < sent.end_char
                    and m.kind != "unresolved"
                    and m.kind not in ("generic",)
                ):
                    pass
        events = resolve_coreference(cands)
        index = {id(c.event): c for c in cands}
        for event in events:
            cand = index[id(event)]
            zone = doc.zone_at(event.evidence.start)
            rank = 1.0 / (1 + cand.clause_depth)
            event.salience = salience.score(event, zone.name if zone else "body", cand.sent_index, rank)
            event.attributes["quad_class"] = quad_class(event)
            event.attributes["quad"] = QUAD_NAMES[event.attributes["quad_class"]]
        doc.events = sorted(events, key=lambda e: -e.salience)
        return doc


registry.register("events", "marsad.event_coder", "1.0")(EventCoder)
