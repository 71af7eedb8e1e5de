"""The command line at its edges: bad dates, missing stores, exports that leave events out,
and what the read commands show in a terminal (issue 14, items 5 and 6)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.cli.events import WHO_WIDTH, who_to_whom_lines
from marsad.store import Store

LONG_NAME = "Popular Mobilization Forces of the Southern Provinces Brigade"


def _undated_unplaced(corpus: dict) -> dict:
    """A document with one event that has neither date nor place, by actors with long names."""
    doc = copy.deepcopy(corpus["documents"][0])
    doc.update(id="edge-undated", date=None, url=None, text="Fighters attacked a convoy.")
    event = doc["events"][0]
    event.update(
        location=None, date=None, evidence={"text": "Fighters attacked a convoy.", "start": 0, "end": 27}
    )
    event["actors"] = [{"id": None, "name": LONG_NAME, "text": LONG_NAME, "start": 0, "end": 8}]
    doc["events"] = [event]
    return doc


@pytest.fixture
def db(tmp_path, corpus) -> str:
    path = str(tmp_path / "edges.db")
    with Store.open(path) as store:
        for doc in corpus["documents"][:6]:
            store.ingest(doc)
        store.ingest(_undated_unplaced(corpus))
    return path


@pytest.mark.parametrize(
    ("argv", "value"),
    [
        (["events", "--since", "2014-13-01"], "2014-13-01"),
        (["events", "--until", "06/10/2014"], "06/10/2014"),
        (["timeline", "--since", "last week"], "last week"),
        (["graph", "--until", "2014-06"], "2014-06"),
        (["export", "--format", "geojson", "--since", "x"], "x"),
        (["stats"], None),
    ],
)
def test_a_bad_date_is_one_line_naming_it(db, capsys, argv, value):
    code = main([*argv, "--db", db])
    err = capsys.readouterr().err
    if value is None:  # a command without date options is untouched
        assert code == 0 and err == ""
        return
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert repr(value) in err and "YYYY-MM-DD" in err


def test_code_refuses_a_bad_date_before_reading_anything(tmp_path, capsys):
    page = tmp_path / "a.txt"
    page.write_text("Rebels shelled Aleppo.", encoding="utf-8")
    assert main(["code", str(page), "--date", "10 June", "--no-store", "--no-progress"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "--date '10 June'" in captured.err


@pytest.mark.parametrize(
    "argv",
    [["events"], ["graph"], ["stats"], ["timeline"], ["export", "--format", "geojson"], ["serve"]],
)
@pytest.mark.parametrize("as_url", [False, True])
def test_a_read_command_never_creates_a_store(tmp_path, capsys, argv, as_url):
    missing = tmp_path / "typo" / "marsad.db"
    code = main([*argv, "--db", f"sqlite:///{missing}" if as_url else str(missing)])
    err = capsys.readouterr().err
    assert code == 2 and f"no store at {missing}" in err and err.count("\n") == 1
    assert not missing.exists() and not missing.parent.exists()


def test_writing_commands_still_create_their_store(tmp_path, capsys):
    new = tmp_path / "new.db"
    assert main(["store", "migrate", "--db", str(new)]) == 0
    assert new.exists()
    capsys.readouterr()
    assert main(["stats", "--db", str(new), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["events"] == 0


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["export", "--format", "geojson"], "1 event left out of the GeoJSON export: 1 with no place"),
        (["events", "--format", "geojson", "--limit", "0"], "1 event left out of the GeoJSON export"),
        (["export", "--format", "acled-csv"], "left out of the ACLED CSV export: 1 with no date"),
    ],
)
def test_an_export_says_what_it_left_out(db, capsys, argv, said):
    assert main([*argv, "--db", db]) == 0
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1


@pytest.mark.parametrize("fmt", ["plover", "jsonl"])
def test_an_export_that_keeps_every_event_says_nothing(db, capsys, fmt):
    assert main(["export", "--format", fmt, "--db", db]) == 0
    assert capsys.readouterr().err == ""


def test_events_table_wraps_who_to_whom_instead_of_cutting(db, capsys):
    assert main(["events", "--db", db, "--limit", "0"]) == 0
    out = capsys.readouterr().out
    assert _rejoined(out, LONG_NAME)
    assert "…" not in "".join(line[45 : 45 + WHO_WIDTH] for line in out.splitlines()[1:])


def _rejoined(out: str, name: str) -> bool:
    cells = [line[45 : 45 + WHO_WIDTH].strip() for line in out.splitlines()[1:]]
    return any(" ".join(cells[i : i + 3]).startswith(name) for i in range(len(cells)))


def test_who_to_whom_lines():
    short = {"actors": "ISIS", "recipients": "Iraqi army"}
    assert who_to_whom_lines(short, 40) == ["ISIS → Iraqi army"]
    long = {"actors": LONG_NAME, "recipients": "Military Forces of Iraq"}
    lines = who_to_whom_lines(long, 40)
    assert all(len(line) <= 40 for line in lines)
    assert " ".join(lines) == f"{LONG_NAME} → Military Forces of Iraq"
    assert lines[-1].startswith("→ ")


def test_timeline_by_actor_shows_names(db, capsys):
    assert main(["timeline", "--by", "actor", "--db", db]) == 0
    keys = {line[11:52].strip() for line in capsys.readouterr().out.splitlines()}
    assert "Islamic State" in keys and "ISIS" not in keys and "IRQ_MIL" not in keys
    assert main(["timeline", "--by", "actor", "--db", db, "--format", "json"]) == 0
    assert "ISIS" in {r["series"] for r in json.loads(capsys.readouterr().out)["rows"]}  # ids stay in data


def test_graph_prints_a_summary_by_default_and_json_on_request(db, capsys):
    assert main(["graph", "--db", db, "--format", "json"]) == 0
    graph = json.loads(capsys.readouterr().out)
    assert main(["graph", "--db", db]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.startswith(f"{len(graph['nodes'])} actors, {len(graph['edges'])} edge")
    assert "—hostile→ Islamic State" in out  # names, not ids
    assert "ISIS" not in out and not out.lstrip().startswith("{")


def test_the_readme_says_to_clone_and_enter_before_installing():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    install = readme[readme.index("## Install") :]
    assert install.index("git clone") < install.index("cd ") < install.index("pip install")


def test_events_csv_neutralises_formula_cells():
    import csv
    import io

    from marsad.cli.events import write_events

    event = {
        "id": "e1",
        "type": "ASSAULT",
        "actors": [{"name": '=HYPERLINK("http://x")'}],
        "recipients": [{"name": "@SUM(A1)"}],
        "location": {"name": "Mosul"},
        "evidence": {"text": "+cmd attacked"},
        "latitude": -33.5,
    }
    out = io.StringIO()
    write_events([event], "csv", out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["actors_text"].startswith("'=") and "@SUM" in row["actors_text"]
    assert row["evidence"].startswith("'+")
    assert row["lat"] == "-33.5"  # a number stays a number
