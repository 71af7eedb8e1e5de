"""Place linking stays linear on thousands of place mentions (a list of 3,000 names took
minutes when each mention was compared with every other)."""

import time

from marsad.places.geoparser import geoparse_spacy_doc
from marsad.places.recognize import MAX_LIST_SIBLINGS, Recognizer

NAMES = ("Mosul", "Kirkuk", "Aleppo", "Baghdad", "Basra", "Raqqa", "Homs", "Damascus", "Tikrit", "Fallujah")


def test_three_thousand_listed_places_are_linked_in_linear_time(nlp, gazetteer):
    text = "Fighting spread to " + ", ".join(NAMES[k % 10] for k in range(3000)) + "."
    sdoc = nlp(text)
    started = time.perf_counter()
    places = geoparse_spacy_doc(sdoc, gazetteer)
    assert time.perf_counter() - started < 60
    assert len(places) >= 2900
    assert {p.name for p in places[:10]} >= {"Mosul", "Aleppo"}


def test_list_siblings_are_capped(nlp, gazetteer):
    text = "Fighting spread to " + ", ".join(NAMES[k % 10] for k in range(200)) + "."
    mentions = Recognizer(gazetteer)(nlp(text))
    assert len(mentions) == 200
    assert max(len(m.siblings) for m in mentions) == MAX_LIST_SIBLINGS
    assert mentions[0].siblings == list(range(1, MAX_LIST_SIBLINGS // 2 + 1))
