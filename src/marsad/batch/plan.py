"""Plan a corpus job: inputs → partitions, by listing names only (the client reads no document).

An input is a file, a folder (walked), a glob (``corpus/**/*.jsonl.gz``) or, with fsspec
installed, a URL fsspec can list (``s3://bucket/feed/2024-*.jsonl.gz``). Every JSONL file
(``.jsonl``, ``.ndjson``, compressed ``.gz`` and, through fsspec, ``.bz2``/``.xz``/``.zst``)
is a partition of its own; ``.txt``/``.html`` files go ``files_per_partition`` to a partition.
Keys are stable for the same inputs, so a second start of the same job redoes the same work.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

JSONL_SUFFIXES = (".jsonl", ".ndjson")
COMPRESSIONS = (".gz", ".bz2", ".xz", ".zst")
FILE_SUFFIXES = (".txt", ".html", ".htm", ".xhtml")
FILES_PER_PARTITION = 64
_GLOB_CHARS = re.compile(r"[*?\[]")
_UNSAFE_KEY = re.compile(r"[^A-Za-z0-9._-]+")


class PlanError(ValueError):
    """An input that names nothing to code (missing, empty, or a URL without fsspec)."""


@dataclass(frozen=True)
class Partition:
    """One unit of work for one worker: a JSONL file, or a group of ``.txt``/``.html`` files."""

    key: str
    kind: str  # "jsonl" or "files"
    sources: tuple[str, ...]

    @property
    def known_documents(self) -> int | None:
        """Documents in the partition when known without reading it (a file is one)."""
        return len(self.sources) if self.kind == "files" else None


def is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def is_jsonl(name: str) -> bool:
    lower = name.lower()
    for ext in COMPRESSIONS:
        if lower.endswith(ext):
            lower = lower[: -len(ext)]
            break
    return lower.endswith(JSONL_SUFFIXES)


def _codable(name: str) -> bool:
    return is_jsonl(name) or name.lower().endswith(FILE_SUFFIXES)


def _local(pattern: str) -> list[str]:
    path = os.path.expanduser(pattern.removeprefix("file://"))
    if _GLOB_CHARS.search(path):
        found = [p for p in glob.glob(path, recursive=True) if os.path.isfile(p)]
    elif os.path.isdir(path):
        found = [str(p) for p in Path(path).rglob("*") if p.is_file() and _codable(p.name)]
    elif os.path.isfile(path):
        return [os.path.abspath(path)]
    else:
        raise PlanError(f"{pattern}: no such file or folder")
    return [os.path.abspath(p) for p in found if _codable(p)]


def _remote(url: str) -> list[str]:
    try:
        import fsspec
    except ImportError as exc:
        raise PlanError(f"{url}: reading URLs needs fsspec (pip install fsspec and its backend)") from exc
    fs, path = fsspec.core.url_to_fs(url)
    if _GLOB_CHARS.search(path):
        found = [p for p in fs.glob(path) if _codable(p) and fs.isfile(p)]
    elif fs.isdir(path):
        found = [p for p in fs.find(path) if _codable(p)]
    elif fs.isfile(path):
        found = [path]
    else:
        raise PlanError(f"{url}: no such file or folder")
    return [fs.unstrip_protocol(p) for p in found]


def _key(prefix: str, *parts: str) -> str:
    digest = hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:10]
    return f"{_UNSAFE_KEY.sub('_', prefix)[:60]}-{digest}"


def plan_partitions(inputs: list[str], *, files_per_partition: int = FILES_PER_PARTITION) -> list[Partition]:
    """The partitions of ``inputs``, in a stable order; raises PlanError for an input that
    matches nothing, so a typo never passes for an empty corpus."""
    paths: list[str] = []
    for item in inputs:
        found = _remote(item) if is_url(item) else _local(item)
        if not found:
            raise PlanError(f"{item}: matches no .jsonl, .jsonl.gz, .txt or .html file")
        paths.extend(found)
    unique = sorted(set(paths))
    partitions = [
        Partition(_key(Path(p.split("://")[-1]).name.split(".")[0], p), "jsonl", (p,))
        for p in unique
        if is_jsonl(p)
    ]
    files = [p for p in unique if not is_jsonl(p)]
    size = max(1, files_per_partition)
    for start in range(0, len(files), size):
        group = tuple(files[start : start + size])
        partitions.append(Partition(_key("files", *group), "files", group))
    return partitions
