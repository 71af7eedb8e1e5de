"""Acceptance: the seed article through `marsad code`, checked against the analyst's gold reading."""

from __future__ import annotations

import json

import pytest

from marsad.cli import main
from marsad.evaluation.gold import score

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(seed_doc, seed_gold, seed_text):
    return score(seed_doc.to_dict(), seed_gold, seed_text)


def test_cli_codes_the_seed(capsys, tmp_path, seed_gold, seed_path):
    code = main(["code", str(seed_path), "--db", str(tmp_path / "m.db"), "--no-progress"])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0 and len(out) == 1
    coded = json.loads(out[0])
    for key in (
        "id",
        "title",
        "date",
        "publication",
        "author",
        "url",
        "events",
        "actors",
        "places",
        "relations",
        "pipeline",
    ):
        assert key in coded
    assert coded["title"] == seed_gold["document"]["title"]
    assert set(coded["pipeline"]["components"]) >= {"nlp", "actors", "places", "dates", "events", "relations"}
    assert coded["events"], "the seed has events"


def test_document_metadata(report):
    assert all(c.ok for c in report.document), report.lines()


def test_every_place_resolved_to_an_accepted_geonames_id(report):
    missed = [c for c in report.places if not c.ok]
    assert not missed, "\n".join(report.lines())


def test_every_actor_recognised_with_aliases_merged(report):
    missed = [c for c in report.actors if not c.ok]
    assert not missed, "\n".join(report.lines())


def test_required_events(report):
    found = sum(c.ok for c in report.events)
    assert found >= 9, "\n".join(report.lines())


def test_offsets_point_into_the_text(seed_doc):
    text = seed_doc.text
    data = seed_doc.to_dict()
    for event in data["events"]:
        ev = event["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"]
        for ref in event["actors"] + event["recipients"]:
            assert text[ref["start"] : ref["end"]] == ref["text"]
    for place in data["places"]:
        assert text[place["start"] : place["end"]] == place["text"]
    for actor in data["actors"]:
        for m in actor["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
