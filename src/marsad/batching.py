"""Batches of documents, for the stages and engines that code several at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last one shorter); ``itertools.batched`` from 3.12."""
    it = iter(items)
    while batch := list(islice(it, max(1, size))):
        yield batch
