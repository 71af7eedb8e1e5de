"""Event arguments: the stand-off corpus, the CAMEO reader, BIO decoding, the tagger and how
its spans become an event's sides."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from marsad.learned.argument_model import LABELS, ArgumentReading, ScoredSpan, decode, trigger_text
from marsad.learned.corpus.arguments import convert, find_span
from marsad.learned.corpus.cameo_roles import parse
from marsad.learned.event_arguments import EventArguments, mentions_for
from marsad.learned.train_arguments import TaggedSentence, longest_side_words, span_scores, token_labels
from marsad.model import ActorMention


def test_find_span_counts_raw_occurrences():
    text = "Police said the police had left; he fled."
    assert find_span(text, "police") == (16, 22)
    assert find_span(text, "he#2") == (
        33,
        35,
    )  # the first "he" is inside "the": annotators count with str.find
    assert find_span(text, "army") is None
    assert find_span(text, "#2") is None


def test_convert_keeps_offsets_and_drops_records_with_unknown_strings():
    texts = {"a": "Maoists killed two jawans in Bijapur on Sunday.", "b": "Troops fired."}
    records = [
        {
            "id": "a",
            "actor": ["Maoists"],
            "recipient": ["two jawans"],
            "location": ["Bijapur"],
            "date": "on Sunday",
            "killed": {"low": 2, "best": 2, "high": None},
            "actor_unnamed": False,
        },
        {"id": "b", "actor": ["Soldiers"], "recipient": [], "location": []},
        {"id": "zz", "actor": []},
    ]
    problems: list[str] = []
    rows = convert(records, texts, "t", warn=problems.append)
    assert [r["id"] for r in rows] == ["a"]
    a = rows[0]
    assert a["actor"] == [[0, 7]] and a["recipient"] == [[15, 25]] and a["location"] == [[29, 36]]
    assert a["date"] == [37, 46] and a["killed"] == {"low": 2, "best": 2, "high": None}
    assert len(problems) == 2 and "Soldiers" in problems[0]
    assert "text" not in a  # stand-off: no shared text is stored


def test_cameo_reader_joins_tokens_and_keeps_roles():
    lines = "Iraqi B-S\ntroops I-S\nattacked O\nthe B-T\ntown I-T\n. O\n\nHe B-S\nleft O\n".splitlines()
    sents = parse(lines)
    assert [s.text for s in sents] == ["Iraqi troops attacked the town .", "He left"]
    s = sents[0]
    assert [s.text[a:b] for a, b in s.source] == ["Iraqi troops"]
    assert [s.text[a:b] for a, b in s.target] == ["the town"]
    assert s.split in ("train", "test") and s.split == parse(lines)[0].split  # fixed by the text


def test_decode_reads_words_from_their_first_subword():
    # tokens: [CLS] gov ##ernment strikes killed people [SEP]
    word_ids = [None, 0, 0, 1, 2, 3, None]
    offsets = [(0, 0), (0, 3), (3, 10), (11, 18), (19, 25), (26, 32), (0, 0)]
    tags = ["O", "B-ACT", "O", "O", "O", "B-REC", "O"]  # the second sub-word's own tag is ignored
    probs = np.full((7, len(LABELS)), 0.01)
    for i, t in enumerate(tags):
        probs[i, LABELS.index(t)] = 0.9
    r = decode(probs, word_ids, offsets)
    assert [(x.start, x.end) for x in r.actor] == [(0, 10)]
    assert [(x.start, x.end) for x in r.recipient] == [(26, 32)]
    assert r.actor[0].score == pytest.approx(0.9)


def test_token_labels_mark_begin_inside_and_mask_unknown_places():
    offsets = [(0, 0), (0, 6), (0, 5), (6, 12), (13, 20), (21, 26), (0, 0)]
    seq = [None, 0, 1, 1, 1, 1, None]
    labels = token_labels(offsets, seq, {"ACT": [(0, 12)], "REC": [], "LOC": []}, unknown=[(21, 26)])
    assert labels == [-100, -100, LABELS.index("B-ACT"), LABELS.index("I-ACT"), 0, -100, -100]


def test_span_scores_exact_and_partial():
    gold = [{("S", 0, 5), ("T", 10, 20)}]
    pred = [{("S", 0, 5), ("T", 12, 20)}]
    s = span_scores(gold, pred)
    assert s["exact"]["f1"] == 0.5 and s["partial"]["f1"] == 1.0


def test_trigger_text_normalises_space():
    assert trigger_text("they  shot\ndead him", (5, 15)) == "shot dead"
    assert trigger_text("x", None) == ""


def test_mentions_for_prefers_mentions_inside_the_span():
    text = "Government air strikes killed dozens"
    gov = ActorMention("Government", 0, 10, actor_id="GOV")
    assert mentions_for((0, 22), [gov], text) == [gov]
    assert mentions_for((3, 8), [gov], text) == [gov]  # overlap
    new = mentions_for((30, 36), [gov], text)
    assert new[0].text == "dozens" and new[0].method == "argument_model" and new[0].actor_id is None


def test_a_name_no_actor_resolves_before_a_resolved_mention_modifies_it():
    text = "a Balochistan Levies Force official and Iran and Syria"
    place = ActorMention("Balochistan", 2, 13, method="ner")
    official = ActorMention("Levies Force official", 14, 35, actor_id="PAK_GOV")
    assert mentions_for((0, 35), [place, official], text) == [official]
    # names joined by a word are sides of their own, resolved or not
    iran, syria = ActorMention("Iran", 40, 44, method="ner"), ActorMention("Syria", 49, 54, actor_id="SYR")
    assert mentions_for((40, 54), [iran, syria], text) == [iran, syria]


class FixedTagger:
    ref = "test.tagger@0"

    def __init__(self, reading: ArgumentReading, longest_side_words: int | None = None) -> None:
        self.reading = reading
        self.longest_side_words = longest_side_words
        self.calls: list = []

    def read_many(self, items, **decoding):
        self.calls.extend(items)
        return [self.reading for _ in items]


def test_tagger_spans_become_the_event_sides(pipeline):
    text = "Demonstrators were shot by security forces in Khartoum on Monday."
    doc = pipeline.process(text, date=date(2021, 5, 3))
    assert doc.events or doc.non_incidents
    event = [*doc.events, *doc.non_incidents][0]
    sf = text.index("security forces")
    reading = ArgumentReading(actor=[ScoredSpan(sf, sf + 15, 0.9)], recipient=[ScoredSpan(0, 13, 0.8)])
    tagger = FixedTagger(reading)
    EventArguments(tagger)(doc, [event], list(doc.actor_mentions))
    assert [m.text for m in event.actors] == ["security forces"]
    assert [m.text for m in event.recipients] == ["Demonstrators"]
    rec = event.attributes["arguments"]
    assert rec["component"] == "test.tagger@0" and rec["actor"][0]["text"] == "security forces"
    assert "rules_sides" in event.attributes
    sentence, trig = tagger.calls[0]
    assert sentence.startswith("Demonstrators") and trig is not None and sentence[trig[0] : trig[1]]


def test_an_event_noun_is_no_actor_and_a_lone_article_stands_for_its_phrase(pipeline):
    text = "Maoists launched attacks in Bijapur. Those attacks targeted a police camp in Sukma."
    doc = pipeline.process(text, date=date(2021, 5, 3))
    s0 = text.index("Those")
    event = next(e for e in [*doc.events, *doc.non_incidents] if e.evidence.start >= s0)
    ruled = [m.text for m in event.actors]
    a = text.index("a police camp") - s0  # the tagger's offsets are the sentence's
    reading = ArgumentReading(actor=[ScoredSpan(0, 13, 0.9)], recipient=[ScoredSpan(a, a + 1, 0.9)])
    EventArguments(FixedTagger(reading))(doc, [event], list(doc.actor_mentions))
    rec = event.attributes["arguments"]
    assert "is an event" in rec["actor_refused"][0]
    assert [m.text for m in event.actors] == ruled  # the rules' side, with the reason
    assert rec["actor_from"].startswith("parse rules")
    assert [m.text for m in event.recipients] == ["a police camp"]
    assert "fragment" in rec["recipient_repaired"][0]


def test_a_span_of_function_words_is_no_side(pipeline):
    text = "Gunmen shot two traders of the market in Imphal."
    doc = pipeline.process(text, date=date(2021, 5, 3))
    event = [*doc.events, *doc.non_incidents][0]
    of = text.index(" of ") + 1
    reading = ArgumentReading(actor=[ScoredSpan(0, 6, 0.9)], recipient=[ScoredSpan(of, of + 2, 0.9)])
    EventArguments(FixedTagger(reading))(doc, [event], list(doc.actor_mentions))
    assert "no content word" in event.attributes["arguments"]["recipient_refused"][0]
    assert "of" not in [m.text for m in event.recipients]


def test_a_span_longer_than_any_trained_side_is_no_side(pipeline):
    # unpunctuated text (SATP summaries) parses as one long sentence; a tagged span running over
    # half of it once became a 200-character unresolved actor
    text = (
        "Maoists killed two villagers in Bijapur district on Monday and the police said the villagers "
        "were returning from the weekly market of the town when the attack took place near the camp"
    )
    doc = pipeline.process(text, date=date(2021, 5, 3))
    event = [*doc.events, *doc.non_incidents][0]
    ruled = [m.text for m in event.recipients]
    v = text.index("two villagers")
    reading = ArgumentReading(actor=[ScoredSpan(0, 7, 0.9)], recipient=[ScoredSpan(v, len(text), 0.9)])
    EventArguments(FixedTagger(reading, longest_side_words=12))(doc, [event], list(doc.actor_mentions))
    rec = event.attributes["arguments"]
    assert "longer than any side the tagger was trained on (12)" in rec["recipient_refused"][0]
    assert [m.text for m in event.recipients] == ruled and rec["recipient_from"].startswith("parse rules")
    assert [m.text for m in event.actors] == ["Maoists"]  # a short span is kept
    reading.recipient = [ScoredSpan(v, v + 13, 0.9)]
    EventArguments(FixedTagger(reading, longest_side_words=12))(doc, [event], list(doc.actor_mentions))
    assert "recipient_refused" not in event.attributes["arguments"]


def test_the_tagger_bound_is_the_longest_trained_side():
    rows = [
        TaggedSentence(
            "corpus", "Police arrested three armed men of the group", None, [(0, 6)], [(16, 44)], "train"
        ),
        TaggedSentence("corpus", "a b c d e f g h i j", None, [(0, 19)], [], "test"),  # held out: not counted
    ]
    assert longest_side_words(rows) == 6
    assert longest_side_words([]) == 0


def test_without_a_tagger_the_rules_sides_stay_with_a_reason(pipeline):
    doc = pipeline.process("Maoists killed two jawans in Bijapur.", date=date(2021, 5, 3))
    event = [*doc.events, *doc.non_incidents][0]
    before = [m.text for m in event.actors]
    args = EventArguments.__new__(EventArguments)
    args.tagger, args.unavailable = None, "no onnxruntime"
    args(doc, [event], list(doc.actor_mentions))
    assert [m.text for m in event.actors] == before
    assert "no onnxruntime" in event.attributes["arguments"]["reason"]


def test_the_shipped_tagger_reads_a_passive():
    from marsad.learned.argument_model import ArgumentModelUnavailable, default_tagger

    try:
        tagger = default_tagger()
    except ArgumentModelUnavailable as exc:
        pytest.skip(str(exc))
    text = "Three villagers were abducted by Maoists in Sukma district on Friday."
    t0 = text.index("abducted")
    (r,) = tagger.read_many([(text, (t0, t0 + len("abducted")))])
    assert any(text[x.start : x.end].endswith("Maoists") for x in r.actor)
    assert tagger.longest_side_words and 10 <= tagger.longest_side_words <= 40
    assert not any("Maoists" in text[x.start : x.end] for x in r.recipient)
