"""Features of a sentence for the learned event classifier.

Input: a parsed sentence (a spaCy ``Span``; a whole ``Doc`` works too) and the events
stage's trigger lexicon. Output: a list of feature strings — words, stems, lemmas and word
pairs; the dependency frame of the main verb; named-entity kinds; and the rule coder's
readings (which trigger entries fire, their PLOVER types and ACLED pairs, and the modality of
each). The rules are thus features the model weighs against the words, not deciders.

Case is folded everywhere: wire copy in capitals (MUC-4) and lower-case copy (Indian
newspapers) give the same words. The parse of an all-capitals sentence is poor, so words and
stems carry most of the weight there; lemmas and the frame add what a good parse gives.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from marsad.events.lexicon import Lexicon
from marsad.events.modality import assess
from marsad.events.triggers import find_triggers
from marsad.nlp.text import span_text

FEATURES_VERSION = "1"
_WORD = re.compile(r"[a-z][a-z'\-]*|\d+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ied", "ies", "ed", "es", "ly", "s")
REPORTING = frozenset(
    ["say", "said", "report", "reported", "according", "tell", "told", "claim", "state", "add"]
)
HEDGES = frozenset(
    ["allegedly", "reportedly", "suspected", "alleged", "apparently", "believed", "possibly", "likely"]
)
FUTURE = frozenset(
    ["will", "would", "could", "might", "may", "plan", "plans", "threaten", "threatened", "if"]
)


def stem(word: str) -> str:
    """A crude suffix stripper: enough to join "killed", "kills" and "killing"."""
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            return word[: -len(suf)]
    return word


def _lower_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _main_verb(sent: Span) -> Token:
    root = sent.root
    if root.pos_ not in ("VERB", "AUX"):
        verb = next((t for t in sent if t.pos_ == "VERB"), None)
        return verb or root
    return root


def _frame(sent: Span) -> list[str]:
    verb = _main_verb(sent)
    v = verb.lemma_.lower()
    out = [f"root:{v}"]
    for child in verb.children:
        dep = child.dep_
        if dep in ("nsubj", "nsubjpass", "dobj", "agent", "attr", "prep", "ccomp", "xcomp", "neg", "aux"):
            out.append(f"dep:{dep}")
            word = child.lemma_.lower()
            if dep == "prep":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    out.append(f"vp:{v}_{word}_{pobj.lemma_.lower()}")
            elif dep in ("xcomp", "ccomp"):
                out.append(f"vc:{v}_{word}")
            elif dep != "neg":
                out.append(f"va:{v}_{dep}_{word}")
    return out


def _rules(sent: Span, lex: Lexicon) -> list[str]:
    out = []
    for trig in find_triggers(sent, lex):
        e = trig.entry
        out += [f"rt:{e.type}", f"rid:{e.id}"]
        if trig.mode or e.mode:
            out.append(f"rm:{e.type}:{trig.mode or e.mode}")
        if isinstance(e.acled, tuple):
            out.append(f"ra:{e.acled[1]}")
        for flag in e.flags:
            out.append(f"rf:{flag}")
        mod = assess(sent, trig.token, trig.governor, lex)
        out += [f"rmod:{mod.modality}", f"rcert:{mod.certainty}"]
        if mod.negated:
            out.append("rneg")
    if not out:
        out.append("rt:none")
    return out


def featurize(sent: Span | Doc, lex: Lexicon | None) -> list[str]:
    """Feature strings of one sentence (see the module docstring)."""
    span = sent[:] if isinstance(sent, Doc) else sent
    words = _lower_words(span_text(span))
    feats = [f"w:{w}" for w in words]
    feats += [f"s:{stem(w)}" for w in words if not w.isdigit()]
    feats += [f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    feats += [f"l:{t.lemma_.lower()}" for t in span if t.is_alpha and not t.is_stop]
    feats += [f"e:{e.label_}" for e in span.ents]
    if any(w.isdigit() for w in words):
        feats.append("has_number")
    bag = set(words)
    feats += [f"cue:report:{w}" for w in bag & REPORTING]
    feats += [f"cue:hedge:{w}" for w in bag & HEDGES]
    feats += [f"cue:future:{w}" for w in bag & FUTURE]
    feats.append(f"len:{min(len(words) // 10, 6)}")
    feats += _frame(span)
    if lex is not None:
        feats += _rules(span, lex)
    return feats
