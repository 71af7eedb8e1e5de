"""Batch-job fixtures: a small partitioned corpus built from the example article's sentences,
and a store URL for each backend (PostgreSQL when MARSAD_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "al-monitor-2014-06-10-isis-on-offense.txt"
DOCUMENTS = 30
PER_FILE = 5


def corpus_records(n: int = DOCUMENTS) -> list[dict]:
    """``n`` short documents of two sentences each, with distinct ids and texts."""
    text = EXAMPLE.read_text(encoding="utf-8")
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 6]
    return [
        {
            "id": f"batch-{i:03d}",
            "date": "2014-06-10",
            "text": f"{sentences[i % len(sentences)]} {sentences[(i + 7) % len(sentences)]}",
        }
        for i in range(n)
    ]


def write_corpus(folder: Path, records: list[dict]) -> list[Path]:
    """The records as JSONL files of ``PER_FILE`` lines, every other one gzipped."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(0, len(records), PER_FILE):
        lines = "".join(json.dumps(r) + "\n" for r in records[k : k + PER_FILE])
        if (k // PER_FILE) % 2:
            path = folder / f"part-{k // PER_FILE:02d}.jsonl.gz"
            path.write_bytes(gzip.compress(lines.encode("utf-8")))
        else:
            path = folder / f"part-{k // PER_FILE:02d}.jsonl"
            path.write_text(lines, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """An empty store every local process can reach."""
    if request.param == "sqlite":
        return str(tmp_path / "batch.db")
    return request.getfixturevalue("postgres_url")
