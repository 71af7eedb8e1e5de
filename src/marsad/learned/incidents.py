"""The incident model: which coded events are incidents, and which tell the same incident.

The sentence model reads one sentence at a time; whether an event is the article's news or
background, and whether two events are one incident told twice, are questions about the
article. Two small logistic regressions answer them from the events the learned coder reads
before it merges (``LearnedEventCoder.candidates``):

- **keep**: P(the event is a real incident of the article) from the sentence model's
  probabilities, the event's status and ACLED type, its place in the article, what it has (place,
  sides, date, figures) and cue words of background and statistics;
- **same**: P(a later event tells the same incident as an earlier one) from agreement of their
  types, places, sides, dates and figures, their distance, the sentence model's restatement
  probability, words they share and words that announce another incident.

Both are trained by ``python -m marsad.learned.train_incidents`` on whole articles annotated by
incident (``corpus/events/incidents_train.jsonl``, see ``docs/ANNOTATION.md`` §10) and their
thresholds chosen on the development articles. The runtime is a JSON file of named weights; the
features are computed here, for training and inference alike.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from marsad.model import Document, Event, Place

MODEL_DIR = Path(__file__).parent / "models" / "incidents-1.3"
INCIDENT_STATUSES = ("asserted", "reported", "hedged", "foiled")
EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
BACKGROUND = re.compile(
    r"\b(since|so far|this year|last year|in recent|past (?:few )?(?:days|weeks|months|years)|"
    r"total|overall|a series of|wave of|spate of|campaign|history|previous(?:ly)?|earlier this)\b",
    re.IGNORECASE,
)
PERFECT = re.compile(r"\b(?:had|have|has) (?:been|also|already)\b", re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
MODAL = re.compile(r"\b(would|could|may|might|will|threat\w*|fear\w*|plan\w*|warn\w*|if)\b", re.IGNORECASE)
ANOTHER = re.compile(
    r"\b(another|separate|second|third|fourth|also|other|meanwhile|elsewhere)\b", re.IGNORECASE
)
NUMBER = re.compile(r"\b\d+\b")
# "the attack", "this blast": a sentence that refers back to an incident already told
DEFINITE = re.compile(
    r"\b(?:the|this|that|the same) (?:\w+ )?(?:attack|blast|explosion|incident|ambush|clash|raid|bombing|"
    r"killing|murder|shooting|operation|encounter|assault|kidnapping|abduction|fighting|massacre|arrest|protest)s?\b",
    re.IGNORECASE,
)
FOLLOW_UP = re.compile(
    r"\b(hospital\w*|death toll|toll|bodies|body|funeral|investigat\w+|responsibility|no one was|no casualties|"
    r"injured were|were (?:later )?identified|fled|escaped)\b",
    re.IGNORECASE,
)
WORD = re.compile(r"[a-z]{4,}")
STOP = frozenset(
    [
        "that",
        "this",
        "with",
        "from",
        "have",
        "were",
        "been",
        "said",
        "they",
        "their",
        "there",
        "which",
        "when",
        "where",
        "while",
        "after",
        "before",
        "about",
        "also",
        "into",
        "than",
        "them",
        "then",
        "these",
        "those",
        "other",
        "some",
        "such",
        "more",
        "most",
        "over",
        "under",
    ]
)


def _model(e: Event) -> dict:
    return e.attributes.get("model") or {}


def _days_before(article_date: date | None, e: Event) -> float | None:
    if article_date is None or e.date.end is None or not e.date.text:
        return None
    return float((article_date - e.date.end).days)


@dataclass(frozen=True)
class ArticleContext:
    """What the keep head reads about the whole article besides the event itself: its opening
    words (headline and lede), the type and place of the story it leads with, and how the
    sentence model ranks the article's candidate events."""

    lede_words: frozenset[str]
    first_sub_type: str | None
    main_place: str | None
    p_events: tuple[float, ...]

    @classmethod
    def of(cls, doc: Document, events: list[Event]) -> ArticleContext:
        ordered = sorted(events, key=lambda ev: ev.evidence.start)
        places = [_place_key(e.location) for e in ordered if e.location is not None]
        counts = {p: places.count(p) for p in places}
        main = max(counts, key=lambda p: (counts[p], -places.index(p))) if counts else None
        lede = " ".join(doc.text[:LEDE_CHARS].split()[:-1])  # whole words only
        return cls(
            lede_words=frozenset(w for w in WORD.findall(lede.lower()) if w not in STOP),
            first_sub_type=ordered[0].acled_sub_event_type if ordered else None,
            main_place=main,
            p_events=tuple(sorted(_p_event(e) for e in ordered)),
        )

    def features(self, e: Event) -> dict[str, float]:
        words = _words(e)
        p = _p_event(e)
        higher = sum(1 for q in self.p_events if q > p)
        return {
            "lede_overlap": len(words & self.lede_words) / max(1, min(len(words), len(self.lede_words))),
            "lead_story_type": float(
                self.first_sub_type is not None and e.acled_sub_event_type == self.first_sub_type
            ),
            "main_place": float(e.location is not None and _place_key(e.location) == self.main_place),
            "p_event_rank": higher / max(1, len(self.p_events) - 1),
            "log_candidates": math.log1p(len(self.p_events)),
        }


# the headline and lede of a news article, or a wire report's first lines
LEDE_CHARS = 400


def _place_key(place: Place) -> str:
    return str(place.geonameid) if place.geonameid else (place.name or place.text).lower()


def _p_event(e: Event) -> float:
    m = _model(e)
    return float(m.get("event_probability", m.get("second_reading_probability", 0.5)))


def event_features(
    article_date: date | None, e: Event, n_sents: int, same_p: float, context: ArticleContext | None = None
) -> dict[str, float]:
    """The keep head's features of one event of an article of ``n_sents`` sentences (with the
    article-level ones when ``context`` is given: models from version 1.2 on)."""
    m = _model(e)
    text = e.evidence.text
    idx = e.attributes.get("sentence_index", 0)
    days = _days_before(article_date, e)
    f = {
        "p_event": _p_event(e),
        "p_incident": m.get("incident_probability", 0.5),
        "p_label": m.get("probability", 0.5),
        "p_same": same_p,
        "second_reading": float("second_reading_probability" in m),
        "framed": float((e.attributes.get("rules") or {}).get("component") == "parse"),
        "position": idx / max(1, n_sents - 1),
        "first_sentence": float(idx == 0),
        "log_sentences": math.log1p(n_sents),
        "has_location": float(e.location is not None),
        "has_actor": float(bool(e.actors)),
        "has_recipient": float(bool(e.recipients)),
        "has_fatalities": float(e.fatalities is not None),
        "log_fatalities": math.log1p(e.fatalities or 0),
        "dated": float(days is not None),
        "old_date": float(days is not None and days > 31),
        "background_cues": float(len(BACKGROUND.findall(text))),
        "perfect": float(bool(PERFECT.search(text))),
        "year": float(bool(YEAR.search(text))),
        "modal": float(len(MODAL.findall(text))),
        "another": float(bool(ANOTHER.search(text))),
        "refers_back": float(bool(DEFINITE.search(text))),
        "follow_up": float(bool(FOLLOW_UP.search(text))),
        "log_length": math.log1p(len(text.split())),
    }
    for s in INCIDENT_STATUSES:
        f[f"status={s}"] = float(e.status == s)
    for t in EVENT_TYPES:
        f[f"type={t}"] = float(e.acled_event_type == t)
    if context is not None:
        f.update(context.features(e))
    return f


def _words(e: Event) -> set[str]:
    return {w for w in WORD.findall(e.evidence.text.lower()) if w not in STOP}


def _same_place(a: Event, b: Event) -> bool:
    la, lb = a.location, b.location
    assert la is not None and lb is not None
    if la.geonameid and la.geonameid == lb.geonameid:
        return True
    return (la.name or la.text).lower() == (lb.name or lb.text).lower()


def _km(a: Event, b: Event) -> float | None:
    la, lb = a.location, b.location
    if not la or not lb or None in (la.lat, la.lon, lb.lat, lb.lon):
        return None
    p1, p2 = math.radians(la.lat), math.radians(lb.lat)  # type: ignore[arg-type]
    dl = math.radians(lb.lon - la.lon)  # type: ignore[operator]
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0 * math.acos(max(-1.0, min(1.0, c)))


def pair_features(a: Event, b: Event, same_p: float) -> dict[str, float]:
    """The same head's features of an earlier event ``a`` and a later event ``b``."""
    ids_a = {m.actor_id for m in a.actors if m.actor_id}
    ids_b = {m.actor_id for m in b.actors if m.actor_id}
    rec_a = {m.actor_id for m in a.recipients if m.actor_id}
    rec_b = {m.actor_id for m in b.recipients if m.actor_id}
    both_loc = a.location is not None and b.location is not None
    km = _km(a, b)
    dated = a.date.start and b.date.start and a.date.end and b.date.end and a.date.text and b.date.text
    disjoint = bool(dated and (a.date.end < b.date.start or b.date.end < a.date.start))  # type: ignore[operator]
    wa, wb = _words(a), _words(b)
    na, nb = set(NUMBER.findall(a.evidence.text)), set(NUMBER.findall(b.evidence.text))
    ia, ib = a.attributes.get("sentence_index", 0), b.attributes.get("sentence_index", 0)
    return {
        "same_sub": float(
            a.acled_sub_event_type is not None and a.acled_sub_event_type == b.acled_sub_event_type
        ),
        "same_type": float(a.acled_event_type is not None and a.acled_event_type == b.acled_event_type),
        "same_plover": float(a.type == b.type),
        "same_place": float(both_loc and _same_place(a, b)),
        "other_place": float(both_loc and not _same_place(a, b)),
        "one_place_missing": float((a.location is None) != (b.location is None)),
        "near_25km": float(km is not None and km <= 25),
        "far_200km": float(km is not None and km > 200),
        "shared_actor": float(bool(ids_a & ids_b)),
        "actor_conflict": float(bool(ids_a and ids_b and not ids_a & ids_b)),
        "shared_recipient": float(bool(rec_a & rec_b)),
        "crossed_sides": float(bool((ids_a & rec_b) or (ids_b & rec_a))),
        "dates_disjoint": float(disjoint),
        "dates_overlap": float(bool(dated and not disjoint)),
        "log_distance": math.log1p(max(0, ib - ia)),
        "adjacent": float(ib - ia == 1),
        "a_first": float(ia == 0),
        "p_same": same_p,
        "another": float(bool(ANOTHER.search(b.evidence.text))),
        "same_fatalities": float(a.fatalities is not None and a.fatalities == b.fatalities),
        "other_fatalities": float(
            a.fatalities is not None and b.fatalities is not None and a.fatalities != b.fatalities
        ),
        "word_overlap": len(wa & wb) / max(1, min(len(wa), len(wb))),
        "shared_number": float(bool(na & nb)),
        "refers_back": float(bool(DEFINITE.search(b.evidence.text))),
        "follow_up": float(bool(FOLLOW_UP.search(b.evidence.text))),
        "a_place_named_in_b": float(_named_in(a.location, b)),
        "b_place_named_in_a": float(_named_in(b.location, a)),
        "same_trigger": float(
            bool(a.trigger and b.trigger and a.trigger.text.lower() == b.trigger.text.lower())
        ),
    }


def _named_in(place: Place | None, e: Event) -> bool:
    return bool(place and len(place.text) > 2 and place.text.lower() in e.evidence.text.lower())


@dataclass
class LogisticHead:
    """A binary logistic regression over named features, standardised by stored means and scales."""

    weights: dict[str, float]
    bias: float
    mean: dict[str, float]
    scale: dict[str, float]

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias
        for name, w in self.weights.items():
            z += w * (features.get(name, 0.0) - self.mean[name]) / self.scale[name]
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict:
        return {"weights": self.weights, "bias": self.bias, "mean": self.mean, "scale": self.scale}


class IncidentModel:
    """The two heads and their decision thresholds, loaded from ``model.json``."""

    def __init__(self, keep: LogisticHead, same: LogisticHead, meta: dict) -> None:
        self.keep, self.same, self.meta = keep, same, meta
        decision = meta.get("decision", {})
        self.keep_threshold = float(decision.get("keep_threshold", 0.5))
        self.same_threshold = float(decision.get("same_threshold", 0.5))
        # which merge follows the keep decision: "pairwise" (the same head) or "rules" (the
        # coder's merge rules), chosen by out-of-fold F1 on the training articles
        self.merge = str(decision.get("merge", "pairwise"))
        self.ref = f"marsad.incident_model@{meta.get('version', '0')}"

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> IncidentModel:
        meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        return cls(LogisticHead(**meta["keep"]), LogisticHead(**meta["same"]), meta)

    def keep_probability(
        self, doc: Document, e: Event, n_sents: int, same_p: float, context: ArticleContext | None = None
    ) -> float:
        return self.keep.probability(event_features(doc.date, e, n_sents, same_p, context))

    def same_probability(self, a: Event, b: Event, same_p: float) -> float:
        return self.same.probability(pair_features(a, b, same_p))


def default_incident_model(folder: Path | None = MODEL_DIR) -> IncidentModel | None:
    """The incident model shipped in ``folder``, or None when there is none."""
    if folder is None or not (folder / "model.json").exists():
        return None
    return IncidentModel.load(folder)
