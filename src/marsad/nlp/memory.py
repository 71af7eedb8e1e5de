"""Keeping a long-running process's spaCy memory bounded (``marsad batch``, the engines).

Three things grow with every new word a spaCy pipeline meets, for as long as the process runs:
the vocabulary's strings and lexemes, the tokenizer's cache, and the lemmatizer's cache (a
dict keyed by word, part of speech and morphology). :func:`memory_zone` codes a batch inside
spaCy's memory zone (spaCy ≥ 3.8), whose new strings and lexemes are freed at its end and which
adds nothing to the tokenizer's cache; :func:`bound_caches` empties a component's cache that
has grown past :data:`MAX_COMPONENT_CACHE` entries (the lemmatizer fills it again as it goes).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

MAX_COMPONENT_CACHE = 100_000  # lemmatizer cache entries (a few hundred bytes each)
_ZONE_LOCK = threading.RLock()  # a zone nested in the same thread is the outer zone


def bound_caches(nlp: Any, limit: int = MAX_COMPONENT_CACHE) -> int:
    """Empty each pipeline component's ``cache`` dict that holds more than ``limit`` entries;
    returns how many were emptied."""
    emptied = 0
    for _, component in getattr(nlp, "pipeline", []):
        cache = getattr(component, "cache", None)
        if isinstance(cache, dict) and len(cache) > limit:
            cache.clear()
            emptied += 1
    return emptied


@contextmanager
def memory_zone(nlp: Any) -> Iterator[None]:
    """A block whose new spaCy strings and lexemes are freed at its end (``nlp.memory_zone()``).

    Every spaCy object made inside (Doc, Span, Token, Lexeme) is invalid after it: keep only
    Python values (text, offsets, labels). Anything that registers strings for good (a new
    pipeline component, entity-ruler patterns) must be built before the block. One zone at a
    time per process: a second thread waits (zones cannot nest, and the vocabulary is shared).
    Without memory zones (spaCy < 3.8, or a stand-in pipeline), the block only bounds caches.
    """
    bound_caches(nlp)
    vocab = getattr(nlp, "vocab", None)
    zone = getattr(nlp, "memory_zone", None)
    if zone is None or vocab is None or not hasattr(vocab, "in_memory_zone"):
        yield
        return
    with _ZONE_LOCK:
        if vocab.in_memory_zone:  # nested: the outer block frees it all
            yield
            return
        with zone():
            yield
