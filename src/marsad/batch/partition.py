"""A worker reads one partition: its documents (or the IngestErrors of bad ones), streamed.

Local files are opened directly (``.gz`` with :mod:`gzip`); URLs and other compressions
go through fsspec. A file whose reading breaks off (a truncated ``.gz``, a lost connection)
yields the documents read so far, then one IngestError saying where it stopped.

A partition that is a byte range ``[start, end)`` of an uncompressed JSONL file holds the lines
that start in that range (the line cut by ``start`` belongs to the range before); its
documents' sources are ``FILE@START:N``, the N-th line from byte START.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from marsad.batch.plan import COMPRESSIONS, Partition, is_url
from marsad.ingest import IngestError
from marsad.ingest.readers import MAX_DOCUMENT_BYTES, Result, read_bytes, read_jsonl, read_path

EMPTY = "empty document"  # what read_jsonl says of a stream without a line of text


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


class ByteRange:
    """The lines of a seekable binary stream that start in ``[start, end)``, read through
    ``readline`` like the stream itself (a line that starts in the range is read whole)."""

    def __init__(self, stream: IO[bytes], start: int, end: int) -> None:
        self.stream, self.end, self.pos = stream, end, start
        self.at_line_start = True
        if start > 0:  # the line running into the range is the previous range's
            stream.seek(start - 1)
            self.pos = start - 1
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                self.pos += len(rest)
            self.pos += len(rest)

    def readline(self, limit: int = -1) -> bytes:
        if self.at_line_start and self.pos >= self.end:
            return b""
        line = self.stream.readline(limit)
        self.pos += len(line)
        self.at_line_start = line.endswith(b"\n")
        return line

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line


@contextmanager
def open_lines(partition: Partition, source: str) -> Iterator[IO[bytes]]:
    """The source's bytes, or only its lines in the partition's byte range."""
    with open_binary(source) as stream:
        if partition.byte_range is None:
            yield stream
        else:
            yield ByteRange(stream, *partition.byte_range)  # type: ignore[misc]


def _name(partition: Partition, source: str) -> str:
    return source if partition.byte_range is None else f"{source}@{partition.byte_range[0]}"


def read_partition(partition: Partition, *, date: str | None = None) -> Iterator[Result]:
    """Every document of the partition in order, or the IngestError of each bad one."""
    for source in partition.sources:
        try:
            if partition.byte_range is not None:
                name = _name(partition, source)
                with open_lines(partition, source) as stream:
                    for item in read_jsonl(stream, name, date=date):
                        # a range in which no line starts (inside a long line) holds nothing
                        if not (
                            isinstance(item, IngestError) and (item.source, item.reason) == (name, EMPTY)
                        ):
                            yield item
            elif partition.kind == "jsonl":
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
            with open_lines(partition, source) as stream:
                total += sum(1 for line in stream if line.strip())
        except (OSError, EOFError, ValueError, ImportError):
            total += 1  # reported once, as one error, by read_partition
    return total
