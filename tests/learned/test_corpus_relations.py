"""Stand-off relation annotations: quotes become offsets, join back, and compare by type and sides."""

from __future__ import annotations

import json

from marsad.learned.corpus.relations import Side, agreement, convert, joined

TEXT = (
    "Government troops backed by the Popular Defence Forces attacked SPLA positions near Kadugli.\n"
    "Colonel Rios, commander of the 7th Division, said the guerrillas still hold San Vicente."
)


def _record(*rels: tuple[str, str, str, str]) -> dict:
    sents = TEXT.replace("\n", " ").split(". ")
    out = []
    for type_, src, tgt, sent in rels:
        ev = next(s for s in sents if sent in s)
        out.append({"type": type_, "source": src, "target": tgt, "certainty": "asserted", "evidence": ev})
    return {"key": "a", "relations": out}


def test_quotes_become_offsets_that_join_back_and_bad_ones_are_dropped():
    warnings: list[str] = []
    rec = _record(
        ("hostile", "Government troops", "SPLA", "attacked"),
        ("controls", "the guerrillas", "San Vicente", "still hold"),
    )
    rec["relations"].append({"type": "ally", "source": "Nobody", "target": "SPLA", "evidence": "attacked"})
    rows = convert([rec], {"a": TEXT}, warn=warnings.append)
    assert len(rows[0]["relations"]) == 2 and len(warnings) == 1
    assert "Government" not in json.dumps(rows)  # offsets and hashes, never the text
    gold = joined(rows, {"a": TEXT})["a"]
    assert [g.source.text for g in gold] == ["Government troops", "the guerrillas"]
    changed = joined(rows, {"a": TEXT.replace("SPLA", "SPLM")}, warn=warnings.append)["a"]
    assert [g.type for g in changed] == ["controls"] and len(warnings) == 2


def test_sides_match_by_position_or_name_and_hostility_either_way():
    gold = joined(
        convert([_record(("hostile", "Government troops", "SPLA", "attacked"))], {"a": TEXT}), {"a": TEXT}
    )
    g = gold["a"][0]
    spla_elsewhere = Side(500, 504, "SPLA")
    troops = Side(0, 10, "Government")
    assert g.matches("hostile", [spla_elsewhere], [troops])  # reversed, by name and by overlap
    assert not g.matches("ally", [troops], [spla_elsewhere])
    assert not g.matches("hostile", [troops], [Side(600, 606, "Sudan")])


def test_agreement_counts_what_each_annotator_found_of_the_other():
    one = _record(
        ("hostile", "Government troops", "SPLA", "attacked"),
        ("leads", "Colonel Rios", "7th Division", "Colonel"),
    )
    two = _record(("hostile", "SPLA", "troops", "attacked"))
    a, b = (joined(convert([r], {"a": TEXT}), {"a": TEXT}) for r in (one, two))
    res = agreement(a, b)
    assert res["all"]["first_found_by_second"] == 0.5 and res["all"]["second_found_by_first"] == 1.0
    assert res["leads"]["first"] == 1 and res["leads"]["second"] == 0
