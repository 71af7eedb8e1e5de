"""Relations between two actors named in one sentence, read by a learned model.

The rule extractor (``marsad.relations``) finds relations from cue phrases, person roles and
coded events. This model reads every pair of distinct actors named in one sentence (the actors
stage's mentions and the events' sides) and gives the probability of each relation the
annotation guide defines (``docs/ANNOTATION.md`` §13): ``hostile``, ``ally`` (unordered),
``member_of`` and ``leads``, or ``none``. Who is the member or leader is read from the pair, not
learned: a person, else the unit named first in "X of Y" and the one named last in "Y's X" and
"Y X" (:func:`member_first`). Features: the two actors' kinds and
sectors, the words between them (and a short span of them as one pattern), the words around
them, the dependency path between their heads, whether one mention lies inside the other,
the coded events that join them and the rules' own relation for the pair. Runtime: NumPy
(``marsad.learned.linear``); trained by ``python -m marsad.learned.train_relations`` on whole
articles annotated by reading them (``corpus/relations/relations_train.jsonl``).

:class:`LearnedRelationExtractor` (``marsad.learned_relation_extractor``) is the relations
stage with the model: the rules' relations and territory, plus every pair the model reads as a
relation at or above its threshold, each with the model's name, version and probability in its
reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad import registry
from marsad.learned.linear import SparseLinearModel
from marsad.model import ActorMention, Document, Relation
from marsad.relations.extractor import RelationExtractor, dedupe, sentence_certainty

VERSION = "1.0"
MODEL_DIR = Path(__file__).parent / "models" / f"relations-{VERSION}"
LABELS = ("none", "hostile", "ally", "member_of", "leads")
MAX_BETWEEN = 8
MAX_MENTIONS = 12  # per sentence: a list of 40 names is no place for pairwise relations


@dataclass(frozen=True)
class Pair:
    """Two distinct actors named in one sentence, ``a`` named first."""

    a: ActorMention
    b: ActorMention
    sent: Any  # spaCy Span


def named_actors(doc: Document) -> list[ActorMention]:
    """The actors stage's mentions and the events' sides (the argument tagger's spans are not
    all among the former)."""
    return [*doc.actor_mentions, *(m for ev in doc.events for m in (*ev.actors, *ev.recipients))]


def _first_mentions(mentions: list[ActorMention], start: int, end: int) -> list[ActorMention]:
    """The first mention of each actor in the sentence, in order of appearance."""
    seen: dict[str, ActorMention] = {}
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.actor_id and start <= m.start < end and m.actor_id not in seen:
            seen[m.actor_id] = m
    return list(seen.values())[:MAX_MENTIONS]


def sentence_pairs(doc: Document) -> list[Pair]:
    """Every pair of distinct actors named in a sentence of ``doc``."""
    refs = named_actors(doc)
    out = []
    for sent in doc.spacy_doc.sents:
        ms = _first_mentions(refs, sent.start_char, sent.end_char)
        out += [Pair(a, b, sent) for i, a in enumerate(ms) for b in ms[i + 1 :]]
    return out


def _tokens(sent: Any, start: int, end: int) -> list[Any]:
    return [t for t in sent if start <= t.idx and t.idx + len(t) <= end]


def _head(sent: Any, m: ActorMention) -> Any | None:
    toks = _tokens(sent, m.start, m.end)
    if not toks:
        return None
    return next((t for t in toks if t.head.i < toks[0].i or t.head.i > toks[-1].i or t.head is t), toks[-1])


def _path(x: Any, y: Any) -> list[str]:
    """Dependency labels up from ``x`` to the lowest common ancestor, then down to ``y``."""
    up_x = [x, *x.ancestors]
    up_y = [y, *y.ancestors]
    common = next((t for t in up_x if t in up_y), None)
    if common is None:
        return ["nopath"]
    left = [t.dep_ for t in up_x[: up_x.index(common)]]
    right = [t.dep_ for t in up_y[: up_y.index(common)]]
    return [*(f"{d}^" for d in left), common.lemma_.lower(), *(f"v{d}" for d in reversed(right))]


def pair_features(doc: Document, pair: Pair, rule_types: dict[frozenset[str], set[str]]) -> list[str]:
    a, b, sent = pair.a, pair.b, pair.sent
    feats = [
        f"ka={a.kind}",
        f"kb={b.kind}",
        f"kab={a.kind}|{b.kind}",
        f"sa={a.sector}",
        f"sb={b.sector}",
        f"sab={a.sector}|{b.sector}",
    ]
    if b.start < a.end:
        feats.append("nested")
        between = []
    else:
        between = _tokens(sent, a.end, b.start)
    lemmas = [t.lemma_.lower() for t in between if not t.is_space]
    feats.append(f"gap={min(len(lemmas), MAX_BETWEEN + 1)}")
    feats += [f"btw={w}" for w in lemmas[:MAX_BETWEEN]]
    if 0 < len(lemmas) <= 3:
        feats.append("btwseq=" + "_".join(lemmas))
    before = [t.lemma_.lower() for t in _tokens(sent, sent.start_char, a.start)][-2:]
    after = [t.lemma_.lower() for t in _tokens(sent, b.end, sent.end_char)][:2]
    feats += [f"pre={w}" for w in before] + [f"post={w}" for w in after]
    ha, hb = _head(sent, a), _head(sent, b)
    if ha is not None and hb is not None and ha is not hb:
        path = _path(ha, hb)
        feats.append("path=" + "_".join(path[:7]))
        feats.append(
            f"lca={path[len([p for p in path if p.endswith('^')])] if path != ['nopath'] else 'none'}"
        )
        feats += [f"dep_a={ha.dep_}", f"dep_b={hb.dep_}"]
    for ev in doc.events:
        if not (ev.evidence.start <= a.start < ev.evidence.end):
            continue
        acts = {m.actor_id for m in ev.actors}
        recs = {m.actor_id for m in ev.recipients}
        if a.actor_id in acts and b.actor_id in recs:
            feats.append(f"event={ev.type}:ab")
        elif b.actor_id in acts and a.actor_id in recs:
            feats.append(f"event={ev.type}:ba")
        elif {a.actor_id, b.actor_id} <= acts:
            feats.append(f"event={ev.type}:both")
    for t in rule_types.get(frozenset((a.actor_id, b.actor_id)), ()):
        feats.append(f"rule={t}")
    return feats


def rule_types(relations: list[Relation]) -> dict[frozenset[str], set[str]]:
    out: dict[frozenset[str], set[str]] = {}
    for r in relations:
        out.setdefault(frozenset((r.source, r.target)), set()).add(r.type)
    return out


class RelationModel:
    """The shipped model and its threshold."""

    def __init__(self, directory: Path = MODEL_DIR) -> None:
        self.model = SparseLinearModel.load(directory)
        self.threshold = float(self.model.meta.get("threshold", 0.5))
        self.ref = f"marsad.relation_model@{self.model.meta.get('version', VERSION)}"

    def read(self, feats: list[str]) -> tuple[str, float]:
        """The most probable relation label other than none, and its probability."""
        probs = self.model.predict(feats)["label"]
        label = max((x for x in probs if x != "none"), key=probs.__getitem__)
        return label, probs[label]


def member_first(pair: Pair) -> bool:
    """Whether the earlier-named actor of ``pair`` is the member (or leader) of the other: a
    person is; of two groups, "X of Y" names the member first, "Y's X" and "Y X" last."""
    if (pair.a.kind == "person") != (pair.b.kind == "person"):
        return pair.a.kind == "person"
    between = _tokens(pair.sent, pair.a.end, pair.b.start) if pair.b.start >= pair.a.end else []
    return any(t.lower_ in ("of", "in", "for", "from") for t in between[:3])


def relation_of(pair: Pair, label: str) -> tuple[str, str, str]:
    """(source id, target id, type) of a model label for ``pair``."""
    a, b = pair.a.actor_id or "", pair.b.actor_id or ""
    if label in ("member_of", "leads") and not member_first(pair):
        return b, a, label
    return a, b, label


@lru_cache(maxsize=1)
def default_relation_model() -> RelationModel | None:
    return RelationModel() if (MODEL_DIR / "model.json").exists() else None


@registry.register("relations", "marsad.learned_relation_extractor", f"1.0+relations-{VERSION}")
class LearnedRelationExtractor(RelationExtractor):
    """The rules' relations and territory, and the relations the model reads between two actors
    named in one sentence."""

    def __init__(self, *, model: RelationModel | None = None) -> None:
        model = model or default_relation_model()
        if model is None:
            raise FileNotFoundError(
                f"no relation model in {MODEL_DIR} (it is not shipped: it did not beat the rules on the "
                "development articles); train one with python -m marsad.learned.train_relations"
            )
        self.model = model

    def __call__(self, doc: Document) -> Document:
        doc = super().__call__(doc)
        if doc.spacy_doc is None:
            return doc
        rules = rule_types(doc.relations)
        found = list(doc.relations)
        for pair in sentence_pairs(doc):
            label, p = self.model.read(pair_features(doc, pair, rules))
            if p < self.model.threshold:
                continue
            source, target, type_ = relation_of(pair, label)
            sent = pair.sent
            found.append(
                Relation(
                    source,
                    target,
                    type_,
                    doc.span(sent.start_char, sent.end_char),
                    sentence_certainty(sent.text),
                    reason=f"{self.model.ref}: P({label}) = {p:.2f} >= {self.model.threshold} for "
                    f"'{pair.a.text}' and '{pair.b.text}'",
                    component=self.model.ref,
                )
            )
        doc.relations = dedupe(found)
        return doc
