"""The progress bar of ``marsad code`` and ``marsad geoparse``: with a total (and so an ETA)
whenever the number of documents can be known before coding starts without reading them."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

# a JSONL file larger than this is not counted first: counting would delay the start noticeably
COUNT_LIMIT_BYTES = 256 * 1024 * 1024
SNIFF_BYTES = 512


def expected_documents(paths: list[str]) -> int | None:
    """How many documents ``paths`` hold (each bad input counting as one, as it is reported
    once); None when that cannot be known cheaply: stdin, or a very large JSONL file."""
    total = 0
    for path in paths or ["-"]:
        n = documents_in(path)
        if n is None:
            return None
        total += n
    return total


def documents_in(path: str) -> int | None:
    """The documents in one input: its non-blank lines for JSONL (by suffix or, as the reader
    decides, a first character ``{``), else one; None for stdin or a JSONL file too large."""
    from marsad.ingest.readers import HTML_SUFFIXES, JSONL_SUFFIXES

    if path == "-":
        return None
    p = Path(path)
    try:
        if not p.is_file() or p.suffix.lower() in HTML_SUFFIXES:
            return 1
        with p.open("rb") as stream:
            head = stream.read(SNIFF_BYTES)
            if p.suffix.lower() not in JSONL_SUFFIXES and not head.lstrip().startswith(b"{"):
                return 1
            if p.stat().st_size > COUNT_LIMIT_BYTES:
                return None
            stream.seek(0)
            return sum(1 for line in stream if line.strip())
    except OSError:
        return 1


def progress(
    items: Iterable[Any], *, total: int | None, errors: list[str], desc: str, enabled: bool
) -> Iterator[Any]:
    """``items`` as they come, advancing a bar on stderr by each item and each input skipped
    (``errors`` grows as inputs are skipped), so that it ends at ``total``."""
    if not enabled:
        yield from items
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=desc, unit="doc", file=sys.stderr, dynamic_ncols=True) as bar:
        counted = 0
        for item in items:
            bar.update(1 + len(errors) - counted)
            counted = len(errors)
            yield item
        bar.update(len(errors) - counted)
