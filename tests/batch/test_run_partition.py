"""One partition coded on a worker: stored once, skipped when stored, PLOVER output whole."""

from __future__ import annotations

import json

import pytest

from marsad.batch.plan import plan_partitions
from marsad.batch.work import ALREADY_STORED, NOT_CODED, UNREADABLE, PartitionTask, run_partition

from .conftest import corpus_records

pytestmark = pytest.mark.slow


class _FailsOn:
    """The session pipeline, but failing on one document (a coding error, not a crash)."""

    def __init__(self, pipeline, doc_id: str) -> None:
        self.pipeline, self.doc_id = pipeline, doc_id
        self.config = pipeline.config

    def parse_many(self, docs):
        return self.pipeline.parse_many(docs)

    def run(self, doc, parsed=False, **kw):
        if doc.id == self.doc_id:
            raise ValueError("boom")
        return self.pipeline.run(doc, parsed=parsed, **kw)


def _partition(tmp_path, records):
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + "not json\n", encoding="utf-8")
    (partition,) = plan_partitions([str(path)])
    return partition


def _plover(out):
    (path,) = out.glob("*.plover.jsonl")
    return path.read_text(encoding="utf-8").splitlines()


def test_a_partition_is_stored_once_and_skipped_when_done_again(tmp_path, pipeline):
    from marsad.store import Store

    records = corpus_records(4)
    store = Store.open(tmp_path / "s.db")
    task = PartitionTask(_partition(tmp_path, records), str(tmp_path / "s.db"), out=str(tmp_path / "out"))

    first = run_partition(task, pipeline=_FailsOn(pipeline, "batch-002"), store=store)
    assert first.documents == 5
    assert (
        first.coded == {"inserted": 3} and first.failed == {NOT_CODED: 1} and first.skipped == {UNREADABLE: 1}
    )
    reasons = {source.rsplit(":", 1)[1]: reason for source, reason in first.errors}
    assert "boom" in reasons["3"] and "not valid JSON" in reasons["5"]
    events_first = _plover(tmp_path / "out")

    again = run_partition(task, pipeline=pipeline, store=store)  # resumed: only the failed one is coded
    assert again.skipped == {ALREADY_STORED: 3, UNREADABLE: 1} and again.coded == {"inserted": 1}
    events_again = _plover(tmp_path / "out")
    assert set(events_first) <= set(events_again)  # the stored documents' events are written again
    assert len(store.documents(limit=100)) == 4

    records[0]["text"] += " Gunmen killed two policemen in Mosul."  # a corrected article
    changed = run_partition(
        PartitionTask(_partition(tmp_path, records), task.db), pipeline=pipeline, store=store
    )
    assert changed.coded == {"replaced": 1} and changed.skipped[ALREADY_STORED] == 3
    store.close()


def test_parquet_output_holds_the_same_events_as_the_plover_output(tmp_path, pipeline, monkeypatch):
    pq = pytest.importorskip("pyarrow.parquet")
    from marsad.batch.parquet import COLUMNS, ParquetPlover, schema
    from marsad.store import Store

    monkeypatch.setattr(ParquetPlover, "ROW_GROUP", 2)  # written as it goes, in several row groups

    store = Store.open(tmp_path / "s.db")
    partition = _partition(tmp_path, corpus_records(6))
    task = PartitionTask(partition, str(tmp_path / "s.db"), out=str(tmp_path / "pq"), out_format="parquet")
    first = run_partition(task, pipeline=pipeline, store=store)
    assert first.coded == {"inserted": 6}
    (path,) = (tmp_path / "pq").iterdir()  # published whole under its final name, nothing partial left
    assert path.name == f"{partition.key}.parquet"
    table = pq.read_table(path)
    assert table.schema == schema() and table.column_names[0] == "document_id"
    assert pq.ParquetFile(path).num_row_groups > 1

    plover = PartitionTask(partition, task.db, out=str(tmp_path / "jsonl"))  # from the store this time
    assert run_partition(plover, pipeline=pipeline, store=store).skipped[ALREADY_STORED] == 6
    records = [json.loads(line) for line in _plover(tmp_path / "jsonl")]
    assert records and table.num_rows == len(records)
    rows = table.to_pylist()
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    for row, record in zip(rows, records, strict=True):
        assert row["document_id"] == record["cite_info"]["citation"]
        for name, kind in COLUMNS[1:]:
            assert (
                json.loads(row[name]) if kind == "json" and row[name] is not None else row[name]
            ) == record[name], name
    store.close()
