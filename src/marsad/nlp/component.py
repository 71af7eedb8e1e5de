"""The registered NLP component: parses the coded zones of a document with spaCy."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span

from marsad import registry
from marsad.ingest.errors import DocumentError
from marsad.model import Document
from marsad.nlp.text import remember_text, unwrapped
from marsad.nlp.truecase import (
    CAPITALS_COPY_KEY,
    CASED_KEY,
    Truecaser,
    cased_copy,
    parse_truecased,
    written_case,
)

RULER_NAME = "marsad_entity_ruler"
_NOT_NEWLINE = re.compile(r"[^\n]")
# spaCy's tokenizer splits prefixes and suffixes one at a time, copying the rest each time:
# quadratic on a long run of quotes or brackets, so such runs are cut every MAX_PUNCT_RUN chars
MAX_PUNCT_RUN = 50
_PUNCT_RUN = re.compile(rf"[^\w\s]{{{MAX_PUNCT_RUN + 1},}}")
MAX_MENTIONS = 5_000  # named-entity mentions per document; more is a list, not an article


class TooManyMentions(DocumentError):
    """A document naming more entities than :data:`MAX_MENTIONS`."""


def masked_text(doc: Document) -> str:
    """The document text with boilerplate zones blanked out, offsets unchanged.

    Newlines are kept so that sentence breaks stay where they are.
    """
    parts: list[str] = []
    pos = 0
    for zone in sorted(doc.coded_zones(), key=lambda z: z.start):
        start, end = max(zone.start, pos), min(zone.end, len(doc.text))
        if start >= end:
            continue
        parts.append(_blank(doc.text[pos:start]))
        parts.append(doc.text[start:end])
        pos = end
    parts.append(_blank(doc.text[pos:]))
    return _PUNCT_RUN.sub(_cut_run, "".join(parts))


def _cut_run(m: re.Match[str]) -> str:
    run = m.group()
    return "".join(" " if k % MAX_PUNCT_RUN == MAX_PUNCT_RUN - 1 else ch for k, ch in enumerate(run))


# narrower than the actors stage's LOCATIVE_PREPS (a higher layer, which also holds "of",
# "between", "over": a "person" opened by those is no place)
_LOCATIVE = frozenset(["near", "in", "at", "outside", "around", "inside", "from"])


def locative_persons_as_places(sdoc: Doc) -> Doc:
    """A PERSON entity opened by a capitalised locative preposition is the small model misreading
    a sentence's first words ("[Near Palmyra], two strikes engaged…" in CENTCOM's releases; the
    actors stage then held "Near Palmyra" for a person and the places stage never saw Palmyra):
    the preposition is cut and the name it governs is a place (GPE)."""
    ents = list(sdoc.ents)
    fixed = [
        Span(sdoc, e.start + 1, e.end, label="GPE")
        if e.label_ == "PERSON" and len(e) > 1 and e[0].is_title and e[0].lower_ in _LOCATIVE
        else e
        for e in ents
    ]
    if any(a is not b for a, b in zip(fixed, ents, strict=True)):
        sdoc.ents = fixed
    return sdoc


def check_mentions(sdoc: Doc) -> None:
    """Refuse a parse with more named-entity mentions than :data:`MAX_MENTIONS` (the later
    stages compare mentions with each other)."""
    if len(sdoc.ents) > MAX_MENTIONS:
        raise TooManyMentions(
            f"document names {len(sdoc.ents):,} entities, over the limit of {MAX_MENTIONS:,} mentions per document"
        )


def keep_case(parsed: Doc, cased: str, case: str | None) -> Doc:
    """A text in lower case keeps the mixed-case copy it was parsed on (``cased_view``), for the
    stages that read the case of words; text in capitals has its own case read as it is, and
    keeps the copy aside (``CAPITALS_COPY_KEY``) to tell its acronyms from its common words."""
    if case == "lower":
        parsed.user_data[CASED_KEY] = cased
    elif case == "capitals":
        parsed.user_data[CAPITALS_COPY_KEY] = cased
    return parsed


def _blank(text: str) -> str:
    return _NOT_NEWLINE.sub(" ", text)


class RuledLanguage:
    """A spaCy pipeline with an EntityRuler run just before its statistical NER.

    The shared pipeline is never changed: the ruler lives here, so a process can hold
    pipelines with different dictionaries (and tests cannot leak patterns into each other).
    Calling it parses a text like ``nlp(text)``; other attributes are the pipeline's.
    """

    def __init__(self, nlp: Language, patterns: list[dict[str, Any]]) -> None:
        self.nlp = nlp
        self.ruler = EntityRuler(nlp, name=RULER_NAME, overwrite_ents=True, phrase_matcher_attr="ORTH")
        with nlp.select_pipes(enable=[]):
            self.ruler.add_patterns(patterns)
        self.pattern_count = len(patterns)

    def __call__(self, text: str) -> Doc:
        doc = self.nlp.make_doc(text)
        ruled = False
        for name, component in self.nlp.pipeline:
            if name == "ner":
                doc, ruled = self.ruler(doc), True
            doc = component(doc)
        return doc if ruled else self.ruler(doc)

    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        """Like ``nlp.pipe``: each statistical component reads the texts in batches."""
        docs: Iterable[Doc] = (self.nlp.make_doc(t) for t in texts)
        ruled = False
        for name, component in self.nlp.pipeline:
            if name == "ner":
                docs, ruled = (self.ruler(d) for d in docs), True
            if hasattr(component, "pipe"):
                docs = component.pipe(docs, batch_size=batch_size)
            else:
                docs = map(component, docs)
        yield from docs if ruled else (self.ruler(d) for d in docs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)


def with_entity_ruler(nlp: Language, patterns: list[dict[str, Any]]) -> RuledLanguage | Language:
    """``nlp`` with an EntityRuler of ``patterns`` before its NER (``nlp`` itself when none)."""
    return RuledLanguage(nlp, patterns) if patterns else nlp


class RulerPatterns(Protocol):
    """What gives the entity ruler its names: the actor dictionary (``ActorKB``), the gazetteer."""

    def ruler_patterns(self) -> list[dict[str, Any]]: ...


@registry.register("nlp", "marsad.spacy", "1.5")
class SpacyAnalyzer:
    """Input: a Document with ``text`` and ``zones``. Output: ``doc.spacy_doc``, a spaCy Doc
    whose character offsets are those of ``doc.text`` (boilerplate blanked). A text in capitals
    or in lower case is parsed on a mixed-case copy and the parse carried back onto its own words
    (``spacy_doc.user_data["truecased"]``; see :mod:`marsad.nlp.truecase`).

    ``SpacyAnalyzer(nlp=Language, actor_kb=ActorKB, gazetteer=Gazetteer)``: the entity ruler takes
    the names of the actor dictionary and the gazetteer (``use_ruler=False``: spaCy's NER alone)."""

    def __init__(
        self,
        *,
        nlp: Language,
        actor_kb: RulerPatterns,
        gazetteer: RulerPatterns,
        use_ruler: bool = True,
        truecase: bool = True,
    ) -> None:
        self.base_nlp = nlp  # the spaCy pipeline without the entity ruler
        self.nlp: Any = nlp
        self.actor_kb = actor_kb
        self.gazetteer = gazetteer
        self.truecase = truecase  # text in one case is parsed on a mixed-case copy (marsad.nlp.truecase)
        self._truecaser: Truecaser | None = None
        if use_ruler:
            self.nlp = with_entity_ruler(nlp, self._patterns())

    def _patterns(self) -> list[dict[str, Any]]:
        return self.actor_kb.ruler_patterns() + self.gazetteer.ruler_patterns()

    @property
    def truecaser(self) -> Truecaser:
        """Built on the first text in capitals (about 2 s), from the entity ruler's names."""
        if self._truecaser is None:
            self._truecaser = Truecaser(self.base_nlp, self._patterns(), self.gazetteer.demonyms())
        return self._truecaser

    def _text(self, doc: Document) -> tuple[str, str | None, str | None]:
        """The text to parse, its truecased copy when it is written in one case (capitals, or
        lower case: IndiaPoliceEvents' Times of India pages), and that case."""
        text = unwrapped(masked_text(doc))
        case = written_case(text) if self.truecase else None
        return text, cased_copy(self.truecaser, text, case) if case else None, case

    def __call__(self, doc: Document) -> Document:
        text, cased, case = self._text(doc)
        if cased is None:
            doc.spacy_doc = remember_text(self.nlp(text), text)
        else:
            parsed = parse_truecased(self.nlp, self.truecaser, text, self.nlp(cased))
            doc.spacy_doc = keep_case(parsed, cased, case)
        locative_persons_as_places(doc.spacy_doc)
        check_mentions(doc.spacy_doc)
        return doc

    def pipe(self, docs: list[Document], batch_size: int = 16) -> None:
        """Parse a batch of documents at once (``nlp.pipe``), each as ``__call__`` would."""
        texts = [self._text(d) for d in docs]
        parses = self.nlp.pipe([cased or text for text, cased, _ in texts], batch_size=batch_size)
        for doc, (text, cased, case), parsed in zip(docs, texts, parses, strict=True):
            if cased is not None:
                parsed = keep_case(parse_truecased(self.nlp, self.truecaser, text, parsed), cased, case)
            else:
                remember_text(parsed, text)
            locative_persons_as_places(parsed)
            check_mentions(parsed)  # the batch fails, and is parsed again one by one
            doc.spacy_doc = parsed
