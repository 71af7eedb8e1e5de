"""Readers for the shared development texts the annotated event corpus is drawn from.

Input: the shared data directory (``MARSAD_DEV_DATA``, default ``../shared/data`` beside the
checkout). Output: :class:`SourceDoc` records — a stable document key (``source:file:row`` or
the corpus's own id) and the document text exactly as stored there, so that stand-off offsets
into it reproduce the annotated span. Nothing here is copied into the repository: the corpus
keeps keys and offsets, and :mod:`marsad.learned.corpus.join` rebuilds the texts on demand.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SOURCES = ("satp", "india_police", "muc4", "insight_crime", "re3d", "tr_news", "geovirus", "cameo")


@dataclass(frozen=True)
class SourceDoc:
    source: str  # one of SOURCES
    key: str  # stable id of the document inside the shared data
    text: str


class DataUnavailable(RuntimeError):
    """The shared development data is not where it was looked for."""


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The shared data directory: ``path``, else ``MARSAD_DEV_DATA``, else ``../shared/data``
    beside the checkout. Raises :class:`DataUnavailable` when it does not exist."""
    if path is None:
        path = os.environ.get("MARSAD_DEV_DATA") or Path(__file__).resolve().parents[5] / "shared" / "data"
    p = Path(path)
    if not p.is_dir():
        raise DataUnavailable(f"shared development data not found at {p} (set MARSAD_DEV_DATA)")
    return p


def _tsv_rows(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        for i, line in enumerate(fh):
            text = line.rstrip("\n").split("\t", 1)[0]
            if text.startswith('"') and text.endswith('"') and len(text) > 1:
                text = text[1:-1]
            yield i, text


def _conflibert_tsv(root: Path, source: str, folder: str) -> Iterator[SourceDoc]:
    for split in ("train", "dev"):
        path = root / "events" / "conflibert" / folder / f"{split}.tsv"
        if path.exists():
            for i, text in _tsv_rows(path):
                if text.strip():
                    yield SourceDoc(source, f"{folder}/{split}.tsv:{i}", text)


def _muc4(root: Path) -> Iterator[SourceDoc]:
    for split in ("train", "dev"):
        path = root / "events" / "conflibert" / "muc4" / f"{split}.json"
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            for key in sorted(data):
                yield SourceDoc("muc4", f"muc4/{split}.json:{key}", data[key]["doc"])


def _re3d(root: Path) -> Iterator[SourceDoc]:
    for folder in sorted((root / "re3d").glob("*/documents.json")):
        for line in folder.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                yield SourceDoc("re3d", f"re3d/{folder.parent.name}:{d['_id']}", d["text"])


def _geo_xml(root: Path, source: str, name: str) -> Iterator[SourceDoc]:
    path = root / "geoparsing" / name
    if not path.exists():
        return
    tree = ET.parse(path)
    for i, art in enumerate(tree.getroot().iter("article")):
        text = art.findtext("text") or ""
        if text.strip():
            yield SourceDoc(source, f"{name}:{art.get('docid') or i}", text)


def _cameo(root: Path) -> Iterator[SourceDoc]:
    path = root / "roles" / "cameo_class_train.tsv"
    if path.exists():
        for i, text in _tsv_rows(path):
            if text.strip():
                yield SourceDoc("cameo", f"cameo_class_train.tsv:{i}", text)


_READERS = {
    "satp": lambda root: _conflibert_tsv(root, "satp", "satp_relevant"),
    "india_police": lambda root: _conflibert_tsv(root, "india_police", "IndiaPoliceEvents_sents"),
    "insight_crime": lambda root: _conflibert_tsv(root, "insight_crime", "insightCrime"),
    "muc4": _muc4,
    "re3d": _re3d,
    "tr_news": lambda root: _geo_xml(root, "tr_news", "TR-News.xml"),
    "geovirus": lambda root: _geo_xml(root, "geovirus", "GeoVirus.xml"),
    "cameo": _cameo,
}


def iter_source(source: str, root: Path | None = None) -> Iterator[SourceDoc]:
    """Every document of one source, in a fixed order."""
    if source not in _READERS:
        raise ValueError(f"unknown source {source!r} (known: {', '.join(SOURCES)})")
    yield from _READERS[source](data_dir(root))


def load_docs(root: Path | None = None, sources: tuple[str, ...] = SOURCES) -> dict[str, SourceDoc]:
    """All documents of the given sources, by key."""
    return {d.key: d for s in sources for d in iter_source(s, root)}


_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")
_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Capt|Maj|Sgt|Gov|Sen|Rep|St|Jr|Sr|No|Co|Corp|Inc|Ltd|U\.S|U\.N|"
    r"Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|vs|etc|i\.e|e\.g|[A-Z])\.$",
    re.IGNORECASE,
)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence character spans of a document. Plain punctuation rules rather than a parser,
    so that the spans are reproducible without a model; upper-case wire copy (MUC-4) and
    lower-case text split the same way because the rule looks at the punctuation first."""
    probe = text.upper() if text.isupper() or text.islower() else text
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(probe):
        if _ABBREV.search(text[max(start, m.start() - 6) : m.start()]):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
