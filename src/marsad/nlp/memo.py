"""Values computed once for the document at hand.

Several stages ask the same question of a spaCy Doc many times (the normalised words of every
token window, the triggers of every sentence), and a spaCy token costs an object each time it is
read. A ``LastDocMemo`` keeps what was computed for the last Doc it was asked about, by key, and
forgets it when asked about another. It holds that one Doc; values are never written into the
Doc itself, so ``Doc.to_bytes`` is unaffected. Threads that read different Docs at once only
recompute: each works on the entry it read.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class LastDocMemo:
    """``get(doc, key, build)``: ``build()``, computed once per (Doc, key) while ``doc`` is the
    last Doc asked about."""

    def __init__(self) -> None:
        self._entry: tuple[Any, dict[Hashable, Any]] = (None, {})

    def get(self, doc: Any, key: Hashable, build: Callable[[], T]) -> T:
        entry = self._entry
        if entry[0] is not doc:
            entry = self._entry = (doc, {})
        values = entry[1]
        if key not in values:
            values[key] = build()
        return values[key]
