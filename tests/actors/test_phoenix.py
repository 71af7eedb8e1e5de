"""The Phoenix/PETRARCH2 reader, the CAMEO → PLOVER mapping and the shipped compiled file."""

from __future__ import annotations

import gzip
import json
from datetime import date

import pytest

from marsad.actors.phoenix import (
    SHIPPED,
    compile_phoenix,
    data_dir,
    display_name,
    parse_actors,
    parse_agents,
    parse_code,
    parse_date,
    plover,
)

STATES = frozenset({"IRQ", "KOR", "USA", "YEM"})

SAMPLE = """\
# a comment
NURI_AL_MALIKI_  # CountryInfo.txt
+NOURI_AL-MALIKI
+PM_MALIKI
\t[IRQELI 680101-000101]
\t[IRQGOV 20060520-20140908]
\t[IRQELI]
ADEN_ABYAN_ISLAMIC_ARMY_ [YEMREB] #  kkl 21 Mar 13
+JAYSH_ADAN_
NO_CODE_HERE_
ANN_VENEMAN_\t[USAGOV 010120-050120] [IGOUNOKID >050501]
"""


def test_dates_two_and_four_digit_years():
    assert parse_date("060520") == date(2006, 5, 20)
    assert parse_date("680717") == date(1968, 7, 17)
    assert parse_date("20140908") == date(2014, 9, 8)
    assert parse_date("1920030320") is None and parse_date("20041317") is None


def test_codes_with_bounds():
    c = parse_code("IRQGOV 20060520-20140908")
    assert (c.code, c.start, c.end) == ("IRQGOV", date(2006, 5, 20), date(2014, 9, 8))
    assert c.covers(date(2010, 1, 1)) and not c.covers(date(2015, 1, 1))
    assert parse_code("IGOUNO  >070201").start == date(2007, 2, 1)
    assert parse_code("IRQ <20030320").end == date(2003, 3, 20)
    assert parse_code("---") is None
    assert parse_code("~COP").code == "COP"


def test_entries_synonyms_and_inline_codes():
    entries = list(parse_actors(SAMPLE.splitlines(), "countries"))
    assert [e.name for e in entries] == ["Nuri al Maliki", "Aden Abyan Islamic Army", "Ann Veneman"]
    maliki = entries[0]
    assert maliki.person and maliki.aliases == ["Nouri al-Maliki", "PM Maliki"]
    assert [c.code for c in maliki.codes] == ["IRQELI", "IRQGOV", "IRQELI"]
    assert entries[1].aliases == ["Jaysh Adan"] and entries[1].codes[0].code == "YEMREB"
    assert [c.code for c in entries[2].codes] == ["USAGOV", "IGOUNOKID"]


def test_agents_macros_and_plurals():
    lines = ["!PERSON! = MAN, MEN", "CATTLE!PERSON! [~AGR]", "THIEF {THIEVES} [~CRM]", "POLICE {} [~COP]"]
    assert sorted(parse_agents(lines)) == [
        ("cattleman", "AGR"),
        ("cattlemen", "AGR"),
        ("police", "COP"),
        ("thief", "CRM"),
        ("thieves", "CRM"),
    ]


def test_plover_mapping():
    assert plover("IRQGOV", STATES) == ("IRQ", "GOV")
    assert plover("IRQELI", STATES) == ("IRQ", "ELI")
    assert plover("YEMINSREB", STATES) == ("YEM", "REB")  # insurgents are rebels
    assert plover("IGOUNOREFHCR", STATES) == (None, "IGO")
    assert plover("IMGMUSALQ", STATES) == (None, "REB")
    assert plover("NGOHRIAMN", STATES) == (None, "NGO")
    assert plover("KORGOVBUS", STATES) == ("KOR", "GOV")
    assert plover("IRQ", STATES) == ("IRQ", None)  # a state, not an actor of a sector
    assert plover("USAMUS", STATES) == ("USA", "REL")


def test_display_names():
    assert display_name("NURI_AL-MALIKI_") == "Nuri al-Maliki"
    assert display_name("U.N._") == "U.N."


def test_shipped_file_and_licence():
    assert SHIPPED.is_file() and SHIPPED.stat().st_size < 10_000_000
    licence = (SHIPPED.parent / "LICENSE").read_text("utf-8")
    assert "MIT License" in licence and "Open Event Data" in licence
    notice = (SHIPPED.parent / "NOTICE").read_text("utf-8")
    assert "openeventdata/petrarch2" in notice and "MIT" in notice
    with gzip.open(SHIPPED, "rt", encoding="utf-8") as fh:
        sources = {json.loads(line).get("src", "agents") for line in fh}
    assert sources == {"countries", "international", "nonstate", "agents"}


def test_shipped_file_is_the_compiled_shared_data(tmp_path):
    folder = data_dir()
    if folder is None:
        pytest.skip("shared data (actors/phoenix) not available; set MARSAD_DEV_DATA")
    out = tmp_path / "phoenix.jsonl.gz"
    counts = compile_phoenix(folder, out)
    assert counts["countries"] > 15_000 and counts["international"] > 7_000 and counts["nonstate"] > 1_000
    assert out.read_bytes() == SHIPPED.read_bytes(), "recompile with python -m marsad.actors.phoenix"


def test_cameo_media_and_health_codes_are_plover_journalists_and_medical():
    from marsad.actors.phoenix import plover

    assert plover("USAMED", frozenset(["USA"])) == ("USA", "JRN")
    assert plover("HLH", frozenset()) == (None, "MED")
