"""Speech-act framing: which trigger of a sentence is the event, and what a statement codes.

PLOVER codes statements and verbal acts as their own event types (THREATEN, REQUEST, REJECT,
ACCUSE, AGREE, SUPPORT, CONCEDE...): in "Iran threatened to shell Iraqi towns" the event is the
threat, and the shelling is its content (the THREATEN mode), not a second event. Likewise a
cooperative action announced for the future is an AGREE ("Portugal will support Turkey's
bid"; a future release or retreat too: CAMEO2PLOVER maps CAMEO 035 "express intent to yield"
to AGREE), a future use of force or coercion, or any action made conditional ("will withdraw
its force unless..."), a THREATEN ("will impose a curfew"), an obligation put on someone a
REQUEST ("Sudan must return the helicopter"), and a refused or failed cooperation a REJECT
("will not accept any more refugees", "failed to reach agreement").

Input: the triggers of one sentence (:class:`~marsad.events.triggers.Trigger`) and the modality
of each (:class:`~marsad.events.modality.Modality`). Output: for each trigger either the
verbal trigger whose complement it is (:func:`complement_host`: it is then not coded on its
own), or a :class:`Reframe` — the PLOVER type and mode the statement codes, with a reason.
The clause rank of a trigger (:func:`clause_depth`) tells salience which event heads the
sentence: reporting verbs ("said", "announced") do not count as a clause of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from marsad.events.lexicon import Lexicon
from marsad.events.modality import Modality
from marsad.events.triggers import Trigger

REPORTED_DEPS = frozenset(["ccomp", "xcomp", "parataxis", "dobj", "conj"])
# dependency links that enter a subordinate clause (clause_depth)
CLAUSE_DEPS = frozenset(["advcl", "relcl", "acl", "ccomp", "csubj", "csubjpass", "pcomp", "parataxis"])
# verbal types whose complement clause or object is the content of the speech act
HOST_TYPES = frozenset(["THREATEN", "REQUEST", "REJECT", "ACCUSE", "AGREE", "SUPPORT", "CONCEDE"])
# dependency steps allowed on the way from a content trigger up to its host
CONTENT_DEPS = frozenset(["xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "oprd"])
COOPERATIVE = frozenset(["CONSULT", "SUPPORT", "COOPERATE", "AID", "AGREE"])
YIELDING = frozenset(["RETREAT", "CONCEDE"])
CONFLICTUAL = frozenset(["ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"])
INTENT_MODALS = frozenset(["will", "shall", "'ll", "would", "wo", "going"])
OBLIGATION_MODALS = frozenset(["must", "should"])
# "is willing/ready/prepared to", "vowed/swore to": the complement is a stated intention
INTENT_HEADS = frozenset(
    ["willing", "ready", "prepared", "determined", "poised", "set", "eager", "intend", "plan", "vow", "swear"]
)
# "refused/failed/declined to": a cooperation that is turned down
REFUSAL_HEADS = frozenset(["fail", "refuse", "decline", "unwilling", "reluctant"])
# AGREE verbs of solemn commitment: committing to violence is a threat ("vowed to fight on")
VOW_LEMMAS = frozenset(["vow", "swear", "pledge"])


@dataclass(frozen=True)
class Reframe:
    """The PLOVER type and mode a statement codes, and why."""

    type: str
    mode: str | None
    reason: str
    speakers: tuple[Token, ...] = ()  # who puts an obligation on the actor ("Russia said Sudan must")


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def content_mode(host_type: str, content: Trigger) -> str | None:
    """The host's PLOVER mode from the content of the speech act (manual tables per type)."""
    ctype, cmode = content.entry.type, content.mode or content.entry.mode
    if host_type == "THREATEN":
        if ctype == "ASSAULT":
            return "violence"
        if ctype == "COERCE":
            if cmode == "arrest":
                return "arrest"
            if cmode == "deport":
                return "expel"
            if content.entry.has("territory"):
                return "territory"
            return "restrict"
        if ctype == "PROTEST":
            return "restrict"
        if ctype == "SANCTION":
            return "relations"
        return None
    if host_type in ("REQUEST", "REJECT"):
        if ctype in ("AID", "COOPERATE", "SUPPORT"):
            return "assist"
        if ctype in YIELDING:
            return "yield"
        if ctype in ("CONSULT", "AGREE"):
            return "meet"
        return "change"
    return None


def complement_host(trig: Trigger, by_token: dict[int, Trigger], depth: int = 0) -> Trigger | None:
    """The verbal trigger whose complement (clause or object) contains ``trig``, if any.

    Climbs from the trigger (or its light verb) through complement dependencies ("threatened
    [to shell]", "demanded [that X end curbs]", "accused X [of attacking]"); the first
    trigger met decides: a verbal host absorbs it, any other trigger ends the search. A
    relative clause inside a content noun ("condemned the attack [which killed nine]") and a
    verb coordinated with a content verb belong to the same content.
    """
    cur = trig.governor or trig.token
    for _ in range(6):
        dep = cur.dep_
        if dep not in CONTENT_DEPS and dep not in ("conj", "relcl") or cur.head.i == cur.i:
            return None
        parent = cur.head
        host = by_token.get(parent.i)
        if host is not None and host is not trig:
            if dep == "conj":  # "threatened to shell X and attack Y": share the first one's host
                return complement_host(host, by_token, depth + 1) if depth < 3 else None
            if dep == "relcl":
                # "a general strike that shut down the capital": the clause says what the event
                # did, it is no event of its own; other relative clauses are ("the group that
                # attacked X" has no event noun as its head)
                relative_subject = any(
                    c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP") for c in cur.children
                )
                return (
                    host if host.is_noun and relative_subject and host.entry.type != trig.entry.type else None
                )
            return host if host.entry.type in HOST_TYPES and host.entry.type != trig.entry.type else None
        cur = parent
    return None


TOPIC_TYPES = frozenset(["REQUEST", "REJECT", "ACCUSE", "THREATEN"])
TOPIC_DEPS = frozenset(["advcl", "xcomp", "acl", "prep", "pobj", "pcomp", "dobj"])


def protest_of_topic(trig: Trigger, by_token: dict[int, Trigger]) -> Trigger | None:
    """The protest whose purpose or topic a verbal trigger states, if any ("staged rallies to
    demand reforms", "a hunger strike in protest against violations"): the manual codes the
    protest, not its topic."""
    if trig.entry.type not in TOPIC_TYPES:
        return None
    cur = trig.governor or trig.token
    for _ in range(4):
        if cur.dep_ not in TOPIC_DEPS or cur.head.i == cur.i:
            return None
        cur = cur.head
        other = by_token.get(cur.i)
        if other is not None and other is not trig:
            return other if other.entry.type == "PROTEST" else None
    return None


def host_reframe(host: Trigger, content: Trigger) -> Reframe | None:
    """How a verbal trigger's content changes it: a vow to use force is a threat."""
    if host.entry.type == "AGREE" and _lemma(host.token) in VOW_LEMMAS and content.entry.type in CONFLICTUAL:
        return Reframe(
            "THREATEN",
            content_mode("THREATEN", content),
            f"{host.token.text!r} commits to {content.entry.type.lower()}: a threat",
        )
    mode = content_mode(host.entry.type, content)
    if mode is None:
        return None
    return Reframe(host.entry.type, mode, f"content of the {host.entry.type.lower()}: {content.token.text!r}")


def _governing_head(trig: Trigger) -> Token | None:
    """The word an infinitive trigger complements ("willing [to withdraw]", "failed [to reach]")."""
    cur = trig.governor or trig.token
    if cur.dep_ in ("xcomp", "acl") and cur.head.i != cur.i:
        return cur.head
    return None


def _speakers(trig: Trigger) -> list[Token]:
    """Subjects of the verb whose complement clause the trigger heads ("Russia [said] Sudan must...")."""
    cur = trig.governor or trig.token
    if cur.dep_ != "ccomp" or cur.head.pos_ not in ("VERB", "AUX"):
        return []
    return [c for c in cur.head.children if c.dep_ == "nsubj"]


def _unless(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "unless" for c in clause.children)


def _modals(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ == "aux"}


def intent_reframe(trig: Trigger, modality: Modality) -> Reframe | None:
    """A stated intention, obligation or refusal instead of the action itself (see module doc)."""
    ttype = trig.entry.type
    heads = [trig.token] + ([trig.governor] if trig.governor is not None else [])
    gov = _governing_head(trig)
    chain = [*heads, *([gov] if gov is not None else [])]
    modals = set().union(*(_modals(h) for h in chain))
    gov_lemma = _lemma(gov) if gov is not None else ""
    refused = gov_lemma in REFUSAL_HEADS
    if (modality.negated or refused) and ttype in COOPERATIVE | YIELDING:
        cue = (
            gov.text
            if refused and gov is not None
            else modality.cues.get("negation", "not")
            if modality.cues
            else "not"
        )
        return Reframe("REJECT", content_mode("REJECT", trig), f"cooperation refused ({cue!r})")
    if modality.negated or refused:
        return None
    if modals & OBLIGATION_MODALS and ttype != "REQUEST":
        word = sorted(modals & OBLIGATION_MODALS)[0]
        return Reframe(
            "REQUEST",
            content_mode("REQUEST", trig),
            f"an obligation put on the actor ({word!r})",
            speakers=tuple(_speakers(trig)),
        )
    intent = modals & INTENT_MODALS or gov_lemma in INTENT_HEADS
    if not intent:
        return None
    cue = gov.text if gov_lemma in INTENT_HEADS and gov is not None else sorted(modals & INTENT_MODALS)[0]
    condition = next((c for h in chain for c in h.children if c.dep_ == "advcl" and _unless(c)), None)
    if condition is not None and ttype in COOPERATIVE | YIELDING | CONFLICTUAL:
        return Reframe(
            "THREATEN", content_mode("THREATEN", trig), f"an action made conditional ({cue!r} ... 'unless')"
        )
    if ttype in COOPERATIVE | YIELDING:
        # CAMEO 03 "express intent to cooperate / to yield" (CAMEO2PLOVER: AGREE)
        return Reframe("AGREE", None, f"cooperation stated as an intention ({cue!r})")
    if ttype in CONFLICTUAL:
        return Reframe("THREATEN", content_mode("THREATEN", trig), f"force or coercion announced ({cue!r})")
    return None


def clause_depth(trig: Trigger, lex: Lexicon) -> int:
    """How many clause boundaries separate the trigger from the sentence's main clause.

    Counts the subordinate-clause links on the way from the trigger (or its light verb) up to
    the root: adverbial, relative and participial clauses, clausal complements and subjects.
    Infinitival complements ("is about to restore", "decided to approve") and coordinated
    clauses are part of their head's clause, and the content of a reporting verb ("said",
    "announced", "reported") is not below it, so the complement of "X said" is a main clause
    while an adverbial clause ("one day after a jet shot down a helicopter") is not.
    """
    reporting = lex.word_set("reporting_verbs")
    cur = trig.governor or trig.token
    depth = 0
    for _ in range(10):
        if cur.head.i == cur.i:
            break
        dep, cur = cur.dep_, cur.head
        if dep not in CLAUSE_DEPS:
            continue
        if _lemma(cur) in reporting and dep in REPORTED_DEPS:
            continue  # the content of "X said": not a clause below the main one
        depth += 1
    return depth
