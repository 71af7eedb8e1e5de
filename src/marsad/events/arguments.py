"""Arguments from the dependency parse: who did it (actor), to whom (recipient).

Input: a :class:`~marsad.events.triggers.Trigger`. Output: an :class:`ArgFrame` of head
tokens — actors and recipients through active and passive voice ("was captured by X" → X is
the actor), coordination ("Samarra and Mosul" → two heads), prepositional roles ("against",
"on", "between A and B" → a two-sided event), subjects inherited by coordinated, controlled
and participial verbs, and relative clauses. Mapping heads to actor mentions and places is
done by the coder (character-span overlap).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from marsad.events.triggers import Trigger

SUBJ = ("nsubj", "csubj", "expl")
RECIPIENT_PREPS = frozenset(
    ["against", "on", "upon", "at", "into", "onto", "targeting", "toward", "towards", "inside"]
)
PARTNER_PREPS = frozenset(["with"])
SIDE_ENTS = frozenset(["PERSON", "ORG", "NORP", "GPE"])
PARTNER_TYPES = frozenset(["AGREE", "CONSULT", "COOPERATE"])  # "with X" names the other party
TIME_ENTS = frozenset(["DATE", "TIME"])  # "on Thursday" is a date, never a side
# trigger nouns that name people, not events: "Protesters rallied" has an actor, not an anaphor
PEOPLE_NOUNS = frozenset(["protester", "protestor", "demonstrator", "marcher", "rioter", "striker"])
DATIVE_PREPS = frozenset(["to"])
VERBAL_TYPES = frozenset(
    ["SUPPORT", "AGREE", "REQUEST", "ACCUSE", "CONSULT", "THREATEN", "REJECT", "AID", "CONCEDE"]
)
COMMUNICATION_NOUNS = frozenset(
    [
        "statement",
        "message",
        "letter",
        "video",
        "speech",
        "communique",
        "tweet",
        "post",
        "announcement",
        "declaration",
    ]
)
# verbs that move a thing to someone: "gave $2 million to Nigeria", "sent troops to Mali" — the
# "to" object is the recipient, the direct object only what is moved
TRANSFER_VERBS = frozenset(
    [
        "give",
        "provide",
        "send",
        "deploy",
        "deliver",
        "supply",
        "donate",
        "return",
        "hand",
        "transfer",
        "extradite",
        "allocate",
        "grant",
        "offer",
        "pledge",
        "dispatch",
        "ship",
        "airlift",
        "contribute",
        "lend",
        "sell",
        "channel",
        "disburse",
        "extend",
        "repatriate",
        "deport",
        "share",
        "exchange",
        "surrender",
        "capitulate",
        "cede",
        "yield",
        "defect",
    ]
)
RECEIVING_PREP = {"share": "with", "exchange": "with"}  # else "to"
# what someone said or asked, whose "by/from" object is the other side of a reply
# ("rejected accusations by the US", "accepted an offer from Iran")
SPEECH_NOUNS = frozenset(
    [
        "accusation",
        "allegation",
        "claim",
        "charge",
        "demand",
        "request",
        "offer",
        "call",
        "proposal",
        "invitation",
        "criticism",
        "appeal",
        "warning",
        "threat",
        "plea",
        "suggestion",
        "ultimatum",
    ]
)
# prepositions inside an object's phrase that name the side ("suspended aid to Guatemala")
NESTED_PREPS = frozenset(["to", "with", "against", "for"])
PRONOUNS = frozenset(["it", "they", "he", "she", "them", "him", "her", "its", "their", "we", "i"])


@dataclass
class ArgFrame:
    actors: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    two_sided: bool = False
    passive: bool = False
    anaphor: Token | None = None  # an event noun standing for the actor ("Those invasions targeted")
    against: list[Token] = field(default_factory=list)  # the common opponent of a two-sided event
    source: list[Token] = field(default_factory=list)  # "from X": whom a place/person is taken from
    from_content: bool = False  # the recipients are the objects of the act's content ("agreed to import X")


def conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the heads coordinated with it ("Samarra, ..., and Mosul"), depth first in
    text order; iterative, as a list of a thousand places chains a thousand ``conj`` arcs."""
    out: list[Token] = []
    stack = [tok]
    while stack:
        cur = stack.pop()
        out.append(cur)
        kids = [
            c for c in cur.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ", "NUM")
        ]
        stack.extend(reversed(kids))
    return out


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _pobjs(prep: Token) -> list[Token]:
    out: list[Token] = []
    for obj in _children(prep, "pobj", "pcomp"):
        if obj.pos_ in ("VERB", "AUX"):  # "against what it calls X" → X
            obj = next(
                (c for c in obj.children if c.dep_ in ("oprd", "dobj") and c.tag_ not in ("WP", "WDT")), None
            )
            if obj is None:
                continue
        out.extend(c for c in conjuncts(obj) if c.ent_type_ not in TIME_ENTS)
    return out


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "conj") and not _children(verb, "nsubj", "aux")
    )


def _agent(verb: Token) -> list[Token]:
    return [o for a in _children(verb, "agent") for o in _pobjs(a)]


def _subjects(verb: Token, depth: int = 0) -> tuple[list[Token], list[Token]]:
    """(agents, patients) of a verb: its subject(s), or those it inherits from its head."""
    subj = [c for s in _children(verb, *SUBJ) for c in conjuncts(s)]
    psubj = [c for s in _children(verb, "nsubjpass") for c in conjuncts(s)]
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        # "men who attacked a village": the relative pronoun stands for the noun it modifies
        subj = [verb.head if t.tag_ in ("WP", "WDT") else t for t in subj]
        psubj = [verb.head if t.tag_ in ("WP", "WDT") else t for t in psubj]
    if subj or psubj or depth > 3:
        if psubj:
            return _agent(verb), psubj
        return subj, []
    head = verb.head
    if head.i == verb.i:
        return [], []
    if verb.dep_ == "conj":
        agents, patients = _subjects(head, depth + 1)
        if _is_passive(verb) and not _is_passive(head):
            return _agent(verb), agents
        if _is_passive(verb):
            return (_agent(verb) or agents), patients
        return agents, []
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ == "acl" and infinitive and head.head.pos_ in ("VERB", "AUX"):
        return _subjects(head.head, depth + 1)[0], []  # "ISIS has the ability to launch"
    if (
        verb.dep_ in ("acl", "relcl")
        and head.lemma_.lower() in COMMUNICATION_NOUNS
        and head.head.pos_ in ("VERB", "AUX")
    ):
        return _subjects(head.head, depth + 1)[0], []  # "issued a statement apologizing to"
    if verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and infinitive):
        obj = _children(head, "dobj")
        if obj:
            return conjuncts(obj[0]), []
        return _subjects(head, depth + 1)[0], []
    if verb.dep_ in ("advcl", "pcomp", "ccomp") and verb.tag_ == "VBG":
        return _subjects(head, depth + 1)[0], []
    if verb.dep_ == "advcl":
        return _subjects(head, depth + 1)[0], []
    if verb.dep_ == "acomp":  # "Arnor is about / willing / ready [to restore ties]"
        return _subjects(head, depth + 1)[0], []
    if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        if _is_passive(verb):
            return _agent(verb), [head]
        return [head], []
    return [], []


def _prep_roles(tok: Token, frame: ArgFrame, two_sided: bool, verbal: bool, partner: bool = False) -> None:
    for prep in _children(tok, "prep", "agent"):
        word = prep.lower_
        objs = _pobjs(prep)
        if not objs:
            continue
        if word == "between" or (word == "among" and two_sided):
            frame.actors.extend(objs[:1])
            frame.recipients.extend(objs[1:])
            frame.two_sided = True
        elif word == "by" and (prep.dep_ == "agent" or tok.pos_ in ("NOUN", "PROPN")):
            frame.actors.extend(objs)
        elif word in RECIPIENT_PREPS:
            if word == "at" and verbal:  # "will meet X at a working lunch": an occasion, not a side
                objs = [o for o in objs if o.ent_type_ in SIDE_ENTS]
            frame.recipients.extend(objs)
        elif word == "from":
            frame.source.extend(objs)
        elif word in PARTNER_PREPS and two_sided:
            frame.recipients.extend(objs)
            frame.two_sided = True
        elif (
            (word in PARTNER_PREPS and partner)  # "signed a deal with X", "met with X"
            or (word in DATIVE_PREPS and verbal)
            or (word == "of" and tok.pos_ in ("NOUN", "PROPN"))
        ):
            frame.recipients.extend(objs)


def _noun_frame(trig: Trigger) -> ArgFrame:
    tok = trig.token
    frame = ArgFrame()
    two_sided = trig.entry.has("two_sided")
    verbal = trig.entry.type in VERBAL_TYPES
    _prep_roles(tok, frame, two_sided, verbal, trig.entry.type in PARTNER_TYPES)
    for child in tok.children:
        if (
            child.dep_ == "poss"
            or child.dep_ in ("compound", "amod")
            and child.pos_ in ("PROPN", "ADJ")
            and child.ent_type_
        ):
            frame.actors.append(child)
    gov = trig.governor
    if gov is not None:
        agents, patients = _subjects(gov)
        if trig.defensive:
            frame.recipients.extend(agents or patients)
        else:
            governed = agents or ([] if _is_passive(gov) else patients)
            if governed and all(a.pos_ == "PRON" for a in frame.actors):
                # "the envoy offered his condolences": the light verb's subject, not "his"
                frame.actors = list(governed)
            _prep_roles(gov, frame, two_sided, verbal, trig.entry.type in PARTNER_TYPES)
    elif tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        # "clashes erupted between A and B"
        _prep_roles(tok.head, frame, two_sided, verbal, trig.entry.type in PARTNER_TYPES)
    if two_sided and len(frame.actors) > 1:
        # "A and B fought heavy battles on the outskirts": A and B are the two sides
        frame.against.extend(frame.recipients)
        frame.recipients, frame.actors, frame.two_sided = frame.actors[1:], frame.actors[:1], True
    return frame


def _verb_frame(trig: Trigger) -> ArgFrame:
    verb = trig.token
    frame = ArgFrame()
    two_sided = trig.entry.has("two_sided")
    verbal = trig.entry.type in VERBAL_TYPES
    agents, patients = _subjects(verb)
    frame.passive = bool(patients) or _is_passive(verb)
    frame.actors.extend(agents)
    frame.recipients.extend(patients)
    if not frame.passive and not trig.entry.has("needs_target"):  # "fired rockets at X": X is hit
        for obj in _children(verb, "dobj", "dative"):
            # a dative "to" (the parser's "sent weapons [to Syria]") stands for its object
            frame.recipients.extend(_pobjs(obj) if obj.pos_ == "ADP" else conjuncts(obj))
        # a noun or name coordinated with the verb itself is a mis-parsed coordinated object
        for c in _children(verb, "conj"):
            if c.pos_ in ("PROPN", "NOUN") and frame.recipients:
                frame.recipients.append(c)
    elif trig.entry.has("needs_target"):  # "fired two shells at Seoul" with "at" on the object
        for obj in _children(verb, "dobj"):
            for prep in _children(obj, "prep"):
                if prep.lower_ in RECIPIENT_PREPS:
                    frame.recipients.extend(_pobjs(prep))
    phrase_ids = {t.i for t in trig.tokens}
    frame.recipients = [r for r in frame.recipients if r.i not in phrase_ids]
    receivers = (
        _transfer_receivers(verb) if verb.lemma_.lower() in TRANSFER_VERBS and not frame.passive else []
    )
    if receivers:  # "gave medical equipment to Nicaragua": the equipment is what is given
        themes = {o.i for obj in _children(verb, "dobj") for o in conjuncts(obj)}
        frame.recipients = [r for r in frame.recipients if r.i not in themes] + receivers
    for tok in trig.tokens[1:]:
        if tok.dep_ == "prep":
            frame.recipients.extend(_pobjs(tok))
        for child in tok.children:  # "took control of Raqqa": the prep hangs on "control"
            if child.dep_ == "prep" and child.i not in phrase_ids:
                frame.recipients.extend(_pobjs(child))
    return _finish_verb_frame(trig, frame, two_sided, verbal, skip_to=bool(receivers))


def _transfer_receivers(verb: Token) -> list[Token]:
    """The "to" objects of a transfer verb ("with" for "share"), on the verb or on its
    object's phrase ("provided $2 million in assistance to Fiji"), and its indirect object."""
    word = RECEIVING_PREP.get(verb.lemma_.lower(), "to")
    preps = [c for c in _children(verb, "prep", "dative") if c.lower_ == word and c.pos_ == "ADP"]
    datives = [o for d in _children(verb, "dative") if d.pos_ != "ADP" for o in conjuncts(d)]
    return datives + [o for p in preps for o in _pobjs(p)] + _phrase_objects(verb, frozenset([word]))


def _phrase_objects(tok: Token, words: frozenset[str], deps: tuple[str, ...] = ("dobj",)) -> list[Token]:
    """Objects of the prepositions ``words`` inside the phrase of ``tok``'s objects (through
    nouns and prepositions only, never into a clause): "suspended [aid to Guatemala]"."""
    out: list[Token] = []
    for obj in _children(tok, *deps):
        for sub in obj.subtree:
            path = [a for a in sub.ancestors if a.i == obj.i or obj.is_ancestor(a)]
            if (
                sub.dep_ == "prep"
                and sub.lower_ in words
                and sub.head.pos_ in ("NOUN", "PROPN", "NUM")
                and all(
                    a.dep_ in ("dobj", "prep", "pobj", "amod", "compound", "nummod", "quantmod") for a in path
                )
            ):
                out.extend(_pobjs(sub))
    return out


def _speech_sources(verb: Token) -> tuple[set[int], list[Token]]:
    """Objects that are someone's words, and who said them ("rejected accusations by the US")."""
    nouns: set[int] = set()
    sources: list[Token] = []
    for obj in _children(verb, "dobj"):
        if obj.lemma_.lower() not in SPEECH_NOUNS:
            continue
        found = [o for p in _children(obj, "prep", "agent") if p.lower_ in ("by", "from") for o in _pobjs(p)]
        if found:
            nouns.add(obj.i)
            sources.extend(found)
    return nouns, sources


def _finish_verb_frame(
    trig: Trigger, frame: ArgFrame, two_sided: bool, verbal: bool, skip_to: bool = False
) -> ArgFrame:
    """Prepositional roles of the verb and the two sides of a two-sided event."""
    verb = trig.token
    _prep_roles(verb, frame, two_sided, verbal and not skip_to, trig.entry.type in PARTNER_TYPES)
    if two_sided and len(frame.actors) > 1:
        # "A and B are cooperating against C": A and B are the sides, C what they act against
        frame.against, frame.recipients = frame.recipients, frame.actors[1:]
        frame.actors, frame.two_sided = frame.actors[:1], True
    elif two_sided and frame.actors and frame.recipients:
        frame.two_sided = True
    if verbal and not frame.passive:
        nouns, sources = _speech_sources(verb)
        if sources:  # "rejected accusations by the US": the accuser is the other side
            frame.recipients = [r for r in frame.recipients if r.i not in nouns] + sources
    if verbal and not frame.recipients and not frame.passive:
        frame.recipients.extend(_complement_objects(verb))
        frame.from_content = bool(frame.recipients)
    return frame


def _complement_objects(verb: Token) -> list[Token]:
    """Objects of the infinitive a verbal act is about, as its recipient ("threatened to strike
    South Korean sites", "agreed to import American products", "refuses to let aid agencies in")."""
    out: list[Token] = []
    for comp in _children(verb, "xcomp"):
        if comp.pos_ not in ("VERB", "AUX"):
            continue
        for obj in _children(comp, "dobj", "dative"):
            out.extend(conjuncts(obj))
        for prep in _children(comp, "prep"):
            if prep.lower_ in RECIPIENT_PREPS or prep.lower_ in PARTNER_PREPS:
                out.extend(_pobjs(prep))
    return out


def extract_arguments(trig: Trigger, event_nouns: frozenset[str] | set[str]) -> ArgFrame:
    """The argument frame of a trigger; an actor that is itself an event noun is an anaphor."""
    frame = _noun_frame(trig) if trig.is_noun else _verb_frame(trig)
    clean: list[Token] = []
    for tok in frame.actors:
        if (
            tok.pos_ == "NOUN"
            and tok.lemma_.lower() in event_nouns
            and tok.lemma_.lower() not in PEOPLE_NOUNS
        ):
            frame.anaphor = tok
        else:
            clean.append(tok)
    frame.actors = clean
    recipients: list[Token] = []
    for t in frame.recipients:  # event nouns out, each head once ("hack into X" finds X twice)
        if not (t.pos_ == "NOUN" and t.lemma_.lower() in event_nouns) and all(t.i != r.i for r in recipients):
            recipients.append(t)
    frame.recipients = recipients
    if not recipients and not frame.passive:
        frame.recipients = _nested_recipients(trig)
    return frame


def _nested_recipients(trig: Trigger) -> list[Token]:
    """The side named inside the phrase of what is acted on, when nothing else names one:
    "suspended [aid to Guatemala]", "cut [aid] to Mali", "a suspension [of aid to Pakistan]"."""
    tok = trig.token
    if not trig.is_noun:
        # "suspended aid [to Indonesia]" on the verb: only names, not "retreated to the desert"
        own = [
            o
            for p in _children(tok, "prep")
            if p.lower_ in ("to", "against")
            for o in _pobjs(p)
            if o.pos_ == "PROPN" or o.ent_type_ in SIDE_ENTS
        ]
        return own + _phrase_objects(tok, NESTED_PREPS)
    out = [o for p in _children(tok, "prep") if p.lower_ in ("to", "against") for o in _pobjs(p)]
    for prep in _children(tok, "prep"):
        if prep.lower_ == "of":
            out.extend(_phrase_objects(prep, NESTED_PREPS, deps=("pobj",)))
    return out
