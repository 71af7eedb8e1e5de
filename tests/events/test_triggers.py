"""Triggers of a sentence: found once per document, whoever asks."""

from __future__ import annotations

from marsad.events import triggers
from marsad.events.lexicon import load_lexicon
from marsad.events.triggers import find_triggers


def test_a_sentences_triggers_are_found_once_and_handed_out_as_new_lists(nlp, monkeypatch):
    lex = load_lexicon()
    sent = next(iter(nlp("Militants attacked a checkpoint and killed two soldiers. Talks resumed.").sents))
    calls = []
    real = triggers._find_triggers
    monkeypatch.setattr(triggers, "_find_triggers", lambda s, x: calls.append(s.start) or real(s, x))
    first = find_triggers(sent, lex)
    first.clear()  # a caller's list is its own
    second = find_triggers(sent, lex)
    assert calls == [sent.start]
    assert [t.entry.type for t in second] == [t.entry.type for t in real(sent, lex)] and second
    other = nlp("Militants attacked a checkpoint and killed two soldiers.")  # another doc, read anew
    assert [t.entry.type for t in find_triggers(other[:], lex)] == [t.entry.type for t in second]
    assert len(calls) == 2
