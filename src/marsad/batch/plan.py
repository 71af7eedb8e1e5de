"""Plan a corpus job: inputs → partitions, by listing names only (the client reads no document).

An input is a file, a folder (walked), a glob (``corpus/**/*.jsonl.gz``) or, with fsspec
installed, a URL fsspec can list (``s3://bucket/feed/2024-*.jsonl.gz``). Every JSONL file
(``.jsonl``, ``.ndjson``, compressed ``.gz`` and, through fsspec, ``.bz2``/``.xz``/``.zst``)
is a partition of its own, or, with ``split_bytes``, an uncompressed one larger than that is cut
into byte ranges of about ``split_bytes``, each a partition (each worker reads its own range; a
line belongs to the range where it starts); ``.txt``/``.html`` files go ``files_per_partition``
to a partition. Keys are stable for the same inputs, so a second start of the same job redoes the same work.
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
    byte_range: tuple[int, int] | None = None  # [start, end) of its one JSONL file; None: all of it

    @property
    def known_documents(self) -> int | None:
        """Documents in the partition when known without reading it (a file is one)."""
        return len(self.sources) if self.kind == "files" else None


def parse_size(text: str) -> int:
    """``"64MB"``, ``"1.5GiB"``, ``"500k"`` or a plain number of bytes, as bytes."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*", text.lower())
    if not m:
        raise ValueError(f"{text!r} is not a size (e.g. 64MB, 1GB, 500000)")
    power = " kmgt".index(m.group(2) or " ")
    size = int(float(m.group(1)) * (1024 if m.group(3).startswith("i") else 1000) ** power)
    if size < 1:
        raise ValueError(f"{text!r}: a size must be at least one byte")
    return size


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


def _size(path: str) -> int:
    if not is_url(path):
        return os.path.getsize(path.removeprefix("file://"))
    import fsspec

    fs, inner = fsspec.core.url_to_fs(path)
    return int(fs.size(inner) or 0)


def _jsonl_partitions(path: str, split_bytes: int | None) -> list[Partition]:
    """One partition for the file, or one per byte range of about ``split_bytes`` (an
    uncompressed file only: a compressed stream cannot be entered in the middle)."""
    prefix = Path(path.split("://")[-1]).name.split(".")[0]
    size = _size(path) if split_bytes and not path.lower().endswith(COMPRESSIONS) else 0
    if not split_bytes or size <= split_bytes:
        return [Partition(_key(prefix, path), "jsonl", (path,))]
    count = -(-size // split_bytes)
    bounds = [size * k // count for k in range(count + 1)]
    return [
        Partition(_key(f"{prefix}-{k:04d}", path, str(start), str(end)), "jsonl", (path,), (start, end))
        for k, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False))
    ]


def plan_partitions(
    inputs: list[str], *, files_per_partition: int = FILES_PER_PARTITION, split_bytes: int | None = None
) -> list[Partition]:
    """The partitions of ``inputs``, in a stable order; raises PlanError for an input that
    matches nothing, so a typo never passes for an empty corpus. With ``split_bytes``, an
    uncompressed JSONL file larger than that is cut into byte ranges (sizes only are read)."""
    paths: list[str] = []
    for item in inputs:
        found = _remote(item) if is_url(item) else _local(item)
        if not found:
            raise PlanError(f"{item}: matches no .jsonl, .jsonl.gz, .txt or .html file")
        paths.extend(found)
    unique = sorted(set(paths))
    partitions = [part for p in unique if is_jsonl(p) for part in _jsonl_partitions(p, split_bytes)]
    files = [p for p in unique if not is_jsonl(p)]
    size = max(1, files_per_partition)
    for start in range(0, len(files), size):
        group = tuple(files[start : start + size])
        partitions.append(Partition(_key("files", *group), "files", group))
    return partitions
