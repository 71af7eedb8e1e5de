"""A Doc's text is built once and is the Doc's text."""

from __future__ import annotations

from marsad.ingest import document_from_text
from marsad.nlp.text import doc_text, remember_text, span_text


def test_doc_text_is_the_text_and_is_kept(pipeline):
    sdoc = pipeline.component("nlp").nlp("Gunmen attacked a police post in Bannu.\nTwo died.")
    assert doc_text(sdoc) == sdoc.text
    assert doc_text(sdoc) is doc_text(sdoc)  # built once, then read from user_data


def test_the_parsed_text_is_kept_as_the_docs_text(pipeline):
    # the nlp stage keeps the string it parsed, before any later stage asks: no tokens joined
    analyzer = pipeline.component("nlp")
    text = "Gunmen attacked a police post in Bannu.\n\n  Two died.  "
    one = analyzer(document_from_text(text)).spacy_doc
    assert one.user_data["marsad.text"] == one.text == text
    docs = [document_from_text(t) for t in (text, "Troops  shelled Idlib.")]
    analyzer.pipe(docs)
    assert [d.spacy_doc.user_data["marsad.text"] for d in docs] == [d.spacy_doc.text for d in docs]


def test_remember_text_refuses_a_string_of_another_length(pipeline):
    sdoc = pipeline.component("nlp").nlp("Two died.")
    remember_text(sdoc, "Two died. And more.")
    assert doc_text(sdoc) == "Two died."


def test_span_text_is_the_spans_text(pipeline):
    sdoc = pipeline.component("nlp").nlp("Gunmen attacked a post in Bannu.  \n\nTwo died there. ")
    for span in [*sdoc.sents, sdoc[1:4], sdoc[:]]:
        assert span_text(span) == span.text
