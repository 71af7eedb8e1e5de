"""Values kept for the document at hand."""

from __future__ import annotations

from marsad.nlp.memo import LastDocMemo


class _Doc:
    pass


def test_a_value_is_built_once_per_doc_and_key_and_forgotten_with_the_doc():
    memo, builds = LastDocMemo(), []

    def build(tag):
        return lambda: builds.append(tag) or tag

    a, b = _Doc(), _Doc()
    assert memo.get(a, "k", build("a-k")) == "a-k"
    assert memo.get(a, "k", build("again")) == "a-k"
    assert memo.get(a, "j", build("a-j")) == "a-j"
    assert memo.get(b, "k", build("b-k")) == "b-k"  # another doc: built anew
    assert memo.get(a, "k", build("a-k2")) == "a-k2"  # only the last doc is kept
    assert builds == ["a-k", "a-j", "b-k", "a-k2"]
