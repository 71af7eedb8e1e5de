"""Who did it, to whom: the argument tagger chooses each event's actor and recipient.

Input: a Document whose events carry a trigger and evidence (any events component), with its
``actor_mentions``. Output: the same events, whose ``actors`` and ``recipients`` are the actor
mentions that the tagger's spans cover (:mod:`marsad.learned.argument_model`, read on the pair
*(trigger, sentence)*); a span no mention covers becomes an unresolved mention of its own text
(``method="argument_model"``). Every event records in ``attributes["arguments"]`` the tagger's
name@version, its spans with scores, and per side the deciding component and why; the parse
rules' sides stay in ``attributes["rules_sides"]`` and remain the sides when the tagger cannot
run (no onnxruntime, no model) — the fallback, with that reason. The rules are also evidence: a
tagged span below the model's ``min_score`` is kept when the rules chose the same side and the
tagger's score reaches ``rules_agreement_floor`` (both in the model's config, chosen on the
validation fifth of the training part).

Two kinds of tagged span are never a side, and leave that side to the rules (with the reason):
a span of function words alone ("of"; a lone "a" or "'s" stands for its noun's phrase), and an actor span headed by an event noun of the trigger
lexicon that no actor mention covers ("Those invasions targeted ..." — the event, whose actor the
rules find through its antecedent). In the annotated training part 3 of 1,642 actor spans are
event nouns (a summit, a conference), so the rule costs little where it is wrong.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from marsad.events.lexicon import Lexicon, load_lexicon
from marsad.events.location import usable_places
from marsad.learned.argument_model import (
    ArgumentModelUnavailable,
    ArgumentReading,
    ArgumentTagger,
    ScoredSpan,
    default_tagger,
)
from marsad.model import ActorMention, Document, Event, Place

SIDES = (("actor", "actors"), ("recipient", "recipients"))
# a span of these alone names nobody ("the"); pronouns do ("they") and stay
FUNCTION_POS = frozenset(["DET", "ADP", "CCONJ", "SCONJ", "PART", "PUNCT"])
# event nouns of the lexicon that also name the people who act ("the protesters", "the opposition")
AGENTIVE_NOUNS = frozenset(
    ["demonstrator", "protester", "marcher", "rioter", "patrol", "alliance", "opposition", "reinforcement"]
)


def _sentence_finder(doc: Document):  # type: ignore[no-untyped-def]
    """The parsed sentence holding an event's trigger (else its evidence start); the document's
    sentences are listed once, then found by bisection."""
    sents = list(doc.spacy_doc.sents)
    starts = [s.start_char for s in sents]

    def find(event: Event) -> Any:
        anchor = event.trigger.start if event.trigger else event.evidence.start
        i = bisect_right(starts, anchor) - 1
        return sents[i] if i >= 0 and anchor < sents[i].end_char else None

    return find


def mentions_for(span: tuple[int, int], mentions: list[ActorMention], text: str) -> list[ActorMention]:
    """The actor mentions a tagged span stands for: those inside it, else the one overlapping it
    most, else a new unresolved mention of the span itself."""
    s, e = span
    inside = [m for m in mentions if s <= m.start and m.end <= e]
    if inside:
        return _without_modifiers(_outermost(inside), text)
    overlapping = [m for m in mentions if m.start < e and s < m.end]
    if overlapping:
        return [max(overlapping, key=lambda m: min(e, m.end) - max(s, m.start))]
    return [
        ActorMention(
            text[s:e],
            s,
            e,
            kind="unresolved",
            method="argument_model",
            reason="span chosen by the argument tagger; no actor mention of the actors stage covers it",
            score=0.5,
        )
    ]


def same_sides(gold: list[tuple[int, int]], coded: list[ActorMention], doc: Document) -> bool:
    """Whether a coded side names the actors the gold spans stand for (by actor id; by span
    overlap when a mention is unresolved), as many as the gold spans."""
    want = {
        m.actor_id or (m.start, m.end)
        for span in gold
        for m in mentions_for(span, doc.actor_mentions, doc.text)
    }
    got = {m.actor_id or (m.start, m.end) for m in coded}
    if got == want:
        return True
    return (
        bool(coded)
        and len(coded) == len(gold)
        and all(m.actor_id in want or any(s < m.end and m.start < t for s, t in gold) for m in coded)
    )


def _without_modifiers(ms: list[ActorMention], text: str) -> list[ActorMention]:
    """A name no actor resolves, right before a resolved mention in the same tagged side,
    modifies it: "a [Balochistan] [Levies Force official]" is one side, the official."""
    return [
        m
        for m in ms
        if m.actor_id
        or not any(n.actor_id and n.start >= m.end and not text[m.end : n.start].strip(" -'’s") for n in ms)
    ]


def _outermost(ms: list[ActorMention]) -> list[ActorMention]:
    out: list[ActorMention] = []
    for m in sorted(ms, key=lambda m: (m.start, -(m.end - m.start))):
        if not any(o.start <= m.start and m.end <= o.end for o in out):
            out.append(m)
    return out


class EventArguments:
    """Applies the tagger to every event of a document (one batch per document)."""

    def __init__(self, tagger: ArgumentTagger | None = None, lexicon: Lexicon | None = None) -> None:
        self.tagger = tagger
        self.lexicon = lexicon or load_lexicon()
        self.unavailable = ""
        if tagger is None:
            try:
                self.tagger = default_tagger()
            except ArgumentModelUnavailable as exc:
                self.unavailable = str(exc)
        decoding = getattr(self.tagger, "decoding", {})
        self.min_score = float(decoding.get("min_score", 0.0))
        self.floor = float(decoding.get("rules_agreement_floor", self.min_score))

    def __call__(self, doc: Document, events: list[Event], mentions: list[ActorMention]) -> None:
        if doc.spacy_doc is None or not events:
            return
        for e in events:
            e.attributes["rules_sides"] = {
                "actors": [m.text for m in e.actors],
                "recipients": [m.text for m in e.recipients],
            }
        if self.tagger is None:
            for e in events:
                e.attributes["arguments"] = {
                    "component": "parse rules",
                    "reason": f"argument tagger unavailable ({self.unavailable}); sides from the parse rules",
                }
            return
        sentence_of = _sentence_finder(doc)
        jobs = [(e, sentence_of(e)) for e in events]
        jobs = [(e, s) for e, s in jobs if s is not None]
        readings = self.tagger.read_many(
            [
                (
                    s.text,
                    (e.trigger.start - s.start_char, e.trigger.end - s.start_char) if e.trigger else None,
                )
                for e, s in jobs
            ],
            min_score=min(self.floor, self.min_score),
        )
        places = usable_places(doc)
        for (event, sent), reading in zip(jobs, readings, strict=True):
            # the rules' sides may be mentions the events stage made (a country named as a
            # place: "aid to Jordan"); the tagger's spans can stand for them too
            own = [m for m in [*event.actors, *event.recipients] if m not in mentions]
            self._apply(doc, event, sent.start_char, reading, [*mentions, *own])
            self._locate(event, sent.start_char, reading, places)

    def _apply(
        self, doc: Document, event: Event, base: int, reading: ArgumentReading, mentions: list[ActorMention]
    ) -> None:
        record: dict[str, Any] = {"component": self.tagger.ref}
        taken: set[tuple[int, int]] = set()
        for role, attr in SIDES:
            ruled = getattr(event, attr)
            spans: list[ScoredSpan] = [
                x
                for x in getattr(reading, role)
                if x.score >= self.min_score
                or any(m.start < x.end + base and x.start + base < m.end for m in ruled)
            ]
            record[role] = [
                {
                    **x.to_dict(),
                    "start": x.start + base,
                    "end": x.end + base,
                    "text": doc.text[x.start + base : x.end + base],
                }
                for x in spans
            ]
            chosen: list[ActorMention] = []
            refused: list[str] = []
            for x in spans:
                tagged = (x.start + base, x.end + base)
                found = mentions_for(tagged, mentions, doc.text)
                where, why = self._side_span(doc, role, tagged, found)
                if where is None:
                    refused.append(why)
                    continue
                if why:
                    record.setdefault(f"{role}_repaired", []).append(why)
                    found = mentions_for(where, mentions, doc.text)
                for m in found:
                    if (m.start, m.end) not in taken:
                        taken.add((m.start, m.end))
                        chosen.append(m)
            if refused:
                record[f"{role}_refused"] = refused
                if not chosen:
                    chosen = [m for m in ruled if (m.start, m.end) not in taken]
                    taken.update((m.start, m.end) for m in chosen)
                    record[f"{role}_from"] = "parse rules: " + "; ".join(refused)
            setattr(event, attr, chosen)
        record["reason"] = (
            f"{self.tagger.ref} read the sides on (trigger, sentence); "
            f"{len(record['actor'])} actor and {len(record['recipient'])} recipient span(s)"
        )
        event.attributes["arguments"] = record

    def _side_span(
        self, doc: Document, role: str, tagged: tuple[int, int], found: list[ActorMention]
    ) -> tuple[tuple[int, int] | None, str]:
        """The span a tagged span stands for, and why when it is not the span itself: a lone
        determiner or possessive ("a", "'s") is a fragment of its noun's phrase ("a bird"); other
        function words, and an actor that is an event, are no side (``None``). ``found``: the
        mentions the tagged span stands for."""
        start, end = tagged
        span = doc.spacy_doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return (start, end), ""
        if all(t.pos_ in FUNCTION_POS for t in span):
            tok = span[0]
            if len(span) == 1 and tok.dep_ in ("det", "poss", "case") and tok.head.pos_ in ("NOUN", "PROPN"):
                head = tok.head
                phrase = (head.left_edge.idx, head.idx + len(head.text))
                return phrase, f"{span.text!r} is a fragment; read as {doc.text[phrase[0] : phrase[1]]!r}"
            return None, f"{span.text!r} has no content word"
        longest = getattr(self.tagger, "longest_side_words", None)
        words = len(doc.text[start:end].split())
        if longest and words > longest:  # the span itself is in the record, with its offsets
            return (
                None,
                f"a span of {words} words is longer than any side the tagger was trained on ({longest}): no side",
            )
        head = span.root.lemma_.lower()
        named = any(m.method != "argument_model" for m in found)
        if role == "actor" and not named and head in self.lexicon.nouns and head not in AGENTIVE_NOUNS:
            return None, f"{span.text!r} is an event ({head!r}), not who acted"
        return (start, end), ""

    def _locate(self, event: Event, base: int, reading: ArgumentReading, places: list[Place]) -> None:
        """The event happened at the located place the tagger's location span covers (the most
        precise one when several; the rules' place when it is one of them); with no such span
        the rules' location stays."""
        record = event.attributes["arguments"]
        spans = [(x.start + base, x.end + base, x.score) for x in reading.location]
        record["location"] = [{"start": s, "end": e, "score": round(p, 4)} for s, e, p in spans]
        hits = [(pl, score) for pl in places for s, e, score in spans if pl.start < e and s < pl.end]
        if not hits:
            record["location_reason"] = (
                "the tagger marks no located place of the sentence as where it happened; location from the rules"
                if spans or event.location is None
                else "no location span in the sentence; location from the rules (context, dateline)"
            )
            return
        ruled = event.location
        if ruled is not None and any((pl.start, pl.end) == (ruled.start, ruled.end) for pl, _ in hits):
            record["location_reason"] = f"{self.tagger.ref} and the rules agree on {ruled.text!r}"
            return  # the tagger marks the rules' own place among others: the rules' choice stands
        place = min(hits, key=lambda h: (h[0].precision or 9, -h[1]))[0]
        if event.location is None or (event.location.start, event.location.end) != (place.start, place.end):
            event.attributes.setdefault("rules_location", event.location.text if event.location else None)
            event.location = place
        record["location_reason"] = f"{self.tagger.ref} marks {place.text!r} as where the event happened"
