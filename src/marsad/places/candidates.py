"""Learned toponym recall: gazetteer candidates filtered by a small logistic regression,
and the role of every place (issue 13, items 1–2).

The rule recogniser (``recognize.py``) leans on the small spaCy model's NER and on
context rules; what it misses is mostly names it has no rule for. This module proposes
every other capitalised chain that is exactly a gazetteer name (and every capitalised
nationality adjective / demonym: "Syrian", "Kurdish" when the gazetteer knows it), and
keeps those a logistic regression over context features scores at or above the model's
threshold. The weights are a small JSON file in ``toponym_model/`` (trained by
``python -m marsad.places.train_candidates``; see ``toponym_model/MODEL_CARD.md``).

Roles (GeoWebNews' pragmatic taxonomy, as far as a parse can tell):

* ``literal`` — the place itself ("fighting in Aleppo");
* ``demonym`` — a nationality adjective or demonym ("Syrian forces"): it names the
  country, not where something happened;
* ``embedded`` — part of an organisation or facility name ("the Kenya Defence Forces",
  "Aleppo University");
* ``metonymic`` — a place standing for its government or people: the subject of a
  speech or policy verb ("Moscow said", "Iraq condemned") or the owner of a decision
  ("Washington's sanctions").

Event locations use only ``literal`` places (``marsad.events.location.usable_places``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.model import Place
from marsad.places.gazetteer import Candidate, Gazetteer
from marsad.places.lexicon import not_place_words, org_heads, place_words
from marsad.places.recognize import _chain_starts, in_org_chain

MODEL_FILE = "weights.json"
NER_LABELS = ("GPE", "LOC", "ORG", "PERSON", "NORP", "FAC", "OTHER")
# a place as the subject of these verbs stands for its government or people
SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "announce",
        "accuse",
        "warn",
        "condemn",
        "deny",
        "urge",
        "call",
        "demand",
        "reject",
        "claim",
        "insist",
        "respond",
        "agree",
        "sign",
        "impose",
        "threaten",
        "vow",
        "pledge",
        "welcome",
        "criticise",
        "criticize",
        "blame",
        "insist",
        "refuse",
        "decide",
        "approve",
        "recognise",
        "recognize",
        "support",
        "oppose",
        "insist",
        "argue",
        "believe",
        "want",
        "hope",
        "seek",
        "expel",
        "summon",
        "protest",
        "ask",
        "push",
        "press",
        "veto",
    ]
)
# "Washington's sanctions": the owner of these nouns is the government
POLICY_NOUNS = frozenset(
    [
        "decision",
        "policy",
        "sanctions",
        "sanction",
        "position",
        "support",
        "response",
        "statement",
        "stance",
        "government",
        "leadership",
        "demand",
        "demands",
        "plan",
        "plans",
        "proposal",
        "refusal",
        "approach",
        "relations",
        "foreign",
        "ambassador",
        "envoy",
        "embassy",
        "officials",
        "ministry",
        "president",
        "leader",
        "offer",
    ]
)


def with_role(place: Place, role: str, confidence: float, reason: str) -> Place:
    """``place`` with its pragmatic role, the recogniser's confidence and the reason."""
    return replace(place, role=role, confidence=confidence, role_reason=reason)


@dataclass
class Proposal:
    """A candidate span (token indices ``i:j``) and what it matched."""

    i: int
    j: int
    kind: str  # name | demonym
    cands: list[Candidate] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)
    prob: float = 0.0


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any] | None:
    """The shipped weights (feature names, coefficients, intercept, threshold), or None."""
    try:
        text = (
            resources.files("marsad.places").joinpath("toponym_model", MODEL_FILE).read_text(encoding="utf-8")
        )
    except (FileNotFoundError, ModuleNotFoundError):
        return None
    return json.loads(text)


def score(features: dict[str, float], model: dict[str, Any]) -> float:
    z = model["intercept"] + sum(
        w * features.get(n, 0.0) for n, w in zip(model["features"], model["coef"], strict=True)
    )
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _is_cap(tok: Any) -> bool:
    t = tok.text
    return bool(t) and t[0].isupper() and any(c.isalpha() for c in t)


def _ent_label(doc: Any, i: int, j: int) -> tuple[str | None, bool]:
    """The NER label over tokens i:j and whether that entity reaches beyond them."""
    for t in range(i, j):
        tok = doc[t]
        if tok.ent_type_:
            lab = tok.ent_type_
            # find the entity bounds
            s = t
            while s > 0 and doc[s].ent_iob_ == "I":
                s -= 1
            e = t + 1
            while e < len(doc) and doc[e].ent_iob_ == "I":
                e += 1
            return (lab if lab in NER_LABELS else "OTHER"), (s < i or e > j)
    return None, False


@dataclass
class DocContext:
    """What the document says elsewhere: names the rules took as places, words of
    multi-word person names, how often each text occurs."""

    place_texts: set[str]
    person_words: set[str]
    org_words: set[str]

    @classmethod
    def of(cls, doc: Any, place_texts: set[str]) -> DocContext:
        person, org = set(), set()
        for e in doc.ents:
            if e.label_ == "PERSON" and len(e) > 1:
                person.update(t.text for t in e if _is_cap(t))
            elif e.label_ == "ORG":
                org.add(e.text)
        return cls(place_texts, person, org)


def features(
    doc: Any, i: int, j: int, kind: str, cands: list[Candidate], gaz: Gazetteer, ctx: DocContext | None = None
) -> dict[str, float]:
    """Context features of the candidate span ``doc[i:j]``."""
    words = place_words()
    locative = words["locative"]
    titles = words["person_titles"]
    heads = org_heads()
    stop = not_place_words()
    span = doc[i:j]
    text = span.text
    f: dict[str, float] = {"bias_" + kind: 1.0}
    best = cands[0] if cands else None
    if best is not None:
        f["country"] = float(best.is_country)
        f["adm1"] = float(best.feature_code == "ADM1")
        f["adm2"] = float(best.feature_code == "ADM2")
        f["region"] = float(best.is_region)
        f["populated"] = float(best.feature_class == "P")
        f["other_class"] = float(best.feature_class not in ("P", "A"))
        f["log_pop"] = math.log10(max(c.population for c in cands) + 1) / 7
        f["n_cands"] = min(math.log2(len(cands) + 1) / 6, 1.0)
    f["n_tokens"] = min(j - i, 4) / 4
    f["all_caps"] = float(text.isupper() and len(text) > 1)
    f["stop_word"] = float(j - i == 1 and doc[i].lower_ in stop)
    lab, beyond = _ent_label(doc, i, j)
    f["ner_" + (lab or "none")] = 1.0
    f["ner_beyond"] = float(beyond)
    prev = doc[i - 1] if i > 0 else None
    nxt = doc[j] if j < len(doc) else None
    f["sent_start"] = float(
        doc[i].is_sent_start or prev is None or prev.text in ("\n", "\n\n") or prev.is_space
    )
    f["prev_locative"] = float(prev is not None and prev.lower_ in locative)
    f["prev_the"] = float(prev is not None and prev.lower_ == "the")
    f["prev_cap"] = float(prev is not None and _is_cap(prev) and not f["sent_start"])
    f["prev_title"] = float(prev is not None and prev.lower_.rstrip(".") in titles)
    f["next_cap"] = float(nxt is not None and _is_cap(nxt))
    f["next_org_head"] = float(nxt is not None and nxt.lower_ in heads)
    f["next_poss"] = float(nxt is not None and nxt.text in ("'s", "’s"))
    f["next_comma"] = float(nxt is not None and nxt.text == ",")
    f["next_lower_noun"] = float(nxt is not None and nxt.is_lower and nxt.pos_ == "NOUN")
    f["in_org_chain"] = float(in_org_chain(doc, i, j))
    root = span.root
    f["pos_propn"] = float(root.pos_ == "PROPN")
    f["pos_adj"] = float(root.pos_ == "ADJ")
    f["dep_compound_amod"] = float(root.dep_ in ("compound", "amod"))
    f["dep_pobj"] = float(root.dep_ == "pobj")
    f["dep_subj"] = float(root.dep_ in ("nsubj", "nsubjpass"))
    f["dep_poss"] = float(root.dep_ == "poss")
    f["demonym_country"] = float(kind == "demonym")
    f["gaz_demonym"] = float(bool(gaz.demonym_countries(text)))
    if best is not None:
        f["big_place"] = float(
            best.is_country or best.feature_code == "ADM1" or max(c.population for c in cands) >= 100_000
        )
        f["acronym"] = float(text.replace(".", "").isupper() and len(text.replace(".", "")) <= 4)
    if ctx is not None:
        f["doc_place_elsewhere"] = float(text in ctx.place_texts)
        f["doc_person_word"] = float(any(t.text in ctx.person_words for t in span))
        f["doc_org_name"] = float(text in ctx.org_words)
    return f


def propose(
    doc: Any,
    gaz: Gazetteer,
    recognizer: Any,
    taken: set[int],
    zones: Any,
    skipped: Any,
    place_texts: set[str],
) -> list[Proposal]:
    """Spans the rule recogniser did not take: capitalised demonyms and exact gazetteer
    names of capitalised chains (``place_texts``: the texts the rules took as places)."""
    ctx = DocContext.of(doc, place_texts)
    out: list[Proposal] = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if i in taken or not _chain_starts(doc, i):
            i += 1
            continue
        prop: Proposal | None = None
        codes = gaz.demonym_countries(tok.text) if tok.is_alpha and len(tok.text) >= 4 else set()
        countries = [c for c in (gaz.country(cc) for cc in sorted(codes)) if c is not None]
        if countries:
            prop = Proposal(i, i + 1, "demonym", countries)
        else:
            hit = recognizer._gazetteer_chain(doc, i, fuzzy=False)
            if hit is not None and not any(t in taken for t in range(i, hit[0])):
                j, cands = hit
                if len(doc[i:j].text.replace(".", "")) >= 2:
                    prop = Proposal(i, j, "name", cands)
        if prop is None:
            i += 1
            continue
        s, e = doc[prop.i].idx, doc[prop.j - 1].idx + len(doc[prop.j - 1].text)
        if zones.contains(s, e) and not skipped.overlaps(s, e):
            prop.features = features(doc, prop.i, prop.j, prop.kind, prop.cands, gaz, ctx)
            out.append(prop)
        i = prop.j
    return out


def role_of(doc: Any, i: int, j: int, kind: str) -> tuple[str, str]:
    """The role of the toponym ``doc[i:j]`` and why."""
    if kind == "demonym":
        return "demonym", "a nationality adjective or demonym: names the country, not a place of events"
    lab, beyond = _ent_label(doc, i, j)
    if (lab in ("ORG", "FAC") and beyond) or in_org_chain(doc, i, j):
        return "embedded", "part of an organisation or facility name"
    root = doc[i:j].root
    head = root.head
    if root.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in SPEECH_VERBS:
        return "metonymic", f"subject of '{head.text}': the place stands for its government or people"
    if root.dep_ == "poss" and head.lemma_.lower() in POLICY_NOUNS:
        return "metonymic", f"owner of '{head.text}': the place stands for its government"
    return "literal", ""
