"""The toll model's candidates, and the shipped model on plain cases."""

from __future__ import annotations

import pytest

from marsad.learned.tolls import candidates, default_reader


@pytest.fixture(scope="module")
def parse(nlp):
    def run(text: str, trigger_word: str):
        doc = nlp(text)
        trig = next(t.i for t in doc if t.text == trigger_word)
        return doc[:], trig

    return run


def test_candidates_cover_numbers_single_victims_and_nobody(parse):
    sent, trig = parse("A policeman was shot dead and 12 people were injured in Bannu on 3 May 2021.", "shot")
    got = {(c.kind, c.value) for c in candidates(sent, trig)}
    assert ("singular", 1) in got and ("number", 12) in got
    assert not any(c.value == 2021 for c in candidates(sent, trig))  # a year is no figure
    sent, trig = parse("The SP and his driver were killed in the blast.", "killed")
    assert ("coordinated", 2) in {(c.kind, c.value) for c in candidates(sent, trig)}
    sent, trig = parse("Militants fired at the post but no one was hurt.", "fired")
    assert ("nobody", 0) in {(c.kind, c.value) for c in candidates(sent, trig)}


def test_clock_times_are_no_figures(parse):
    sent, trig = parse(
        "At 0600 (1200 GMT) 14 troops were ambushed, and at 1430 hours 3 more died.", "ambushed"
    )
    values = {c.value for c in candidates(sent, trig) if c.kind == "number"}
    assert 14 in values and 3 in values
    assert not values & {600, 1200, 1430}


def test_the_shipped_model_reads_plain_tolls(parse):
    reader = default_reader()
    if reader is None:
        pytest.skip("no toll model shipped")
    sent, trig = parse("Maoists killed five villagers and injured two others in Sukma on Sunday.", "killed")
    r = reader.read(sent, trig)
    assert r["killed"] is not None and r["killed"].value == 5
    assert r["injured"] is not None and r["injured"].value == 2
    assert 0.0 < r["killed"].probability <= 1.0


def test_one_phrase_counts_the_killed_or_the_injured_not_both(parse):
    from marsad.learned.linear import SparseLinearModel
    from marsad.learned.tolls import TollReader

    class Both(SparseLinearModel):  # reads every candidate of one kind as both figures
        def __init__(self, kind: str, killed: float, injured: float) -> None:
            self.kind = f"kind={kind}"
            self.p = {"killed": {"yes": killed}, "injured": {"yes": injured}}

        def predict_many(self, rows):  # type: ignore[no-untyped-def]
            none = {"killed": {}, "injured": {}}
            return [self.p if self.kind in row else none for row in rows]

    sent, trig = parse("A soldier was injured when militants fired at the post.", "injured")
    reader = TollReader.__new__(TollReader)
    reader.threshold = 0.2
    reader.require_evidence = False  # the phrase rule alone (the words' rule: the next test)
    reader.model = Both("singular", 0.4, 0.65)
    r = reader.read(sent, trig)
    assert r["injured"] is not None and r["injured"].value == 1 and r["killed"] is None
    reader.model = Both("singular", 0.7, 0.3)
    r = reader.read(sent, trig)
    assert r["killed"] is not None and r["injured"] is None
    sent, trig = parse("No one was hurt in the attack.", "hurt")
    reader.model = Both("nobody", 0.7, 0.6)
    r = reader.read(sent, trig)  # "no one": none killed and none injured
    assert r["killed"] is not None and r["killed"].value == 0
    assert r["injured"] is not None and r["injured"].value == 0

    # a zero needs a word of either kind
    reader.require_evidence = True
    r = reader.read(sent, trig)
    assert r["killed"] is not None and r["killed"].value == 0


def test_a_figure_needs_a_word_of_its_kind(parse):
    from marsad.learned.tolls import TollReader

    class Killed:  # reads every singular victim as killed
        def predict_many(self, rows):  # type: ignore[no-untyped-def]
            return [{"killed": {"yes": 0.9}, "injured": {"yes": 0.0}} for _ in rows]

    reader = TollReader.__new__(TollReader)
    reader.threshold, reader.require_evidence, reader.model = 0.2, True, Killed()
    sent, trig = parse("An inspector, who was following the vehicle in a car, too was injured.", "injured")
    assert reader.read(sent, trig)["killed"] is None  # no word says anyone died
    sent, trig = parse("An inspector, who was following the vehicle in a car, was killed.", "killed")
    assert reader.read(sent, trig)["killed"].value == 1
