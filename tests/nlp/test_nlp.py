from marsad.ingest import document_from_text
from marsad.nlp.component import masked_text, with_entity_ruler
from marsad.nlp.loader import load_spacy


def test_masked_text_keeps_offsets_and_blanks_boilerplate(seed_text):
    doc = document_from_text(seed_text)
    masked = masked_text(doc)
    assert len(masked) == len(seed_text)
    assert "Continue reading" not in masked and "Topics covered" not in masked
    i = seed_text.index("Those invasions targeted")
    assert masked[i : i + 24] == "Those invasions targeted"
    assert masked.count("\n") == seed_text.count("\n")


def test_paragraph_breaks_start_sentences():
    nlp = load_spacy()
    doc = nlp("Mosul falls\n\nThe army retreated from the city on Tuesday")
    starts = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert starts[0] == "Mosul falls" and starts[-1].startswith("The army")


def test_entity_ruler_overrides_statistical_ner_without_changing_the_shared_pipeline():
    nlp = load_spacy()
    before = list(nlp.pipe_names)
    ruled = with_entity_ruler(
        nlp,
        [
            {"label": "ORG", "pattern": "Ansar al-Islam", "id": "ANSAR"},
            {"label": "GPE", "pattern": "Samarra"},
        ],
    )
    text = "There is also the Ansar al-Islam organization, which attacked Samarra."
    ents = {(e.text, e.label_) for e in ruled(text).ents}
    assert ("Ansar al-Islam", "ORG") in ents and ("Samarra", "GPE") in ents
    assert nlp.pipe_names == before
    assert ("Ansar al-Islam", "ORG") not in {(e.text, e.label_) for e in nlp(text).ents}
    other = with_entity_ruler(nlp, [{"label": "ORG", "pattern": "Samarra"}])
    assert ("Samarra", "ORG") in {(e.text, e.label_) for e in other(text).ents}
    assert [d.text for d in ruled.pipe([text, "Samarra"])] == [text, "Samarra"]
    assert with_entity_ruler(nlp, []) is nlp


def test_missing_pipeline_gives_clear_error():
    import pytest

    with pytest.raises(RuntimeError, match="not installed"):
        load_spacy("no_such_spacy_pipeline_xx")


def test_masked_text_with_hand_made_zones():
    from marsad.model import Document, Zone

    text = "Ad line\nGunmen attacked Kirkuk.\nFooter text"
    doc = Document(
        id="z",
        text=text,
        zones=[
            Zone("boilerplate", 0, 7, coded=False),
            Zone("body", 8, 32),
            Zone("body", 20, 32),
            Zone("boilerplate", 33, 44, coded=False),
        ],
    )
    masked = masked_text(doc)
    assert masked == " " * 7 + "\nGunmen attacked Kirkuk.\n" + " " * 11


def test_a_person_opened_by_a_locative_preposition_is_a_place(pipeline):
    doc = pipeline.process(
        "Strikes hit ISIL in Syria. Near Palmyra, two strikes engaged an ISIL tactical unit."
    )
    assert ("Palmyra", "GPE") in [(e.text, e.label_) for e in doc.spacy_doc.ents]
    assert "Palmyra" in [p.text for p in doc.places]
