"""The text of a spaCy Doc, read once.

``Doc.text`` joins every token's text each time it is read: stages that slice it per mention
or per argument paid for the whole document each time. A Doc's text never changes, so it is
kept in the Doc's ``user_data`` the first time it is asked for.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_KEY = "marsad.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


def span_text(span: Span) -> str:
    """``span.text``, sliced from its Doc's kept text instead of joined from its tokens."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def remember_text(doc: Doc, text: str) -> Doc:
    """Keep ``text``, the string ``doc`` was parsed from, as its text: spaCy's tokenizer loses no
    character, so the two are equal and the first ``doc_text`` need not join the tokens."""
    last = doc[-1] if len(doc) else None
    if last is None or last.idx + len(last.text_with_ws) == len(text):
        doc.user_data[_KEY] = text
    return doc
