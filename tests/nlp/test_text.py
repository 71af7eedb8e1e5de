"""A Doc's text is built once and is the Doc's text."""

from __future__ import annotations

from marsad.nlp.text import doc_text


def test_doc_text_is_the_text_and_is_kept(pipeline):
    sdoc = pipeline.component("nlp").nlp("Gunmen attacked a police post in Bannu.\nTwo died.")
    assert doc_text(sdoc) == sdoc.text
    assert doc_text(sdoc) is doc_text(sdoc)  # built once, then read from user_data
