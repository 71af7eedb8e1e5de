"""The learned event coder: the model decides; the rules frame and explain.

Registered as ``marsad.learned_event_coder`` (stage ``events``), the default events component.
Its version joins the coder's own version and the shipped models' (``1.2+event_sentence-1.1.event_arguments-1.1.event_tolls-1.2``),
so a retrained model changes what every output records.

Input: a Document as for ``marsad.event_coder`` (``spacy_doc``, ``zones``, ``actor_mentions``,
``places``, ``time_expressions``, ``date``). Output: ``doc.events`` — one event per real
incident, ordered by salience — and ``doc.non_incidents``.

For every coded sentence of four words or more the event sentence model
(:mod:`marsad.learned.event_model`) reads whether it reports an event, its ACLED sub-event type,
PLOVER type and mode, and its status. Then:

- the model reads no event: the rule events of the sentence go to ``non_incidents`` with the
  model's probability as the reason;
- the model reads an event: the rule event that best agrees with it (same ACLED sub-type, then
  event type, then PLOVER type, then salience) carries it — its sides, place, date, trigger and
  fatalities come from the parse and rules; its type, ACLED types, mode and status from the
  model. Other rule events of the sentence stay only when the model gives their own ACLED
  sub-type at least ``SECOND_READING`` probability. With no rule event, one is built from the
  sentence's parse (subject/object sides, the place in the sentence);
- events whose status is negated, hypothetical or generic go to ``non_incidents``;
- events whose status is an incident's then face the article-level incident model
  (:mod:`marsad.learned.incidents`, trained on articles annotated by incident): an event it reads
  as background (P(keep) below its threshold) goes to ``non_incidents`` as ``generic``, with the
  probability in ``attributes["incident"]`` and the reason;
- one incident, one event, by the merge the incident model's training chose (out of fold on its
  training articles): either its pairwise head — a later event joins the incident of the earlier
  event with the highest P(same incident), when that reaches the threshold and their places,
  dates and sides do not conflict — or the merge rules: a later event whose place, date and
  sides do not conflict with an earlier one (places conflict unless one lies in the other, dates
  only when both are read from the text, actors only when neither event's took part in the
  other, a description counting as the named actor of its sector and country), and which the
  sentence model reads as a restatement a few sentences on, joins it; so does one of the same
  ACLED sub-type at the same place anywhere in the article. Either way a
  sentence that announces another incident ("another", "a separate", "second") never joins, the
  merged mentions are listed in ``extra_evidence`` and ``attributes["merged"]`` (with the
  probability and the deciding component), and fatalities take the largest figure, never the
  sum. Without an incident model (``incidents=None``) the merge rules decide alone.

Then the argument tagger (:mod:`marsad.learned.event_arguments`) chooses every event's actor and
recipient on the pair (trigger, sentence); the parse rules' sides are its fallback.

Every event records the model's name@version, its readings and probabilities
(``attributes["model"]``), the rule coder's own reading (``attributes["rules"]``) and a reason.
Sentences shorter than four words (datelines, headings) keep the rule coder's events.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Span as SpacySpan

from marsad import registry
from marsad.events.attributes import combine_ranges, count_range, extract_attributes
from marsad.events.coder import fallback_mentions
from marsad.events.location import usable_places
from marsad.events.quad import QUAD_NAMES, quad_class
from marsad.learned.argument_model import MODEL_DIR as ARGUMENT_MODEL
from marsad.learned.event_arguments import EventArguments
from marsad.learned.event_model import (
    ACCURATE_MODEL,
    DEFAULT_MODEL,
    INCIDENT_STATUSES,
    NONE,
    EventSentenceModel,
    Reading,
    code_for,
    default_model,
    label_names,
)
from marsad.learned.incidents import MODEL_DIR as INCIDENT_MODEL
from marsad.learned.incidents import ArticleContext, IncidentModel, default_incident_model
from marsad.learned.sentence_event import frame_sentence_event
from marsad.learned.tolls import MODEL_DIR as TOLL_MODEL
from marsad.learned.tolls import TollReader, default_reader
from marsad.model import ActorMention, Document, Event, Place

if TYPE_CHECKING:
    from marsad.learned.tuned_model import TunedSentenceModel

RULE_COMPONENT = "marsad.event_coder"
CODER_VERSION = "1.4"  # the coder's own decisions; its models' versions follow it in the registered name
MIN_WORDS = 4
# Defaults of the decision thresholds; a shipped model carries its own in model.json
# ("decision"), chosen on the development articles by `python -m marsad.learned.tune_coder`,
# never on the test articles.
EVENT_THRESHOLD = 0.5  # P(some event) = 1 - P(NONE) a sentence with a rule event needs to carry an event
MODEL_ONLY_THRESHOLD = 0.8  # ... and a sentence where no rule trigger fired
SECOND_READING = 0.2  # a second rule event of a sentence needs this much model probability
SAME_INCIDENT = 0.5  # restatement probability above which an event merges into the one before
RESTATE_WINDOW = 3  # ...if that one is at most this many sentences earlier
# an event of the same ACLED sub-type this near, with no place of its own or a place inside the
# other's ("Gulf Cartel Leader Arrested in Mexico." ... "X was arrested Monday in Tamaulipas"),
# tells the same incident: on the 290 training, validation and development articles, events per
# incident F1 0.570 -> 0.595, 0.562 -> 0.573, 0.595 -> 0.600 (windows 2-99 read; 5 kept)
NEAR_WINDOW = 5
PLACE_SPLIT = "split_by_place"  # attribute of the events one trigger gives at coordinated places
VIOLENT_TYPES = frozenset(["Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"])
CASUALTY_CATEGORIES = frozenset(
    ["Organized crime", "Natural disaster", "Man-made disaster", "Excessive force against protesters"]
)
CERTAINTY = {"asserted": "asserted", "reported": "reported", "hedged": "hedged", "foiled": "asserted"}
# words that announce another incident; "also" and "other" more often add to the same one
# ("Two of the minister's bodyguards were also killed in the attack"; "Police also arrested X"):
# on the training articles, leaving them out removed 11 of 154 duplicates for one incident lost
ANOTHER = re.compile(r"\b(another|separate|second|third|fourth)\b", re.IGNORECASE)


def _version(folder: Path, stem: str, incidents: Path | None = None) -> str:
    """The registered version of a learned coder: the coder's own and its model's, read from the
    model card alone (no weights loaded at import)."""
    try:
        meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    except OSError:
        return f"{CODER_VERSION}+no-model"
    parts = [f"{stem}-{meta.get('version')}"]
    shipped = [(ARGUMENT_MODEL, "event_arguments"), (TOLL_MODEL, "event_tolls")]
    for folder, name in shipped + ([(incidents, "incidents")] if incidents else []):
        try:
            card = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            parts.append(f"{name}-{card.get('version')}")
        except OSError:
            parts.append(f"no-{name}")
    return f"{CODER_VERSION}+" + ".".join(parts)


def _read_ranges(doc: Document, event: Event) -> None:
    """``attributes["fatalities_range"]`` / ``["injured_range"]``: low, best, high and why,
    read from how the event's sentence qualifies its figure."""
    tolls = event.attributes.get("tolls") or {}
    for attr, kind in (("fatalities", "killed"), ("injured", "injured")):
        value = getattr(event, attr)
        if value is not None:
            start = event.evidence.start
            chosen = tolls.get(kind)  # the words the toll model read the figure from, if it did
            at = chosen["start"] - start if chosen and chosen["start"] >= start else None
            event.attributes[f"{attr}_range"] = count_range(doc.text[start : event.evidence.end], value, at)


def _same_place(a: Place, b: Place) -> bool:
    return (
        bool(a.geonameid and a.geonameid == b.geonameid)
        or (a.name or a.text).lower() == (b.name or b.text).lower()
    )


def _nested_places(a: Place, b: Place) -> bool:
    """The same place, or one inside the other as far as the gazetteer says: a country and a
    place in it, an admin1 region and a place in it ("Shiraz" and "Fars Province")."""
    if _same_place(a, b):
        return True
    if not (a.country_code and a.country_code == b.country_code):
        return False
    wide = [p for p in (a, b) if (p.feature_code or "").startswith("PCL")]
    if wide:
        return True
    region = [p for p in (a, b) if p.feature_code == "ADM1"]
    return bool(region and a.admin1_code and a.admin1_code == b.admin1_code)


def _inside(a: Place, b: Place) -> bool:
    """``a`` lies inside ``b``, a country or an admin1 region, as far as the gazetteer says."""
    wide = (b.feature_code or "").startswith("PCL") or b.feature_code == "ADM1"
    return wide and not _same_place(a, b) and a.feature_code != b.feature_code and _nested_places(a, b)


def _may_be_one(m: ActorMention, n: ActorMention) -> bool:
    """Two actor mentions that may name one actor: the same actor, or a generic description
    and an actor of its sector and country ("the Maoists" and the CPI (Maoist), both rebels of
    India)."""
    if m.actor_id == n.actor_id:
        return True
    generic = "generic" in (m.method, n.method)
    return bool(generic and m.sector and m.sector == n.sector and m.country and m.country == n.country)


def _split_by_place(main: Event, other: Event) -> bool:
    """Whether the rules split one trigger into events at coordinated places (ACLED codes one
    event per location): the same trigger, each event at its own place."""
    return bool(
        main.trigger
        and other.trigger
        and (main.trigger.start, main.trigger.end) == (other.trigger.start, other.trigger.end)
        and main.location
        and other.location
        and (main.location.start, main.location.end) != (other.location.start, other.location.end)
    )


class LearnedEventCoder:
    """See the module docstring. No services: ``model``, ``arguments`` and ``tolls`` default to the
    models shipped in the package, ``incidents`` to the profile's shipped incident model (``None``:
    the merge rules alone)."""

    model_dir = DEFAULT_MODEL
    incident_model_dir: Path | None = None  # the precise profile's article-level model

    def __init__(
        self,
        *,
        model: EventSentenceModel | TunedSentenceModel | None = None,
        arguments: EventArguments | None = None,
        tolls: TollReader | None = None,
        incidents: IncidentModel | None | str = "shipped",
    ) -> None:
        self.rules = registry.get("events", RULE_COMPONENT).factory()
        self.model = model or default_model(str(self.model_dir))
        decision = self.model.decision
        self.event_threshold = float(decision.get("event_threshold", EVENT_THRESHOLD))
        self.model_only_threshold = float(decision.get("model_only_threshold", MODEL_ONLY_THRESHOLD))
        self.same_threshold = float(decision.get("same_threshold", SAME_INCIDENT))
        self.plover_rule_below = float(decision.get("plover_rule_below", 0.0))
        self.arguments = arguments or EventArguments(lexicon=self.rules.lex)
        self.tolls = tolls if tolls is not None else default_reader()
        # "shipped": the profile's packaged incident model, if it has one; None: the merge rules alone
        self.incidents: IncidentModel | None = (
            default_incident_model(self.incident_model_dir) if isinstance(incidents, str) else incidents
        )
        self.component = f"{self.registered_name}@{self.registered_version}"  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ one sentence
    @staticmethod
    def _pick(candidates: list[Event], r: Reading) -> Event | None:
        if not candidates:
            return None
        label = r.best_event_label()[0]
        event_type, _ = label_names().get(label, (None, None))

        def rank(e: Event) -> tuple[int, float]:
            if code_for(e.acled_sub_event_type) == label:
                return 0, -e.salience
            if event_type and e.acled_event_type == event_type:
                return 1, -e.salience
            if e.type == r.plover:
                return 2, -e.salience
            return 3, -e.salience

        return min(candidates, key=rank)

    def _new_event(self, doc: Document, index: int, sent: SpacySpan, mentions: list, r: Reading) -> Event:
        key = f"{doc.id}:{sent.start_char}:{sent.end_char}:{r.label}:{self.component}"
        event_type = r.plover if r.plover != "NONE" else "OTHER"
        event, why = frame_sentence_event(doc, index, sent, mentions, self.rules.lex, event_type, key)
        event.confidence = 0.4
        event.reason = f"no rule trigger; event framed from the parse: {why}"
        return event

    def _apply(self, event: Event, r: Reading, sent: SpacySpan, counted_on: Event | None = None) -> None:
        """The model's reading decides type, ACLED types, mode and status; the rules' reading
        is kept in ``attributes["rules"]``. With ``counted_on`` (the event at another place of
        the same trigger) the sentence's figures are that event's, not read again."""
        event.attributes["rules"] = {
            "type": event.type,
            "mode": event.mode,
            "acled_event_type": event.acled_event_type,
            "acled_sub_event_type": event.acled_sub_event_type,
            "certainty": event.certainty,
            "negated": event.negated,
            "component": event.component or "parse",
        }
        label, label_p = r.best_event_label()
        if r.acled_probability < 0.5:  # a PLOVER event with no ACLED category (cooperation, aid...)
            label, label_p = "NONE", 1.0 - r.acled_probability
        event_type, sub = label_names().get(label, (None, None))
        event.acled_event_type, event.acled_sub_event_type = event_type, sub
        rule_type = event.attributes["rules"]["type"]
        if r.plover_p < self.plover_rule_below and rule_type not in (None, "OTHER") and event.component != "":
            # the model is unsure of the PLOVER type and the rules read one: the rules' stands
            event.attributes["plover_from"] = (
                f"rules (model P({r.plover})={r.plover_p:.2f} < {self.plover_rule_below})"
            )
        else:
            if r.plover != event.type:
                event.mode = None
            # PLOVER NONE: disasters, claims, crime without an interaction PLOVER codes
            event.type = r.plover if r.plover != "NONE" else "OTHER"
            event.mode = r.mode or event.mode
        status, status_p, incident_p = r.incident_status()
        if event.negated and event.component and status in INCIDENT_STATUSES:
            # a negation the parse attaches to the rule's own trigger ("did not attack") stands
            status, incident_p = "negated", 0.0
            event.attributes["status_from"] = "rules: negation on the trigger"
        event.status = status
        event.negated = status == "negated"
        event.certainty = CERTAINTY.get(status, event.certainty)
        if counted_on is not None:
            event.fatalities = event.injured = None
            place = counted_on.location.text if counted_on.location else "another place"
            event.attributes["tolls"] = {
                "reason": f"the sentence's figures are counted once, on the event at {place!r}"
            }
        elif event_type in VIOLENT_TYPES or sub in CASUALTY_CATEGORIES:
            if self.tolls is not None:
                self._read_tolls(event, sent)
            elif event.fatalities is None and event.injured is None:  # the rule read another type
                counts = extract_attributes(sent, self.rules.lex)
                event.fatalities, event.injured = counts.fatalities, counts.injured
        elif event.type != "ASSAULT":
            event.fatalities = event.injured = None
        event.attributes["model"] = {"name": self.model.ref, **r.to_dict()}
        event.attributes["model"].update(
            event_probability=round(r.event_probability, 4), incident_probability=round(incident_p, 4)
        )
        event.confidence = round(max(0.05, min(1.0, 0.5 * label_p + 0.5 * event.confidence)), 4)
        why = (
            f"{self.model.ref}: event P={r.event_probability:.2f}, {sub or 'no ACLED category'} P={label_p:.2f}, "
            f"PLOVER {r.plover} P={r.plover_p:.2f}, status {status} P={status_p:.2f}"
        )
        event.reason = f"{why}; {event.reason}" if event.reason else why
        event.component = self.component

    # ------------------------------------------------------------------ one incident, one event
    def _read_tolls(self, event: Event, sent: SpacySpan) -> None:
        """Killed and injured from the toll model; the rules' counts stay in ``attributes``."""
        anchor = event.trigger.start if event.trigger else sent.start_char
        trig = next((t.i for t in sent if t.idx >= anchor), None)
        readings = self.tolls.read(sent, trig)
        event.attributes["rules_tolls"] = {"killed": event.fatalities, "injured": event.injured}
        event.fatalities = readings["killed"].value if readings["killed"] else None
        event.injured = readings["injured"].value if readings["injured"] else None
        event.attributes["tolls"] = {
            "component": self.tolls.ref,
            **{k: (r.to_dict() if r else None) for k, r in readings.items()},
            "reason": "the toll model chose among the sentence's figures"
            + ("" if any(readings.values()) else ": none is this event's"),
        }

    @classmethod
    def _compatible(cls, a: Event, b: Event, distance: int | None = None) -> bool:
        """Same ACLED sub-type and nothing conflicts, at the same place (both located); or, at most
        ``NEAR_WINDOW`` sentences apart (``distance``), one without a place or one place inside
        the other, unless either is one of the events a trigger gives at coordinated places
        ("targeted Samarra and Mosul": ACLED codes one event per place)."""
        if a.acled_sub_event_type is None or a.acled_sub_event_type != b.acled_sub_event_type:
            return False
        if a.location and b.location and _same_place(a.location, b.location):
            return cls._no_conflict(a, b)
        if (
            distance is None
            or distance > NEAR_WINDOW
            or a.attributes.get(PLACE_SPLIT)
            or b.attributes.get(PLACE_SPLIT)
        ):
            return False
        if a.location and b.location and not _nested_places(a.location, b.location):
            return False
        return cls._no_conflict(a, b)

    @staticmethod
    def _no_conflict(a: Event, b: Event) -> bool:
        """No places apart (one inside the other is no conflict: "Puebla" and "Mexico"), no
        disjoint dates, no actors that took no part in the other event. Only a date read from
        the text can conflict: the publication date an event without a time expression takes is
        no evidence that it happened on another day than the one its incident's first sentence
        gives ("Three militants were killed in an encounter on May 7. ... the hiding militants
        fired upon them")."""
        if a.location and b.location and not _nested_places(a.location, b.location):
            return False
        dated = a.date.text and b.date.text and a.date.start and b.date.start and a.date.end and b.date.end
        if dated and (a.date.end < b.date.start or b.date.end < a.date.start):
            return False
        # known actors conflict only when neither event's actors took part in the other, on
        # either side: one sentence tells the police killing the militants, the next the
        # militants firing on the police
        acts_a = [m for m in a.actors if m.actor_id]
        acts_b = [m for m in b.actors if m.actor_id]
        if not (acts_a and acts_b):
            return True
        in_a = acts_a + [m for m in a.recipients if m.actor_id]
        in_b = acts_b + [m for m in b.recipients if m.actor_id]
        return any(_may_be_one(m, n) for m in acts_a for n in in_b) or any(
            _may_be_one(m, n) for m in acts_b for n in in_a
        )

    def _merge(self, events: list[Event], same_p: dict[str, float]) -> list[Event]:
        """One incident, one event: a restatement (P(same) ≥ ``SAME_INCIDENT``) joins the nearest
        earlier event at most ``RESTATE_WINDOW`` sentences before it whose place, date and sides
        do not conflict (see :meth:`_no_conflict`); an event of the same ACLED sub-type at the
        same place joins it wherever it is, and one at most ``NEAR_WINDOW`` sentences after it
        with no place of its own or a place inside its place (see :meth:`_compatible`). A
        sentence announcing another incident ("another", "second") never joins."""
        kept: list[Event] = []
        for e in sorted(events, key=lambda ev: ev.evidence.start):
            target = None
            if not ANOTHER.search(e.evidence.text):
                idx = e.attributes.get("sentence_index", 0)
                for k in reversed(kept):
                    if not self._no_conflict(k, e):
                        continue
                    distance = idx - k.attributes.get("sentence_index", 0)
                    if same_p.get(e.id, 0.0) >= self.same_threshold and distance <= RESTATE_WINDOW:
                        target = k
                        break
                    if self._compatible(k, e, distance):
                        target = k
                        break
            if target is None:
                kept.append(e)
                continue
            self._absorb(target, e, same_p.get(e.id, 0.0))
        return kept

    @staticmethod
    def _absorb(target: Event, e: Event, same: float, by: str = "restatement and place rules") -> None:
        target.extra_evidence.append(e.evidence)
        target.extra_evidence.extend(e.extra_evidence)
        for attr in ("fatalities", "injured"):
            vals = [v for v in (getattr(target, attr), getattr(e, attr)) if v is not None]
            setattr(target, attr, max(vals) if vals else None)
            ranges = [
                r for r in (target.attributes.get(f"{attr}_range"), e.attributes.get(f"{attr}_range")) if r
            ]
            if ranges:
                target.attributes[f"{attr}_range"] = combine_ranges(ranges)
        if target.location is None or (e.location is not None and _inside(e.location, target.location)):
            target.location = e.location  # "arrested in Mexico" ... "in Tamaulipas": the finer place
        target.actors = target.actors or e.actors
        target.recipients = target.recipients or e.recipients
        target.salience = max(target.salience, e.salience)
        target.attributes.setdefault("merged", []).append(
            {
                "id": e.id,
                "evidence": e.evidence.to_dict(),
                "acled_sub_event_type": e.acled_sub_event_type,
                "same_incident_probability": round(same, 4),
                "by": by,
            }
        )

    # ------------------------------------------------------------------ the document
    def __call__(self, doc: Document) -> Document:
        self.rules(doc)
        doc.non_incidents = []
        if doc.spacy_doc is None:
            return doc
        events, non, same_p, n_sents = self.candidates(doc)
        if self.incidents is not None:
            events = self._decide(doc, events, non, same_p, n_sents)
        else:
            events = self._merge(events, same_p)
        for event in [*events, *non]:
            event.attributes["quad_class"] = quad_class(event)
            event.attributes["quad"] = QUAD_NAMES[event.attributes["quad_class"]]
        doc.events = sorted(events, key=lambda e: -e.salience)
        doc.non_incidents = sorted(non, key=lambda e: e.evidence.start)
        return doc

    def candidates(self, doc: Document) -> tuple[list[Event], list[Event], dict[str, float], int]:
        """Every sentence read and framed, before the article-level decisions: the events, the
        non-incidents, each event's restatement probability and the number of sentences. Needs
        ``self.rules(doc)`` to have run."""
        rule_events = list(doc.events)
        mentions = sorted(
            [*doc.actor_mentions, *fallback_mentions(doc, usable_places(doc))], key=lambda m: (m.start, m.end)
        )
        sents = self.rules.sentences(doc)
        by_sent: dict[int, list[Event]] = {}
        for e in rule_events:
            idx = next((i for i, s in enumerate(sents) if s.start_char <= e.evidence.start < s.end_char), -1)
            by_sent.setdefault(idx, []).append(e)
        events: list[Event] = list(by_sent.pop(-1, []))
        non: list[Event] = []
        same_p: dict[str, float] = {}
        coded = [i for i, s in enumerate(sents) if sum(t.is_alpha for t in s) >= MIN_WORDS]
        readings = dict(zip(coded, self.model.read_many([sents[i] for i in coded]), strict=True))
        for i, sent in enumerate(sents):
            here = by_sent.get(i, [])
            if i not in readings:
                events.extend(here)
                continue
            r = readings[i]
            threshold = self.event_threshold if here else self.model_only_threshold
            if r.event_probability < threshold:
                for e in here:
                    e.status = "none"
                    e.reason = (
                        f"{self.model.ref}: no event, P(event)={r.event_probability:.2f} < {threshold}; "
                        f"rules read: {e.reason}"
                    )
                    e.attributes["model"] = {"name": self.model.ref, **r.to_dict()}
                    non.append(e)
                continue
            main = self._pick(here, r) or self._new_event(doc, i, sent, mentions, r)
            main_label = r.best_event_label()[0]
            siblings = [e for e in here if e is not main and _split_by_place(main, e)]
            for e in here:
                e.attributes["sentence_index"] = i
                if e is main or e in siblings:
                    continue
                code = code_for(e.acled_sub_event_type)
                p = r.probability("label", code) if code != NONE else 0.0  # P(NONE) is no second event
                if p >= SECOND_READING and code != main_label:
                    e.attributes["model"] = {
                        "name": self.model.ref,
                        "second_reading_probability": round(p, 4),
                    }
                    e.reason = f"{self.model.ref}: second reading P={p:.2f}; {e.reason}"
                    events.append(e)
                else:
                    e.status = "none"
                    e.reason = (
                        f"{self.model.ref}: not this sentence's event (P={p:.2f}); rules read: {e.reason}"
                    )
                    non.append(e)
            main.attributes["sentence_index"] = i
            self._apply(main, r, sent)
            same_p[main.id] = r.probability("same", "yes")
            (events if main.status in INCIDENT_STATUSES else non).append(main)
            if siblings:  # they stay apart: none joins an incident by the place rule of _compatible
                main.attributes[PLACE_SPLIT] = True
            for e in siblings:  # "targeted Samarra and Mosul": the same reading, one event per place
                e.attributes[PLACE_SPLIT] = True
                self._apply(e, r, sent, counted_on=main)
                e.reason = f"one event per place of the same trigger; {e.reason}"
                (events if e.status in INCIDENT_STATUSES else non).append(e)
        # sentences read as no event keep the rules' sides: the tagger costs a transformer pass
        # per event, spent on incidents and on event mentions (negated, hypothetical, generic);
        # whole pipeline 0.46x bare spaCy this way, 0.42x tagging every rule event
        self.arguments(doc, [*events, *(e for e in non if e.status != "none")], mentions)
        for event in [*events, *non]:
            _read_ranges(doc, event)
        return events, non, same_p, len(sents)

    def _decide(
        self, doc: Document, events: list[Event], non: list[Event], same_p: dict[str, float], n_sents: int
    ) -> list[Event]:
        """The incident model's article-level decisions: events it reads as background go to
        ``non``; then the merge its training chose (the merge rules, or its pairwise head)."""
        model = self.incidents
        assert model is not None
        kept: list[Event] = []
        context = ArticleContext.of(doc, events)
        for e in sorted(events, key=lambda ev: ev.evidence.start):
            p = model.keep_probability(doc, e, n_sents, same_p.get(e.id, 0.0), context)
            e.attributes["incident"] = {"component": model.ref, "keep_probability": round(p, 4)}
            if p >= model.keep_threshold:
                kept.append(e)
                continue
            e.status = "generic"
            e.reason = f"{model.ref}: not an incident of the article (P={p:.2f} < {model.keep_threshold}); {e.reason}"
            non.append(e)
        if model.merge == "rules":
            return self._merge(kept, same_p)
        return self._merge_pairwise(kept, same_p)

    def _merge_pairwise(self, events: list[Event], same_p: dict[str, float]) -> list[Event]:
        """A later event joins the incident of the earlier event with which the incident model's
        pairwise head gives the highest P(same incident), when it reaches the threshold and their
        places, dates and sides do not conflict; a sentence announcing another incident never joins."""
        model = self.incidents
        assert model is not None
        heads: list[Event] = []
        seen: list[tuple[Event, Event]] = []  # (event, the head of its incident)
        for e in events:
            best, best_p = None, 0.0
            if not ANOTHER.search(e.evidence.text):
                for a, head in seen:
                    if self._no_conflict(a, e):
                        p = model.same_probability(a, e, same_p.get(e.id, 0.0))
                        if p > best_p:
                            best, best_p = head, p
            if best is not None and best_p >= model.same_threshold:
                self._absorb(best, e, best_p, model.ref)
            else:
                heads.append(e)
                best = e
            seen.append((e, best))
        return heads


registry.register("events", "marsad.learned_event_coder", _version(DEFAULT_MODEL, "event_sentence"))(
    LearnedEventCoder
)


class AccurateLearnedEventCoder(LearnedEventCoder):
    """The accurate profile: the same coder with the model that also reads all-MiniLM-L6-v2
    sentence embeddings (ONNX int8, run by onnxruntime). Slower, and more
    accurate on text of a kind it was not trained on (``benchmarks/event_model.py``)."""

    model_dir = ACCURATE_MODEL


registry.register(
    "events", "marsad.learned_event_coder.accurate", _version(ACCURATE_MODEL, "event_sentence_accurate")
)(AccurateLearnedEventCoder)


class PreciseLearnedEventCoder(LearnedEventCoder):
    """The precise profile: the fast profile's models, then the article-level incident model
    (:mod:`marsad.learned.incidents`), which sets aside events it reads as background. Fewer
    events, more of them real incidents, and fewer incidents found (``benchmarks/incidents.py``)."""

    incident_model_dir = INCIDENT_MODEL


registry.register(
    "events",
    "marsad.learned_event_coder.precise",
    _version(DEFAULT_MODEL, "event_sentence", INCIDENT_MODEL),
)(PreciseLearnedEventCoder)
