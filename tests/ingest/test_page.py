from datetime import date

from marsad.ingest import document_from_text
from marsad.ingest.page import parse_dateline, publication_name, split_blocks


def test_seed_metadata_matches_gold(seed_text, seed_gold):
    doc = document_from_text(seed_text)
    gold = seed_gold["document"]
    assert doc.title == gold["title"]
    assert doc.publication == gold["publication"]
    assert doc.date.isoformat() == gold["date"]
    assert doc.author == gold["author"]
    assert doc.topics == gold["topics"]
    assert gold["lede_contains"] in doc.lede
    assert gold["caption_contains"] in doc.caption
    assert doc.photo_credit == gold["photo_credit"]


def test_seed_boilerplate_is_kept_out_of_coded_zones(seed_text, seed_gold):
    doc = document_from_text(seed_text)
    coded = "\n".join(doc.text[z.start : z.end] for z in doc.coded_zones())
    for phrase in seed_gold["document"]["not_body"]:
        assert phrase not in coded
    assert "Those invasions targeted the cities of Samarra" in coded
    assert doc.caption in coded


def test_zones_point_into_the_text(seed_text):
    doc = document_from_text(seed_text)
    assert doc.text == seed_text
    for z in doc.zones:
        assert 0 <= z.start < z.end <= len(seed_text)
    caption_zone = next(z for z in doc.zones if z.name == "caption")
    assert seed_text[caption_zone.start : caption_zone.end] == doc.caption


def test_same_text_same_id_and_given_id_kept(seed_text):
    assert document_from_text(seed_text).id == document_from_text(seed_text).id
    assert document_from_text(seed_text + " ").id != document_from_text(seed_text).id
    assert document_from_text(seed_text, doc_id="a-1").id == "a-1"


def test_plain_text_is_one_body_zone():
    doc = document_from_text("Gunmen killed three soldiers near Kirkuk on Monday.", date="2016-03-02")
    assert [z.name for z in doc.zones] == ["body"]
    assert doc.date == date(2016, 3, 2)
    assert doc.title is None


def test_page_with_other_layout():
    text = (
        "Rebels seize town in Idlib\n\n"
        "By John Smith\n\n"
        "3 March 2016\n\n"
        "Rebel factions took control of the town of Saraqeb on Wednesday after heavy fighting.\n\n"
        "Subscribe to read more\n\nOther stories"
    )
    doc = document_from_text(text)
    assert doc.title == "Rebels seize town in Idlib"
    assert doc.date == date(2016, 3, 3)
    coded = " ".join(doc.text[z.start : z.end] for z in doc.coded_zones())
    assert "Saraqeb" in coded and "Other stories" not in coded


def test_helpers():
    assert parse_dateline("Jun 10, 2014") == date(2014, 6, 10)
    assert parse_dateline("10 June 2014") == date(2014, 6, 10)
    assert parse_dateline("This is not a date line at all.") is None
    assert publication_name("al-monitor") == "Al-Monitor"
    assert publication_name("www.example-news.com") == "Example-News"
    blocks = split_blocks("a b\n\n  c\nd  \n\n\ne")
    assert [b.text for b in blocks] == ["a b", "c\nd", "e"]
