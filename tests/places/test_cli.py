"""``marsad gazetteer build|info|lookup``."""

from __future__ import annotations

import json

from marsad.cli import main


def test_lookup_json(gazetteer, capsys):
    assert main(["gazetteer", "lookup", "Deir al-Zor", "--country", "SY", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["geonameid"] for r in rows} >= {170792, 170794}
    assert all(r["country_code"] == "SY" for r in rows)


def test_lookup_unknown_name_fails(gazetteer, capsys):
    assert main(["gazetteer", "lookup", "Qwertzistan-al-Foo"]) == 1
    assert "no gazetteer entry" in capsys.readouterr().err


def test_build_from_dump_then_info(tmp_path, tiny_dump, capsys):
    geo, alt = tiny_dump
    out = tmp_path / "g.sqlite"
    assert (
        main(
            [
                "gazetteer",
                "build",
                "--geonames",
                str(geo),
                "--alternate-names",
                str(alt),
                "-o",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    built = json.loads(capsys.readouterr().out)
    assert built["counts"]["places"] == 2
    assert main(["gazetteer", "info", "-g", str(out)]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["source"] == "geonames-dump" and info["path"] == str(out)
    assert main(["gazetteer", "lookup", "al-Mayadeen", "-g", str(out), "--format", "jsonl"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["geonameid"] == 173480
