"""Hostile sizes stay linear: 100,000 line breaks and 40,000 quote characters. Quadratic
versions took minutes to hours at these sizes; the bounds below are generous on purpose."""

import time

from marsad.model import Document, Zone
from marsad.nlp.component import MAX_PUNCT_RUN, masked_text
from marsad.nlp.loader import paragraph_breaks


def test_paragraph_breaks_are_set_at_once_on_100000_lines(nlp):
    doc = nlp.make_doc("a\n" * 100_000)
    started = time.perf_counter()
    paragraph_breaks(doc)
    assert time.perf_counter() - started < 30  # quadratic: 10^10 token checks
    assert doc[2].is_sent_start and doc[4].is_sent_start  # after each "\n"


def test_paragraph_breaks_start_sentences_only_after_line_breaks(nlp):
    doc = paragraph_breaks(nlp.make_doc("Title here\nBody text goes on. And on."))
    assert [t.text for t in doc if t.is_sent_start] == ["Title", "Body"]


def test_long_punctuation_runs_are_cut_for_the_tokenizer_with_offsets_kept(nlp):
    text = '"' * 40_000 + " Rebels shelled Aleppo."
    masked = masked_text(Document(id="q", text=text, zones=[Zone("body", 0, len(text))]))
    assert len(masked) == len(text) and masked.endswith(" Rebels shelled Aleppo.")
    assert max(len(run) for run in masked.split()) <= MAX_PUNCT_RUN
    started = time.perf_counter()
    nlp.tokenizer(masked)
    assert time.perf_counter() - started < 30  # uncut: minutes (quadratic affix splitting)


def test_short_punctuation_is_left_alone():
    text = 'He said: "No!" -- and left...'
    assert masked_text(Document(id="p", text=text, zones=[Zone("body", 0, len(text))])) == text
