"""The registered NLP component: parses the coded zones of a document with spaCy."""

from __future__ import annotations

from typing import Any

from spacy.language import Language

from marsad import registry
from marsad.model import Document

RULER_NAME = "marsad_entity_ruler"


def masked_text(doc: Document) -> str:
    """The document text with boilerplate zones blanked out, offsets unchanged.

    Newlines are kept so that sentence breaks stay where they are.
    """
    coded = doc.coded_zones()
    chars = list(doc.text)
    keep = [False] * len(chars)
    for zone in coded:
        for i in range(zone.start, min(zone.end, len(chars))):
            keep[i] = True
    for i, ch in enumerate(chars):
        if not keep[i] and ch != "\n":
            chars[i] = " "
    return "".join(chars)


def add_entity_ruler(nlp: Language, patterns: list[dict[str, Any]]) -> None:
    """Add (once) an EntityRuler before the statistical NER, overwriting its guesses."""
    if RULER_NAME in nlp.pipe_names or not patterns:
        return
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        before=before,
        config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"},
    )
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]


@registry.register("nlp", "marsad.spacy", "1.0")
class SpacyAnalyzer:
    """Input: a Document with ``text`` and ``zones``. Output: ``doc.spacy_doc``, a spaCy Doc
    whose character offsets are those of ``doc.text`` (boilerplate blanked)."""

    def __init__(self, services: Any, *, use_ruler: bool = True) -> None:
        self.nlp: Language = services.nlp
        if use_ruler:
            patterns: list[dict[str, Any]] = []
            patterns += services.actor_kb.ruler_patterns()
            patterns += services.gazetteer.ruler_patterns()
            add_entity_ruler(self.nlp, patterns)

    def __call__(self, doc: Document) -> Document:
        doc.spacy_doc = self.nlp(masked_text(doc))
        return doc
