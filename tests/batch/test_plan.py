"""Planning a corpus job and reading its partitions (no pipeline, no cluster)."""

from __future__ import annotations

import gzip
import json

import pytest

from marsad.batch.partition import count_documents, read_partition
from marsad.batch.plan import Partition, PlanError, plan_partitions
from marsad.ingest import IngestError

from .conftest import corpus_records, write_corpus


def test_each_jsonl_file_is_a_partition_and_text_files_are_grouped(tmp_path):
    write_corpus(tmp_path / "feed", corpus_records(12))
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(5):
        (pages / f"p{i}.txt").write_text(f"Gunmen killed {i + 2} soldiers near Kirkuk.", encoding="utf-8")
    (pages / "notes.csv").write_text("a,b\n", encoding="utf-8")  # not a document: left out of a folder
    plan = plan_partitions([str(tmp_path / "feed" / "*.jsonl*"), str(pages)], files_per_partition=2)
    assert [p.kind for p in plan] == ["jsonl"] * 3 + ["files"] * 3
    assert [len(p.sources) for p in plan if p.kind == "files"] == [2, 2, 1]
    assert not any(s.endswith(".csv") for p in plan for s in p.sources)
    again = plan_partitions([str(pages), str(tmp_path / "feed")], files_per_partition=2)
    assert [p.key for p in again] == [p.key for p in plan]  # stable keys: a restart redoes the same work


def test_an_input_that_matches_nothing_is_an_error(tmp_path):
    with pytest.raises(PlanError, match="no such file"):
        plan_partitions([str(tmp_path / "missing.jsonl")])
    with pytest.raises(PlanError, match="matches no"):
        plan_partitions([str(tmp_path / "*.jsonl")])


def test_a_gzipped_partition_is_read_and_counted(tmp_path):
    (path,) = [p for p in write_corpus(tmp_path, corpus_records(10)) if p.suffix == ".gz"]
    (partition,) = plan_partitions([str(path)])
    docs = list(read_partition(partition, date=None))
    assert [d.id for d in docs] == [f"batch-{i:03d}" for i in range(5, 10)]
    assert docs[0].source == f"{path}:1"
    assert count_documents(partition) == 5


def test_a_truncated_gzip_keeps_what_was_read_and_says_where_it_stopped(tmp_path):
    lines = "".join(json.dumps(r) + "\n" for r in corpus_records(40)).encode("utf-8")
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(lines)[:-400])
    items = list(read_partition(Partition("cut", "jsonl", (str(path),))))
    assert isinstance(items[-1], IngestError) and "reading stopped" in items[-1].reason
    assert 0 < len(items) - 1 < 40 and not any(isinstance(i, IngestError) for i in items[:-1])


def test_batch_stops_before_starting_a_cluster_when_an_input_is_missing(tmp_path, capsys):
    from marsad.cli import main

    assert main(["batch", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "s.db")]) == 2
    assert "nope.jsonl: no such file or folder" in capsys.readouterr().err
    assert not (tmp_path / "s.db").exists()  # nothing was created for a job that cannot run


@pytest.mark.parametrize("split", [1, 7, 64, 100, 333, 5000])
def test_a_jsonl_file_split_by_bytes_gives_every_line_to_exactly_one_range(tmp_path, split):
    records = corpus_records(12)
    records[3]["text"] *= 5  # a long line, cut by several range boundaries when split small
    lines = "".join(json.dumps(r) + "\n" for r in records) + "\n" + "not json\n"
    path = tmp_path / "big.jsonl"
    path.write_text(lines, encoding="utf-8")
    size = path.stat().st_size
    plan = plan_partitions([str(path)], split_bytes=split)
    if split >= size:
        assert [p.byte_range for p in plan] == [None]
    else:
        ranges = [p.byte_range for p in plan]
        assert ranges[0][0] == 0 and ranges[-1][1] == size and len(ranges) == -(-size // split)
        assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:], strict=False))  # no gap, no overlap
        assert len({p.key for p in plan}) == len(plan)
    items = [item for p in plan for item in read_partition(p)]
    docs = [i for i in items if not isinstance(i, IngestError)]
    assert [d.id for d in docs] == [r["id"] for r in records]  # each once, in order
    assert [d.text for d in docs] == [r["text"] for r in records]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert len(errors) == 1 and "not valid JSON" in errors[0].reason
    assert sum(count_documents(p) for p in plan) == len(records) + 1
    for p in plan:  # a source names the range's first byte and the line counted from there
        where = str(path) if p.byte_range is None else f"{path}@{p.byte_range[0]}"
        assert all(i.source.startswith(f"{where}:") for i in read_partition(p))


def test_a_compressed_jsonl_file_is_never_split(tmp_path):
    (path,) = [p for p in write_corpus(tmp_path, corpus_records(10)) if p.suffix == ".gz"]
    (partition,) = plan_partitions([str(path)], split_bytes=10)
    assert partition.byte_range is None


@pytest.mark.parametrize(
    ("text", "size"), [("64MB", 64_000_000), ("1.5GiB", 3 * 2**29), ("500k", 500_000), ("1234", 1234)]
)
def test_sizes_are_read_with_their_units(text, size):
    from marsad.batch.plan import parse_size

    assert parse_size(text) == size


def test_a_bad_split_size_stops_the_job_before_it_starts(tmp_path, capsys):
    from marsad.cli import main

    write_corpus(tmp_path / "feed", corpus_records(5))
    assert (
        main(["batch", str(tmp_path / "feed"), "--db", str(tmp_path / "s.db"), "--split-bytes", "lots"]) == 2
    )
    assert "'lots' is not a size" in capsys.readouterr().err
    assert not (tmp_path / "s.db").exists()
