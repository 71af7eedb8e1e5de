"""The learned event coder's decisions, with a stand-in model whose readings the test sets.

The stand-in replaces only the statistical model; the rule coder, the parse and the whole
pipeline around it are the real ones.
"""

from __future__ import annotations

from datetime import date

import pytest

from marsad.learned.coder import LearnedEventCoder
from marsad.learned.event_model import Reading


class SetReadings:
    """Reads each sentence as the first listed reading whose cue word it contains."""

    ref = "test.model@0"
    version = "0"
    decision: dict = {}  # the coder's default thresholds

    def __init__(self, rules: list[tuple[str, Reading]], default: Reading) -> None:
        self.rules = rules
        self.default = default

    def read(self, sent) -> Reading:
        return next((r for cue, r in self.rules if cue in sent.text), self.default)

    def read_many(self, sents) -> list[Reading]:
        return [self.read(s) for s in sents]


def reading(label: str, plover: str = "ASSAULT", status: str = "asserted", same: float = 0.0) -> Reading:
    dist = {"label": {label: 0.9, "NONE": 0.1}, "same": {"yes": same, "no": 1 - same}}
    return Reading(label, 0.9, plover, 0.8, status, 0.7, None, dist)


NONE_READING = Reading("NONE", 0.95, "NONE", 0.9, "asserted", 0.5, None, {"label": {"NONE": 0.95}})


@pytest.fixture
def run(pipeline):
    def code(text: str, model) -> object:
        doc = pipeline.process(text, date=date(2021, 5, 3))
        coder = LearnedEventCoder(model=model, incidents=None)
        return coder(doc)

    return code


def test_model_types_the_rule_event_and_explains(run):
    doc = run("Militants attacked a police post in Bannu on Sunday.", SetReadings([], reading("BAT-CLASH")))
    assert len(doc.events) == 1
    ev = doc.events[0]
    assert ev.acled_sub_event_type == "Armed clash" and ev.acled_event_type == "Battles"
    assert ev.attributes["model"]["name"] == "test.model@0"
    assert "rules" in ev.attributes and ev.reason.startswith("test.model@0")
    assert ev.component.startswith("marsad.learned_event_coder@")


def test_no_event_reading_moves_rule_events_aside(run):
    doc = run("Militants attacked a police post in Bannu on Sunday.", SetReadings([], NONE_READING))
    assert doc.events == []
    assert doc.non_incidents and all(e.status == "none" for e in doc.non_incidents)
    assert "no event, P(event)=" in doc.non_incidents[0].reason


@pytest.mark.parametrize("status", ["hypothetical", "generic", "negated"])
def test_non_incident_statuses_are_not_events(run, status):
    doc = run(
        "Militants attacked a police post in Bannu on Sunday.",
        SetReadings([], reading("BAT-CLASH", status=status)),
    )
    assert doc.events == []
    assert [e.status for e in doc.non_incidents] == [status]
    assert doc.non_incidents[0].negated == (status == "negated")


def test_model_event_without_a_rule_trigger_is_framed_from_the_parse(run):
    doc = run(
        "The floodwaters swept through Sylhet district on Monday.",
        SetReadings([], reading("X-NATDIS", plover="NONE")),
    )
    assert len(doc.events) == 1
    ev = doc.events[0]
    assert ev.acled_sub_event_type == "Natural disaster" and ev.type == "OTHER"
    assert "no rule trigger" in ev.reason


def test_restatement_is_one_event_with_two_sources(run):
    text = "A bomb killed four people in a market in Quetta on Monday. The blast in Quetta killed six people, police said."
    model = SetReadings([("police said", reading("ERV-IED", same=0.9))], reading("ERV-IED"))
    doc = run(text, model)
    assert len(doc.events) == 1
    ev = doc.events[0]
    assert len(ev.extra_evidence) >= 1
    assert ev.fatalities == 6  # the larger figure, never the sum


def test_another_incident_is_not_merged(run):
    text = "A bomb killed four people in a market in Quetta on Monday. Another bomb killed two people in Quetta on Monday."
    doc = run(text, SetReadings([], reading("ERV-IED", same=0.9)))
    assert len(doc.events) == 2


def test_also_adds_to_the_same_incident(run):
    text = (
        "A bomb killed four people in a market in Quetta on Monday. "
        "Two policemen were also killed in the blast in Quetta, officials said."
    )
    doc = run(text, SetReadings([("officials said", reading("ERV-IED", same=0.9))], reading("ERV-IED")))
    assert len(doc.events) == 1 and len(doc.events[0].extra_evidence) == 1


def test_negation_on_the_rule_trigger_stands(run):
    doc = run("Militants did not attack the police post in Bannu.", SetReadings([], reading("BAT-CLASH")))
    assert doc.events == []
    assert [e.status for e in doc.non_incidents] == ["negated"]
    assert doc.non_incidents[0].attributes["status_from"].startswith("rules")


def test_a_rule_event_without_acled_type_is_not_a_second_reading(run):
    # the model's P(NONE) = 0.3 must not count as support for the rules' AID event
    dist = {"label": {"BAT-CLASH": 0.7, "NONE": 0.3}, "same": {"yes": 0.0, "no": 1.0}}
    doc = run(
        "Militants attacked a police post in Bannu and the army sent troops to the district.",
        SetReadings([], Reading("BAT-CLASH", 0.7, "ASSAULT", 0.8, "asserted", 0.7, None, dist)),
    )
    assert [e.acled_sub_event_type for e in doc.events] == ["Armed clash"]
    assert any(e.type == "AID" and e.status == "none" for e in doc.non_incidents)


def test_a_second_reading_the_model_supports_stays(run):
    dist = {"label": {"BAT-CLASH": 0.6, "X-DIPLO": 0.3, "NONE": 0.1}, "same": {"yes": 0.0, "no": 1.0}}
    model = SetReadings([], Reading("BAT-CLASH", 0.6, "ASSAULT", 0.8, "asserted", 0.7, None, dist))
    doc = run("Militants attacked a police post in Bannu on Sunday and then met tribal elders.", model)
    assert {e.acled_sub_event_type for e in doc.events} == {"Armed clash", "Diplomatic event"}


def test_one_trigger_at_coordinated_places_is_one_event_per_place_with_the_toll_once(run):
    doc = run(
        "Boko Haram fighters raided the villages of Konduga and Bama, killing 9 people.",
        SetReadings([], reading("VAC-ATTACK")),
    )
    places = sorted(e.location.text for e in doc.events)
    assert places == ["Bama", "Konduga"]
    assert {e.acled_sub_event_type for e in doc.events} == {"Attack"}
    assert sorted(e.fatalities or 0 for e in doc.events) == [0, 9]  # the figure is counted once
    sibling = next(e for e in doc.events if e.fatalities is None)
    assert "counted once" in sibling.attributes["tolls"]["reason"]


# ---------------------------------------------------------------- what keeps two events apart
def _event(place=None, day=None, actors=(), recipients=()):
    from marsad.model import ActorMention, DateRange, Event, Span

    when = (
        DateRange(day, day, "day", text="on that day", offset=0)
        if day
        else DateRange(date(2021, 5, 3), date(2021, 5, 3), "day", reason="publication date")
    )
    side = [ActorMention(a, 0, 1, actor_id=a) for a in actors]
    other = [ActorMention(r, 0, 1, actor_id=r) for r in recipients]
    return Event(
        "e", "ASSAULT", None, [], "Battles", "Armed clash", side, other, place, when, Span("x", 0, 1)
    )


def _place(name, code, feature, cc="MX", admin1="21"):
    from marsad.model import Place

    return Place(
        name, 0, 1, geonameid=code, name=name, country_code=cc, admin1_code=admin1, feature_code=feature
    )


def test_a_place_inside_the_other_is_no_conflict_but_two_towns_are():
    mexico = _place("Mexico", 1, "PCLI", admin1=None)
    puebla, tehuacan = _place("Puebla", 2, "ADM1"), _place("Tehuacan", 3, "PPL")
    other_state = _place("Oaxaca city", 4, "PPLA", admin1="20")
    assert LearnedEventCoder._no_conflict(_event(mexico), _event(tehuacan))
    assert LearnedEventCoder._no_conflict(_event(puebla), _event(tehuacan))
    assert not LearnedEventCoder._no_conflict(_event(puebla), _event(other_state))
    assert not LearnedEventCoder._no_conflict(_event(tehuacan), _event(other_state))
    guatemala = _place("Guatemala", 5, "PCLI", cc="GT", admin1=None)
    assert not LearnedEventCoder._no_conflict(_event(mexico), _event(guatemala))
    # the place rule (anywhere in the article) still asks for the same place
    assert not LearnedEventCoder._compatible(_event(mexico), _event(tehuacan))
    assert LearnedEventCoder._compatible(_event(tehuacan), _event(_place("Tehuacan", 3, "PPL")))


def test_near_events_of_one_sub_type_join_when_one_place_holds_the_other_or_one_has_none():
    mexico = _place("Mexico", 1, "PCLI", admin1=None)
    puebla, tehuacan = _place("Puebla", 2, "ADM1"), _place("Tehuacan", 3, "PPL")
    other_state = _place("Oaxaca city", 4, "PPLA", admin1="20")
    assert LearnedEventCoder._compatible(_event(mexico), _event(tehuacan), distance=2)
    assert LearnedEventCoder._compatible(_event(puebla), _event(), distance=5)
    assert not LearnedEventCoder._compatible(_event(puebla), _event(), distance=6)  # too far apart
    assert not LearnedEventCoder._compatible(_event(puebla), _event(other_state), distance=1)
    split = _event(tehuacan)
    split.attributes["split_by_place"] = True  # one of the events a trigger gives per place
    assert not LearnedEventCoder._compatible(_event(mexico), split, distance=1)


def test_a_lede_and_the_sentence_that_tells_it_again_with_a_place_inside_are_one_event(run):
    text = (
        "Marines arrested a cartel leader in Mexico. The arrest follows months of pressure on the cartel. "
        "Juan Perez was arrested by marines on Monday in the state of Tamaulipas, a spokesman said."
    )
    doc = run(text, SetReadings([], reading("SD-ARREST", plover="COERCE")))
    assert [e.acled_sub_event_type for e in doc.events] == ["Arrests"]
    assert doc.events[0].location.text == "Tamaulipas"  # the finer place
    assert any(s.text.startswith("Juan Perez was arrested") for s in doc.events[0].extra_evidence)


def test_only_dates_read_from_the_text_keep_events_apart():
    may7 = _event(day=date(2016, 5, 7))
    assert LearnedEventCoder._no_conflict(may7, _event())  # the other took the publication date
    assert not LearnedEventCoder._no_conflict(may7, _event(day=date(2016, 5, 9)))


def test_actors_conflict_only_when_neither_took_part_in_the_other():
    police_kill = _event(actors=["IND_COP"], recipients=["IND_REB"])
    militants_fire = _event(actors=["IND_REB"], recipients=["IND_COP"])
    assert LearnedEventCoder._no_conflict(police_kill, militants_fire)
    assert LearnedEventCoder._no_conflict(police_kill, _event(actors=["IND_REB"]))
    assert not LearnedEventCoder._no_conflict(police_kill, _event(actors=["PAK_MIL"], recipients=["PAK_REB"]))
    # victims of either side differ in a clash: recipients alone keep nothing apart
    assert LearnedEventCoder._no_conflict(_event(recipients=["A"]), _event(recipients=["B"]))


def test_a_description_may_be_the_named_actor_of_its_sector_and_country():
    from marsad.model import ActorMention

    named = _event(actors=["CPI_MAOIST"])
    named.actors[0].sector, named.actors[0].country = "REB", "IND"
    described = _event()
    described.actors = [
        ActorMention("the Maoists", 0, 1, actor_id="IND_REB", sector="REB", country="IND", method="generic")
    ]
    assert LearnedEventCoder._no_conflict(named, described)
    described.actors[0].country = "NPL"
    assert not LearnedEventCoder._no_conflict(named, described)
    described.actors[0].country, described.actors[0].method = "IND", "dictionary"  # two named groups
    assert not LearnedEventCoder._no_conflict(named, described)
