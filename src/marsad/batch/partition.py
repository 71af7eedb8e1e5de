"""A worker reads one partition: its documents (or the IngestErrors of bad ones), streamed.

Local files are opened directly (``.gz`` with :mod:`gzip`); URLs and other compressions
go through fsspec. A file whose reading breaks off (a truncated ``.gz``, a lost connection)
yields the documents read so far, then one IngestError saying where it stopped.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from marsad.batch.plan import COMPRESSIONS, Partition, is_url
from marsad.ingest import IngestError
from marsad.ingest.readers import MAX_DOCUMENT_BYTES, Result, read_bytes, read_jsonl, read_path


@contextmanager
def open_binary(source: str) -> Iterator[IO[bytes]]:
    """The bytes of ``source``, decompressed."""
    local = not is_url(source)
    path = source.removeprefix("file://")
    if local and path.lower().endswith(".gz"):
        with gzip.open(path, "rb") as stream:
            yield stream
    elif local and not path.lower().endswith(COMPRESSIONS):
        with open(path, "rb") as stream:
            yield stream
    else:
        import fsspec

        with fsspec.open(source, "rb", compression="infer") as stream:
            yield stream


def read_partition(partition: Partition, *, date: str | None = None) -> Iterator[Result]:
    """Every document of the partition in order, or the IngestError of each bad one."""
    for source in partition.sources:
        try:
            if partition.kind == "jsonl":
                with open_binary(source) as stream:
                    yield from read_jsonl(stream, source, date=date)
            elif is_url(source):
                yield from _read_remote_file(source, date)
            else:
                yield from read_path(source, date=date)
        except (OSError, EOFError, ValueError, ImportError) as exc:
            yield IngestError(source, f"reading stopped: {type(exc).__name__}: {exc}")


def _read_remote_file(source: str, date: str | None) -> Iterator[Result]:
    with open_binary(source) as stream:
        data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        yield IngestError(source, f"document is over the limit of {MAX_DOCUMENT_BYTES:,} bytes")
        return
    yield from read_bytes(data, source, date=date)


def count_documents(partition: Partition) -> int:
    """How many documents the partition holds (non-blank JSONL lines; one per file), read
    on a worker so that the client's progress bar has a total without touching the data."""
    known = partition.known_documents
    if known is not None:
        return known
    total = 0
    for source in partition.sources:
        try:
            with open_binary(source) as stream:
                total += sum(1 for line in stream if line.strip())
        except (OSError, EOFError, ValueError, ImportError):
            total += 1  # reported once, as one error, by read_partition
    return total
