"""The annotated event corpus: stand-off storage, splits, joins, agreement."""

from __future__ import annotations

import json

import pytest

from marsad.learned.corpus.agreement import agreement, cohen_kappa
from marsad.learned.corpus.join import CORPUS_DIR, Example, load_corpus, load_labels, written_id
from marsad.learned.corpus.sources import DataUnavailable, data_dir, sentences
from marsad.learned.corpus.standoff import convert

LABELS = {
    line.split("\t")[0]
    for line in (CORPUS_DIR.parents[1] / "src/marsad/learned/data/labels.tsv").read_text().splitlines()[1:]
}
STATUSES = {"asserted", "reported", "hedged", "negated", "hypothetical", "foiled", "generic", None}


def _jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_sentences_split_on_punctuation_whatever_the_case():
    text = "THE ARMY ATTACKED. MR. SMITH SAID NOTHING.  Then rebels fled! the end"
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == ["THE ARMY ATTACKED.", "MR. SMITH SAID NOTHING.", "Then rebels fled! the end"]
    lower = "police fired in the air. two men were hurt."
    assert [lower[s:e] for s, e in sentences(lower)] == ["police fired in the air.", "two men were hurt."]


def test_repository_keeps_stand_off_records_only():
    items = _jsonl(CORPUS_DIR / "items.jsonl")
    assert len(items) >= 6000
    assert all(set(it) <= {"id", "source", "key", "start", "end", "stratum", "pool", "sha1"} for it in items)
    assert len({it["id"] for it in items}) == len(items)
    for path in (CORPUS_DIR / "labels").glob("*.jsonl"):
        for rec in _jsonl(path):
            assert "text" not in rec and "trigger" not in rec and "note" not in rec, path


def test_every_item_belongs_to_a_sampling_round():
    # figures measured before a round are compared on the items of the rounds they had
    from marsad.learned.corpus.join import ROUNDS

    strata = {it.get("stratum") for it in _jsonl(CORPUS_DIR / "items.jsonl")}
    assert strata <= set(ROUNDS), strata - set(ROUNDS)
    assert sorted(set(ROUNDS.values())) == [1, 2, 3, 4]


def test_every_label_record_is_valid_and_refers_to_an_item():
    ids = {it["id"] for it in _jsonl(CORPUS_DIR / "items.jsonl")}
    labels = load_labels()
    assert len(labels) >= 6000
    for rec in labels.values():
        assert rec["id"] in ids
        assert rec["label"] in LABELS and rec["status"] in STATUSES
        assert rec["label"] == "NONE" or rec["status"] is not None


def test_revisions_change_labels_in_order_and_can_be_left_out(tmp_path):
    from marsad.learned.corpus.join import load_revisions

    (tmp_path / "labels").mkdir()
    (tmp_path / "revisions").mkdir()
    first = {"id": "a", "label": "SD-AGREE", "plover": "CONSULT", "mode": None, "status": "hypothetical"}
    (tmp_path / "labels" / "round1_batch1.jsonl").write_text(json.dumps({**first, "trigger_start": 3}) + "\n")
    rev = {"id": "a", "label": "X-DIPLO", "plover": "AGREE", "status": "asserted", "annotator": "h"}
    (tmp_path / "revisions" / "rev1_intentions.jsonl").write_text(json.dumps(rev) + "\n")
    (tmp_path / "revisions" / "rev10_later.jsonl").write_text(
        json.dumps({"id": "a", "status": "reported"}) + "\n"
    )
    assert load_labels(tmp_path, revisions=0)["a"]["plover"] == "CONSULT"
    one = load_labels(tmp_path, revisions=1)["a"]
    assert (one["label"], one["plover"], one["status"], one["trigger_start"]) == (
        "X-DIPLO",
        "AGREE",
        "asserted",
        3,
    )
    assert "annotator" not in load_revisions(tmp_path)["a"]  # only label fields are revised
    assert load_labels(tmp_path)["a"]["status"] == "reported"  # revision 10 after revision 1, not before


def test_every_revision_refers_to_an_item_and_is_valid():
    ids = {it["id"] for it in _jsonl(CORPUS_DIR / "items.jsonl")}
    written = _jsonl(CORPUS_DIR / "written.jsonl") if (CORPUS_DIR / "written.jsonl").exists() else []
    ids |= {written_id(i, r["text"]) for i, r in enumerate(written)}
    for path in (CORPUS_DIR / "revisions").glob("*.jsonl"):
        for rec in _jsonl(path):
            assert rec["id"] in ids, (path, rec["id"])
            assert rec["label"] in LABELS and rec["status"] in STATUSES
            assert "text" not in rec and "note" not in rec


def test_written_items_are_marked_and_never_tested():
    path = CORPUS_DIR / "written.jsonl"
    if not path.exists():
        pytest.skip("no written items")
    rows = _jsonl(path)
    assert all(r.get("written") is True and r["label"] in LABELS for r in rows)
    ex = Example(
        id="w1", source="written", text="x", label="NONE", plover="NONE", mode=None, status=None, written=True
    )
    assert ex.random_split == "train"


def test_random_split_is_fixed_by_id():
    a = Example(id="abc", source="s", text="", label="NONE", plover="NONE", mode=None, status=None)
    assert (
        a.random_split
        == Example(id="abc", source="t", text="x", label="X", plover="X", mode=None, status=None).random_split
    )


def test_standoff_replaces_trigger_words_by_offsets():
    items = {"i1": {"id": "i1", "key": "k", "start": 10, "end": 40}}
    texts = {"k": "0123456789Rebels  Shot dead two traders."}
    rows = convert(
        [{"id": "i1", "label": "VAC-ATTACK", "trigger": "shot dead", "note": "n"}, {"id": "zz"}],
        items,
        texts,
        "a",
    )
    assert len(rows) == 1
    row = rows[0]
    assert "trigger" not in row and "note" not in row
    assert texts["k"][row["trigger_start"] : row["trigger_end"]].lower() == "shot dead"


def test_cohen_kappa():
    assert cohen_kappa(list("aabb"), list("aabb")) == 1.0
    assert abs(cohen_kappa(list("aabb"), list("abab"))) < 1e-9
    first = {
        "1": {"label": "NONE", "plover": "NONE", "status": None},
        "2": {"label": "ERV-IED", "plover": "ASSAULT", "status": "asserted"},
    }
    second = {
        "1": {"label": "NONE", "plover": "NONE", "status": None},
        "2": {"label": "ERV-IED", "plover": "ASSAULT", "status": "reported"},
    }
    out = agreement(first, second)
    assert out["label"]["agreement"] == 1.0 and out["status"]["agreement"] == 0.0


def test_missing_data_is_reported_not_crashed(tmp_path):
    with pytest.raises(DataUnavailable, match="MARSAD_DEV_DATA"):
        data_dir(tmp_path / "absent")


def test_corpus_joins_with_the_shared_texts(dev_data):
    corpus = load_corpus(dev_data, warn=lambda m: None)
    real = [e for e in corpus if not e.written]
    assert len(real) >= 6000
    assert {e.source for e in real} >= {"satp", "india_police", "muc4", "insight_crime", "re3d", "cameo"}
    test = [e for e in real if e.random_split == "test"]
    assert 0.15 < len(test) / len(real) < 0.25


def test_revision_agreement_is_computed_from_the_stored_sample(capsys):
    from marsad.learned.corpus.agreement import main

    if not (CORPUS_DIR / "revisions_agreement.jsonl").exists():
        pytest.skip("no second reading of a revision")
    assert main(["--revision", "1"]) == 0
    out = capsys.readouterr().out
    assert "plover" in out and "items   75" in out
