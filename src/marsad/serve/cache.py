"""Aggregates computed once per version of the store, in each server process.

The landing pages ask the same aggregates again and again (facet counts of the table, the map
grid, actors with their event counts, stats); on 100,000 events each is a scan of tens of
milliseconds. :class:`AggregateCache` keeps the latest results, keyed by the request's
parameters and valid while the store's write counter (``store_meta.version``, raised in every
write transaction: ingest from the API or the CLI, reviews, splits, merges, runs) is unchanged: checking it costs one primary-key lookup, so an answer is never
older than the last committed write, in every worker process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy import Engine

from marsad.store.connection import data_version

T = TypeVar("T")
Key = tuple[Any, ...]


def params_key(name: str, params: Mapping[str, list[str]]) -> Key:
    """A hashable key for a request: its name and its parameters (order of values kept)."""
    return (name, *sorted((k, tuple(v)) for k, v in params.items()))


class AggregateCache:
    """The ``size`` most recent results, each tagged with the version it was computed at.

    Cached values are shared between requests: callers must not change them.
    """

    def __init__(self, engine: Engine, size: int = 256) -> None:
        self.engine = engine
        self.size = size
        self._items: OrderedDict[Key, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Key, compute: Callable[[], T]) -> T:
        with self.engine.connect() as conn:
            version = data_version(conn)
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] == version:
                self._items.move_to_end(key)
                self.hits += 1
                return found[1]
        # computed outside the lock (other requests go on); a write that commits meanwhile
        # raises the version, so this result is only served until then
        value = compute()
        with self._lock:
            self.misses += 1
            self._items[key] = (version, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value
