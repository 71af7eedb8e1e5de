"""The CAMEO source/target span set (``roles/cameo_ner_train.txt``), with a fixed held-out fifth.

Input: the shared file (one token per line, BIO tags ``S`` source, ``T`` target, ``R`` related;
sentences separated by blank lines). Output: :class:`RoleSentence` records — the sentence as
its tokens joined by single spaces, with character spans for the source and target entities.
The held-out fifth is fixed by the SHA-1 of the sentence text (fold 0 of 5), decided before
any model was trained or tuned on the file: ``split == "test"`` sentences are never trained on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from marsad.learned.corpus.sources import DataUnavailable, data_dir

RELATIVE_PATH = Path("roles") / "cameo_ner_train.txt"
N_FOLDS = 5
TEST_FOLD = 0


@dataclass
class RoleSentence:
    index: int
    text: str
    source: list[tuple[int, int]] = field(default_factory=list)
    target: list[tuple[int, int]] = field(default_factory=list)

    @property
    def fold(self) -> int:
        return int(hashlib.sha1(self.text.encode("utf-8")).hexdigest(), 16) % N_FOLDS

    @property
    def split(self) -> str:
        return "test" if self.fold == TEST_FOLD else "train"


def parse(lines: list[str]) -> list[RoleSentence]:
    sentences: list[RoleSentence] = []
    tokens: list[tuple[str, str]] = []

    def flush() -> None:
        if not tokens:
            return
        text, spans, pos = "", {"S": [], "T": []}, 0
        open_: tuple[str, int] | None = None
        prev_end = 0
        for i, (word, tag) in enumerate(tokens):
            start = pos + (1 if i else 0)
            text += (" " if i else "") + word
            pos = start + len(word)
            kind = tag[2:] if tag[:2] in ("B-", "I-") else None
            if open_ and (tag.startswith("B-") or kind != open_[0]):
                _close(spans, open_, prev_end)
                open_ = None
            if kind and open_ is None:
                open_ = (kind, start)
            prev_end = pos
        if open_:
            _close(spans, open_, prev_end)
        sentences.append(RoleSentence(len(sentences), text, spans["S"], spans["T"]))
        tokens.clear()

    for line in lines:
        parts = line.split()
        if not parts:
            flush()
        elif len(parts) >= 2:
            tokens.append((parts[0], parts[-1]))
    flush()
    return sentences


def _close(spans: dict[str, list], open_: tuple[str, int], end: int) -> None:
    kind, start = open_
    if kind in spans:
        spans[kind].append((start, end))


def load_role_sentences(data: Path | None = None) -> list[RoleSentence]:
    """Every sentence of the file. Raises DataUnavailable without the shared data."""
    path = data_dir(data) / RELATIVE_PATH
    if not path.exists():
        raise DataUnavailable(f"{path} not found")
    return parse(path.read_text(encoding="utf-8").splitlines())
