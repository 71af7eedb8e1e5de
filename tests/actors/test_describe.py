import json
from pathlib import Path

import pytest

from marsad.actors.describe import complete, describe

STRINGS = Path(__file__).resolve().parents[2] / "corpus" / "actors" / "strings.jsonl"


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("the Kenyan interior minister", "KEN", "GOV"),
        ("a senior officer of the border guard", None, "MIL"),
        ("a Lagos police station", None, "COP"),
        ("a pro-government militia", None, "PRM"),
        ("Peru's Ministry of Energy", "PER", "GOV"),
        ("the bank's chief executive", None, "BUS"),
        ("PERUVIANS", "PER", "CVL"),
        ("HEAVILY ARMED MEN", None, "UAF"),
    ],
)
def test_descriptions(actor_kb, text, country, sector):
    d = describe(text, actor_kb)
    assert d is not None and (d.country, d.sector) == (country, sector)
    assert d.reason.startswith("a description")


def test_a_word_in_lower_case_names_no_place(actor_kb, gazetteer):
    from marsad.actors.describe import place_country

    places = place_country(gazetteer, actor_kb)
    assert describe("a Lagos police station", actor_kb, None, places).country == "NGA"
    # "drug" is also Drug (Durg), India; written in lower case it is no name
    assert describe("Mexican drug traffickers", actor_kb, None, places).country == "MEX"
    assert describe("drug traffickers", actor_kb, None, places, in_mixed_case=True).country is None
    # a query typed all in lower case says nothing of names
    assert describe("a lagos police station", actor_kb, None, places).country == "NGA"


@pytest.mark.parametrize("text", ["a taxi driver", "ELECTIONS", "the sabarmati express incident", "the"])
def test_not_an_actor(actor_kb, text):
    assert describe(text, actor_kb) is None


def test_complete_reads_an_unresolved_phrase(actor_kb):
    rows = complete("the Kenyan interior minister", [], actor_kb)
    assert [(r["country"], r["sector"], r["method"]) for r in rows] == [("KEN", "GOV", "description")]
    assert rows[0]["id"] == "KEN_GOV"


def test_complete_leaves_sentences_to_the_mentions(actor_kb):
    text = "Officials said the attack on the market in the capital had killed many of the traders there."
    assert complete(text, [], actor_kb) == []


def test_complete_describes_an_unknown_mention(actor_kb):
    row = {"text": "the Kenyan police", "start": 0, "end": 17, "id": "unk:kenyan police", "kind": "group"}
    (out,) = complete("the Kenyan police", [row], actor_kb)
    assert (out["country"], out["sector"], out["method"]) == ("KEN", "COP", "description")


def test_strings_corpus_is_stand_off_and_split():
    rows = [json.loads(line) for line in STRINGS.read_text("utf-8").splitlines()]
    assert len(rows) >= 300
    assert {r["split"] for r in rows} == {"dev", "test"}
    for r in rows:
        assert not {"string", "text", "context"} & set(r), r["id"]
        assert r["end"] > r["start"] >= 0
        assert r["actor"] == (r["sector"] is not None)
