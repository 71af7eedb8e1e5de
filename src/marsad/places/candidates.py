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
  speech or policy verb ("Moscow said", "Iraq condemned", "Botswana is banning"), its agent
  ("supported by Angola"), the object of a verb that addresses or judges a state ("asked
  Moscow for", "urged Iran to", "called on China"), the subject of an agentive "be"
  ("Macedonia had been responsible", "Iran is ready"), the partner of a relation ("ties
  with Turkey") or the owner of a decision ("Washington's sanctions");
* ``literal_modifier`` — a noun modifier of a thing that is in the place ("Moscow
  traffic", "London police", "Kenya's camps");
* ``associative_modifier`` — a noun modifier of what only belongs to the place: its
  government, officials, leaders, news ("U.S. officials", "Russia's Vladimir Putin").

Event locations use ``literal`` and ``literal_modifier`` places
(``marsad.events.location.usable_places``; ``marsad.model.NON_EVENT_ROLES``).
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
from marsad.places.normalize import name_key
from marsad.places.recognize import _chain_starts, capitals_copy, in_org_chain

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
        # agents of state action ("Botswana is banning hunting", "little Beijing can do",
        # "Edmonton needs to…"; "supported by Angola", "protected by the US" as agents)
        "ban",
        "need",
        "do",
        "help",
        "back",
        "fund",
        "protect",
        "invade",
        "send",
        "sanction",
        "host",
        "join",
        "order",
        "promise",
        "plan",
        "negotiate",
        "cancel",
    ]
)
# "ties with Turkey", "deal with Iran", "links to Georgia", "say no to South Ossetia": a place
# as the partner of a relation stands for its government
RELATION_WORDS = frozenset(
    [
        "ties",
        "relations",
        "relationship",
        "links",
        "talks",
        "negotiations",
        "deal",
        "agreement",
        "treaty",
        "dispute",
        "tensions",
        "cooperation",
        "no",
    ]
)
# "the president of Bulgaria", "the leaders of Turkey" (but "the history of DR Congo" is the
# place itself)
OFFICE_HEADS = frozenset(
    [
        "government",
        "president",
        "leader",
        "minister",
        "ambassador",
        "diplomat",
        "governor",
        "senator",
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
    ]
)
# a toponym modifying these nouns names what they belong to, not where they are: "U.S.
# officials", "Russia's ambassador", "the B.C. government", "the Cyprus news"
ASSOCIATED_HEADS = OFFICE_HEADS | frozenset(
    [
        "inspector",
        "regulator",
        "agency",
        "election",
        "team",
        "embassy",
        "news",
        "deal",
        "history",
        "registration",
        "travel",
        "general",
        "attorney",
        "passport",
        "citizenship",
        "law",
        "policy",
        "interest",
        "company",
        "firm",
    ]
)
# a place's own kind words: "the Cuvette-Ouest region", "Idlib province"
KIND_HEADS = frozenset(
    ["region", "province", "governorate", "district", "county", "state", "city", "town", "village", "area"]
)
# words that end a capitalised name the toponym opens — for the role only (the recogniser
# keeps its own list): "the Brooklyn District Attorney", "Seoul City Hall", "the United States
# Food and Drug Administration", "London City airport"
ROLE_NAME_HEADS = frozenset(
    ["administration", "attorney", "judge", "hall", "airport", "rescue", "patrol", "authority", "agency"]
)
# a place as the direct object of these verbs is addressed or judged as a state: "asked
# Moscow for a response", "urged Iran to", "accused Russia of" (but "visited Moscow",
# "shelled Aleppo" are the places); "called on China" through the preposition
OBJECT_VERBS = frozenset(
    [
        "ask",
        "urge",
        "warn",
        "accuse",
        "blame",
        "criticise",
        "criticize",
        "condemn",
        "press",
        "pressure",
        "tell",
        "persuade",
        "convince",
        "lobby",
        "thank",
        "praise",
        "congratulate",
        "sanction",
        "punish",
        "reassure",
    ]
)
# "Macedonia had been responsible for his torture", "Iran is ready to talk": a place as the
# subject of "be" with these adjectives is a state or people that acts
AGENT_ADJECTIVES = frozenset(
    [
        "responsible",
        "ready",
        "willing",
        "unwilling",
        "determined",
        "reluctant",
        "eager",
        "keen",
        "prepared",
        "committed",
        "opposed",
        "concerned",
        "confident",
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
        "image",
        "reputation",
    ]
)


# a town named just before these words is the place the office, force or people belong
# to — a literal modifier ("Danbury police", "Montreal Mayor Denis Coderre", "Brant OPP")
CIVIC_AFTER = frozenset(
    [
        "mayor",
        "police",
        "council",
        "councillor",
        "councilor",
        "councilman",
        "councilwoman",
        "sheriff",
        "coroner",
        "opp",
        "rcmp",
        "firefighters",
        "residents",
        "businesses",
        "officials",
        "authorities",
    ]
)
DATELINE_DASHES = frozenset(["—", "–", "-", "--", "---", "―"])


def names_thing_after(doc: Any, i: int, j: int) -> bool:
    """Whether the toponym ``doc[i:j]`` opens a longer name that ends in a word of an
    office, organisation or facility (:data:`ROLE_NAME_HEADS`, or the recogniser's
    organisation words): "the [Brooklyn] District Attorney", "[Seoul] City Hall",
    "[London] City airport". Up to four capitalised words (with "and", "of") between."""
    heads = org_heads()
    k = j
    while k < len(doc) and k - j <= 4:
        tok = doc[k]
        low = tok.lower_
        if _is_cap(tok):
            if low in ROLE_NAME_HEADS or (low in heads and k > j):
                return True
        elif low in ("and", "of", "-"):
            pass
        else:
            return k > j and low in ROLE_NAME_HEADS  # "London City airport"
        k += 1
    return False


def _dateline_position(doc: Any, i: int, j: int) -> bool:
    """An all-capitals name opening the text or a line, followed by a dash or a comma."""
    span = doc[i:j]
    if len(span.text) < 3 or not all(t.text.isupper() or not t.is_alpha for t in span) or j >= len(doc):
        return False
    k = i - 1
    while k >= 0 and doc[k].is_space and "\n" not in doc[k].text:
        k -= 1
    opens = k < 0 or "\n" in doc[k].text or doc[k].whitespace_ == "\n"
    return opens and (doc[j].text in DATELINE_DASHES or doc[j].text == ",")


def dateline(doc: Any, i: int, j: int, cands: list[Candidate]) -> bool:
    """An all-capitals town or region name opening the text or a line and followed by a
    dash ("OTTAWA – The chair…", "TORRINGTON — Mayor…"): a dateline, the place the story
    was filed from."""
    if not cands or j >= len(doc) or doc[j].text not in DATELINE_DASHES or not _dateline_position(doc, i, j):
        return False
    best = cands[0]
    return best.feature_class in ("P", "A") or best.is_country


def civic_modifier(doc: Any, i: int, j: int, cands: list[Candidate], person_words: set[str]) -> bool:
    """A town or county directly before a civic word (:data:`CIVIC_AFTER`): "Danbury
    police", "Montreal Mayor Denis Coderre" — not a person's name ("Jackson police")."""
    if j >= len(doc) or doc[j].lower_ not in CIVIC_AFTER or not cands:
        return False
    if any(t.text in person_words for t in doc[i:j]) or any(not _is_cap(t) for t in doc[i:j] if t.is_alpha):
        return False
    if any(doc[k].ent_type_ == "PERSON" for k in range(i, j)):
        return False  # "the Brown police chief"
    key = name_key(doc[i:j].text)
    return any(
        c.match == "exact" and name_key(c.name) == key and (c.feature_class == "P" or c.is_admin)
        for c in cands
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
            beyond = s < i or (e > j and not all(doc[k].is_punct for k in range(j, e)))
            return (lab if lab in NER_LABELS else "OTHER"), beyond  # "[Wainwright,]" is not beyond
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


def _demonym_at(doc: Any, i: int, gaz: Gazetteer, regions: dict[str, str]) -> tuple[int, list[Candidate]]:
    """The demonym or region adjective starting at token ``i`` — two words first ("South
    African", "Middle Eastern"), then one ("Iraqi", "European") — as (tokens, the countries or
    the region it names); (0, []) when there is none."""
    for width in (2, 1):
        span = doc[i : i + width]
        if len(span) < width or not all(t.is_alpha and _is_cap(t) for t in span):
            continue
        text = span.text
        if width == 1 and len(text) < 4:
            continue
        region = regions.get(text.lower())
        if region is not None:
            cands = [c for c in gaz.lookup(region, fuzzy=False) if c.match == "exact"][:1]
            if cands:
                return width, cands
        codes = gaz.demonym_countries(text)
        countries = [c for c in (gaz.country(cc) for cc in sorted(codes)) if c is not None]
        if countries:
            return width, countries
    return 0, []


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
    regions = place_words().get("region_adjectives", {})
    copy = capitals_copy(doc)
    out: list[Proposal] = []
    i = 0
    n = len(doc)
    while i < n:
        if i in taken or not _chain_starts(doc, i, copy):
            i += 1
            continue
        prop: Proposal | None = None
        width, countries = _demonym_at(doc, i, gaz, regions)
        if countries:
            prop = Proposal(i, i + width, "demonym", countries)
        else:
            hit = recognizer._gazetteer_chain(doc, i, fuzzy=False)
            if hit is not None and not any(t in taken for t in range(i, hit[0])):
                j, cands = hit
                if len(doc[i:j].text.replace(".", "")) >= 2:
                    prop = _with_owner(doc, i, j, cands, gaz, taken)
        if prop is None:
            i += 1
            continue
        s, e = doc[prop.i].idx, doc[prop.j - 1].idx + len(doc[prop.j - 1].text)
        if zones.contains(s, e) and not skipped.overlaps(s, e):
            prop.features = features(doc, prop.i, prop.j, prop.kind, prop.cands, gaz, ctx)
            out.append(prop)
        i = prop.j
    return out


def _with_owner(
    doc: Any, i: int, j: int, cands: list[Candidate], gaz: Gazetteer, taken: set[int]
) -> Proposal:
    """The name ``doc[i:j]``, or the longer name it ends when a capitalised word and "'s"
    open it: "the People's Republic of China" is China, not its tail "Republic of China"
    (Taiwan); "the Democratic People's Republic of Korea" is not the Republic of Korea."""
    if i >= 2 and doc[i - 1].text in ("'s", "’s") and _is_cap(doc[i - 2]) and i - 2 not in taken:
        for k in (i - 3, i - 2):  # "Democratic People's …", "People's …"
            if k >= 0 and _is_cap(doc[k]) and k not in taken:
                longer = gaz.lookup(doc[k:j].text, fuzzy=False)
                if longer:
                    return Proposal(k, j, "name", longer)
    return Proposal(i, j, "name", cands)


def role_of(doc: Any, i: int, j: int, kind: str) -> tuple[str, str]:
    """The role of the toponym ``doc[i:j]`` and why."""
    if kind == "demonym":
        return "demonym", "a nationality adjective or demonym: names the country, not a place of events"
    lab, beyond = _ent_label(doc, i, j)
    contained = j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].ent_type_ in ("GPE", "LOC")
    if not contained and ((lab in ("ORG", "FAC") and beyond) or in_org_chain(doc, i, j)):
        return "embedded", "part of an organisation or facility name"
    if _dateline_position(doc, i, j):
        return "literal", "a dateline: where the story was filed"
    root = doc[i:j].root
    while root.dep_ == "conj" and root.head.i != root.i:  # "China, Japan and the UK have warned"
        root = root.head
    head = root.head
    if root.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in SPEECH_VERBS:
        return "metonymic", f"subject of '{head.text}': the place stands for its government or people"
    if root.dep_ == "pobj" and head.dep_ == "agent" and head.head.lemma_.lower() in SPEECH_VERBS:
        return "metonymic", f"agent of '{head.head.text}': the place stands for its government or people"
    if root.dep_ == "nsubj" and head.lemma_ == "be" and _agent_complement(head):
        return (
            "metonymic",
            f"subject of '{head.text} {_agent_complement(head)}': the place stands for a state",
        )
    if (root.dep_ == "dobj" and head.lemma_.lower() in OBJECT_VERBS) or (
        root.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_.lower() == "call"
    ):
        verb = head if root.dep_ == "dobj" else head.head
        return "metonymic", f"object of '{verb.text}': the place stands for its government or people"
    if (
        root.dep_ == "pobj"
        and head.lower_ in ("with", "to")
        and (head.head.lower_ in RELATION_WORDS or head.head.lemma_.lower() in RELATION_WORDS)
    ):
        return "metonymic", f"partner of '{head.head.text}': the place stands for its government"
    if root.dep_ == "poss" and head.lemma_.lower() in POLICY_NOUNS:
        return "metonymic", f"owner of '{head.text}': the place stands for its government"
    return modifier_role(doc, root, head)


def _agent_complement(verb: Any) -> str:
    """The adjective of :data:`AGENT_ADJECTIVES` that completes ``verb`` ("is ready"), or ''."""
    return next(
        (c.text for c in verb.children if c.dep_ == "acomp" and c.lemma_.lower() in AGENT_ADJECTIVES), ""
    )


def modifier_role(doc: Any, root: Any, head: Any) -> tuple[str, str]:
    """A toponym that modifies a noun: ``literal_modifier`` when the thing is there ("Moscow
    traffic", "London police", "Kenya's camps", "a Queens native"), ``associative_modifier``
    when it is only associated with the place — its government, officials, leaders, teams,
    news, history ("U.S. officials", "Russia's Vladimir Putin", "the president of
    Bulgaria"); ``literal`` otherwise."""
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in OFFICE_HEADS:
        return "associative_modifier", f"of '{head.head.text}': associated with the place, not there"
    if root.dep_ not in ("compound", "nmod", "poss") or head.pos_ not in ("NOUN", "PROPN") or head.i < root.i:
        return "literal", ""
    low = head.lemma_.lower()
    if low in KIND_HEADS:
        return "literal", ""  # "the Cuvette-Ouest region": the place's own kind word
    if head.pos_ == "PROPN":
        if root.dep_ == "poss" and head.ent_type_ == "PERSON":
            return "associative_modifier", f"'s {head.text}: a person of the place"
        if head.ent_type_ == "PERSON" or head.ent_type_ == "":
            return "literal", ""  # "the U.S. Jon Prinsell": a parse across a sentence end
    if low in ASSOCIATED_HEADS:
        return "associative_modifier", f"modifies '{head.text}': associated with the place, not there"
    return "literal_modifier", f"modifies '{head.text}': the thing is in the place"
