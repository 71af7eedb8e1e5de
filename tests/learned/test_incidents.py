"""The incident model: its features, its runtime against scikit-learn, and the coder's
article-level decisions with heads whose weights the test sets."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from marsad.learned.coder import LearnedEventCoder
from marsad.learned.incidents import (
    MODEL_DIR,
    ArticleContext,
    IncidentModel,
    LogisticHead,
    default_incident_model,
    event_features,
    pair_features,
)
from marsad.model import ActorMention, DateRange, Document, Event, Place, Span

from .test_coder import SetReadings, reading


def _event(
    text: str,
    start: int,
    sub: str = "Armed clash",
    place: str | None = None,
    actors: tuple[str, ...] = (),
    recipients: tuple[str, ...] = (),
    sentence: int = 0,
    fatalities: int | None = None,
) -> Event:
    loc = Place(text=place, start=start, end=start + len(place), name=place) if place else None
    return Event(
        id=f"e{start}",
        type="FIGHT",
        mode=None,
        context=[],
        acled_event_type="Battles",
        acled_sub_event_type=sub,
        actors=[ActorMention(a, start, start + 1, actor_id=a) for a in actors],
        recipients=[ActorMention(a, start, start + 1, actor_id=a) for a in recipients],
        location=loc,
        date=DateRange(None, None, "unknown"),
        evidence=Span(text, start, start + len(text)),
        fatalities=fatalities,
        attributes={"sentence_index": sentence, "model": {"event_probability": 0.9}},
    )


def test_event_features_read_background_cues_and_position():
    news = event_features(date(2020, 1, 1), _event("Gunmen attacked a post on Sunday.", 0), 10, 0.1)
    past = event_features(
        date(2020, 1, 1), _event("Since 2019 there have been a total of 40 attacks.", 0, sentence=9), 10, 0.1
    )
    assert news["first_sentence"] == 1.0 and past["position"] == 1.0
    assert past["background_cues"] >= 2 and past["year"] == 1.0 and news["background_cues"] == 0
    assert set(news) == set(past)


def test_article_context_reads_the_lede_the_lead_story_and_the_ranking():
    text = (
        "Rebels attacked Bama on Sunday, killing five soldiers. "
        + "x " * 300
        + "In 2015 troops raided Gwoza."
    )
    lead = _event("Rebels attacked Bama on Sunday, killing five soldiers.", 0, place="Bama")
    again = _event("The rebels attacked Bama again.", 300, place="Bama", sentence=5)
    old = _event(
        "In 2015 troops raided Gwoza.", text.index("In 2015"), sub="Attack", place="Gwoza", sentence=9
    )
    old.attributes["model"] = {"event_probability": 0.5}
    doc = Document(id="d", text=text, date=date(2020, 1, 1))
    ctx = ArticleContext.of(doc, [old, again, lead])
    f_lead, f_again, f_old = ctx.features(lead), ctx.features(again), ctx.features(old)
    assert f_again["lead_story_type"] == 1 and f_old["lead_story_type"] == 0
    assert f_again["main_place"] == 1 and f_old["main_place"] == 0
    assert f_again["lede_overlap"] > 0.5 and f_old["lede_overlap"] == 0
    assert f_lead["p_event_rank"] == 0 and f_old["p_event_rank"] == 1
    with_ctx = event_features(doc.date, old, 10, 0.1, ctx)
    assert set(with_ctx) - set(event_features(doc.date, old, 10, 0.1)) == set(f_old)


def test_pair_features_compare_place_sides_and_figures():
    a = _event("Rebels attacked Bama, killing 5.", 0, place="Bama", actors=("REB",), fatalities=5)
    same = _event("The attack on Bama killed 5.", 40, place="Bama", actors=("REB",), sentence=1, fatalities=5)
    other = _event(
        "Troops attacked rebels in Gwoza.",
        80,
        place="Gwoza",
        actors=("MIL",),
        recipients=("REB",),
        sentence=2,
    )
    f_same, f_other = pair_features(a, same, 0.8), pair_features(a, other, 0.1)
    assert f_same["same_place"] == 1 and f_same["shared_actor"] == 1 and f_same["same_fatalities"] == 1
    assert f_same["adjacent"] == 1 and f_same["shared_number"] == 1
    assert f_other["other_place"] == 1 and f_other["actor_conflict"] == 1 and f_other["crossed_sides"] == 1
    assert f_other["log_distance"] == pytest.approx(math.log1p(2))


def test_logistic_head_matches_scikit_learn():
    np = pytest.importorskip("numpy")
    sklearn = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3)) * [1.0, 5.0, 0.2] + [0.0, 3.0, -1.0]
    y = (X[:, 0] + 0.3 * X[:, 1] - 4 * X[:, 2] + rng.normal(size=200) > 2).astype(int)
    mean, scale = X.mean(axis=0), X.std(axis=0)
    clf = sklearn.LogisticRegression(C=1.0).fit((X - mean) / scale, y)
    names = ["a", "b", "c"]
    head = LogisticHead(
        weights=dict(zip(names, clf.coef_[0].tolist(), strict=True)),
        bias=float(clf.intercept_[0]),
        mean=dict(zip(names, mean.tolist(), strict=True)),
        scale=dict(zip(names, scale.tolist(), strict=True)),
    )
    want = clf.predict_proba((X[:5] - mean) / scale)[:, 1]
    got = [head.probability(dict(zip(names, row, strict=True))) for row in X[:5].tolist()]
    assert got == pytest.approx(want.tolist(), abs=1e-9)


def _head(**weights: float) -> LogisticHead:
    return LogisticHead(
        weights=dict(weights),
        bias=0.0,
        mean={k: 0.0 for k in weights},
        scale={k: 1.0 for k in weights},
    )


@pytest.fixture
def code_with(pipeline):
    def run(text: str, model: IncidentModel, readings: SetReadings) -> Document:
        doc = pipeline.process(text, date=date(2021, 5, 3))
        return LearnedEventCoder(model=readings, incidents=model)(doc)

    return run


def test_background_the_keep_head_rejects_becomes_a_non_incident(code_with):
    # keep: high for the first sentence, low for any later one
    model = IncidentModel(_head(first_sentence=8.0, position=-8.0), _head(adjacent=0.0), {"version": "t"})
    model.keep_threshold, model.same_threshold = 0.5, 0.99
    readings = SetReadings([], reading("BAT-CLASH"))
    doc = code_with(
        "Militants attacked a police post in Bannu on Sunday. Militants attacked an army camp in Kohat in 2009.",
        model,
        readings,
    )
    assert [e.evidence.text.split()[4] for e in doc.events] == ["post"]
    rejected = [e for e in doc.non_incidents if "Kohat" in e.evidence.text]
    assert rejected and rejected[0].status == "generic"
    assert rejected[0].reason.startswith("marsad.incident_model@t: not an incident")
    assert rejected[0].attributes["incident"]["keep_probability"] < 0.5


def test_a_restatement_the_same_head_accepts_joins_the_earlier_incident(code_with):
    # same: likely for the next sentence, never for an event at another place
    model = IncidentModel(_head(p_event=5.0), _head(adjacent=8.0, other_place=-20.0), {"version": "t"})
    model.keep_threshold, model.same_threshold = 0.5, 0.9
    readings = SetReadings([], reading("BAT-CLASH"))
    doc = code_with(
        "Militants attacked a police post in Bannu on Sunday. The militants attacked the post again on Sunday. "
        "Militants attacked a convoy in Peshawar.",
        model,
        readings,
    )
    assert len(doc.events) == 2
    first = next(e for e in doc.events if "Bannu" in e.evidence.text)
    assert [s.text for s in first.extra_evidence] == ["The militants attacked the post again on Sunday."]
    merged = first.attributes["merged"][0]
    assert merged["by"] == "marsad.incident_model@t" and merged["same_incident_probability"] >= 0.9
    assert any("Peshawar" in e.evidence.text and not e.extra_evidence for e in doc.events)


def test_with_the_rules_merge_the_keep_head_still_decides(code_with):
    model = IncidentModel(
        _head(first_sentence=8.0, position=-8.0),
        _head(adjacent=8.0),
        {"version": "t", "decision": {"merge": "rules"}},
    )
    model.keep_threshold = 0.5
    readings = SetReadings([], reading("BAT-CLASH", same=0.95))
    doc = code_with(
        "Militants attacked a police post in Bannu on Sunday. Militants attacked an army camp in Kohat in 2009.",
        model,
        readings,
    )
    assert model.merge == "rules" and len(doc.events) == 1
    assert not doc.events[0].extra_evidence  # rejected as background: neither kept nor merged
    assert any("Kohat" in e.evidence.text and e.status == "generic" for e in doc.non_incidents)


def test_the_shipped_model_loads_with_its_thresholds():
    if not (MODEL_DIR / "model.json").exists():
        pytest.skip("no incident model shipped")
    model = default_incident_model()
    meta = json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    assert model is not None and model.ref == f"marsad.incident_model@{meta['version']}"
    assert 0 <= model.keep_threshold <= 1 and 0 <= model.same_threshold <= 1
    context = ArticleContext.of(Document(id="d", text="x"), [_event("x", 0)])
    assert set(model.keep.weights) == set(event_features(None, _event("x", 0), 1, 0.0, context))
    assert set(model.same.weights) == set(pair_features(_event("x", 0), _event("y", 5), 0.0))


def test_each_printed_event_is_told_what_it_is_and_scored_so():
    from types import SimpleNamespace

    from marsad.learned.tune_coder import event_classes, score_articles

    def event(start, end, extra=(), fatalities=None):
        return SimpleNamespace(
            evidence=SimpleNamespace(start=start, end=end),
            extra_evidence=[SimpleNamespace(start=s, end=e) for s, e in extra],
            fatalities=fatalities,
        )

    art = {
        "key": "a",
        "incidents": [
            {"evidence": [{"start": 0, "end": 10}], "fatalities": 3},
            {"evidence": [{"start": 100, "end": 110}]},
        ],
        "non_incidents": [{"evidence": [{"start": 50, "end": 60}]}],
    }
    events = [
        event(0, 10, fatalities=3),
        event(5, 8),  # the same incident again
        event(50, 60),  # background
        event(70, 80),  # on nothing annotated
        event(90, 95, extra=[(100, 110)]),  # the second incident, by a restatement merged in
    ]
    classes, claimed = event_classes(art, events)
    assert [what for _, what in classes] == ["incident", "duplicate", "non-incident", "nothing", "incident"]
    assert set(claimed) == {0, 1}
    s = score_articles([art], {"a": events})
    assert (s["printed"], s["precision"], s["recall"]) == (5, 0.4, 1.0)
    assert (s["duplicates"], s["false_incidents"], s["unmatched"], s["fatalities_exact"]) == (1, 1, 1, 1.0)
