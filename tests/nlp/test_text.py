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


def test_hard_wrapped_prose_is_parsed_as_whole_sentences():
    from marsad.nlp.text import unwrapped

    wire = (
        "THE GUATEMALA ARMY\n"
        "DENIED TODAY THAT GUERRILLAS ATTACKED THE PRESIDENTIAL FARM, LOCATED\n"
        "ON THE PACIFIC SIDE, WHERE THE PRESIDENT HAS BEEN STAYING SINCE 2 FEBRUARY.\n"
        "\n"
        "   A REPORT PUBLISHED BY THE NEWS AGENCY SAYS THAT A GUERRILLA COLUMN\n"
        "ATTACKED THE FARM 2 DAYS AGO, ACCORDING TO SOURCES IN THE CAPITAL CITY.\n"
    )
    out = unwrapped(wire)
    assert len(out) == len(wire)
    assert out.startswith("THE GUATEMALA ARMY DENIED TODAY") and "LOCATED ON THE PACIFIC" in out
    assert "2 FEBRUARY.\n\n   A REPORT" in out  # paragraphs stay
    web = "A paragraph on one line that is long enough to be a whole paragraph of a web page. " * 2
    page = "\n".join([web] * 5)
    assert unwrapped(page) == page  # lines that are paragraphs stay
