"""Ordered, bounded submission: keep at most ``window`` documents in flight."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any


def ordered_window(
    items: Iterable[Any], submit: Callable[[Any], Any], result: Callable[[Any], Any], window: int
) -> Iterator[Any]:
    """Submit items as futures, yield their results in input order, ``window`` at a time."""
    pending: deque[Any] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())
