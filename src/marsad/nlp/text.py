"""The text of a spaCy Doc, read once.

``Doc.text`` joins every token's text each time it is read: stages that slice it per mention
or per argument paid for the whole document each time. A Doc's text never changes, so it is
kept in the Doc's ``user_data`` the first time it is asked for.
"""

from __future__ import annotations

import re

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


_LINE_BREAK = re.compile(r"(?<=[^\n])\n(?=[^\s])")
MIN_WRAPPED_LINES = 4
MAX_WRAPPED_WIDTH = 100


def unwrapped(text: str) -> str:
    """``text`` with the line breaks of hard-wrapped prose (wire copy, plain-text mail: lines of
    at most ~100 characters) turned into spaces, so that a sentence broken over lines is parsed
    as one; a blank line or an indented line still starts a paragraph. Same length, same offsets;
    a text whose lines are paragraphs is returned as it is."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < MIN_WRAPPED_LINES:
        return text
    short = sum(len(line) <= MAX_WRAPPED_WIDTH for line in lines)
    long_enough = sum(len(line) >= 40 for line in lines)
    if short < 0.9 * len(lines) or long_enough < 0.5 * len(lines):
        return text
    return _LINE_BREAK.sub(" ", text)
