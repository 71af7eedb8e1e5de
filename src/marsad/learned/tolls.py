"""How many were killed and injured in one event: candidate figures chosen by a learned model.

Input: an event's sentence (spaCy ``Span``) and its trigger's token index. Output: a
:class:`TollReading` per kind (``killed``, ``injured``): the chosen figure, the token that
states it, the model's probability, or nothing. Candidates come from the parse — every number
in the sentence ("12", "twelve", "dozens"), a singular victim of a killing verb ("a policeman
was shot dead" → 1), coordinated victims ("the SP and his driver were killed" → 2), a report
that no one was hurt (→ 0) — and a linear model (``models/event_tolls-1.2``, trained by
``python -m marsad.learned.train_tolls`` on the tolls of our annotated events) gives each the
probability that it is this event's toll. The highest at or above the model's threshold
(chosen by cross-validation on the training part) is chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from marsad.events.attributes import INJURE_LEMMAS, KILL_LEMMAS, number_value
from marsad.learned.linear import SparseLinearModel

VERSION = "1.2"
MODEL_DIR = Path(__file__).resolve().parent / "models" / f"event_tolls-{VERSION}"
KINDS = ("killed", "injured")
THRESHOLD = 0.5
VICTIM_LEMMAS = KILL_LEMMAS | INJURE_LEMMAS | {"shoot", "gun", "hack", "lynch", "stab", "succumb", "behead"}
NOBODY = re.compile(
    r"\bno (?:one|body|casualt\w*|injur\w*|loss of (?:life|lives)|deaths?|fatalit\w*)\b|\bnobody\b|\bunhurt\b|\bunharmed\b",
    re.IGNORECASE,
)
SKIP_ENTS = frozenset(["DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"])


@dataclass
class Candidate:
    value: int
    start: int  # character offsets (document) of the words that state it
    end: int
    kind: str  # number, singular, coordinated, nobody
    features: list[str]


@dataclass
class TollReading:
    value: int
    start: int
    end: int
    probability: float
    candidate: str

    def to_dict(self) -> dict:
        return {
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "probability": round(self.probability, 4),
            "candidate": self.candidate,
        }


def _context(tok: Token, sent: Span, trigger: int | None) -> list[str]:
    head = tok.head
    feats = [
        f"dep={tok.dep_}",
        f"head={head.lemma_.lower()}",
        f"head_dep={head.dep_}",
        f"head2={head.head.lemma_.lower()}",
        f"headpos={head.pos_}",
    ]
    for off in (-3, -2, -1, 1, 2, 3):
        i = tok.i + off
        if sent.start <= i < sent.end:
            w = sent.doc[i]
            feats.append(f"w{off:+d}={w.lemma_.lower()}")
    window = {sent.doc[i].lemma_.lower() for i in range(max(sent.start, tok.i - 4), min(sent.end, tok.i + 5))}
    feats += [f"near_kill={bool(window & KILL_LEMMAS)}", f"near_injure={bool(window & INJURE_LEMMAS)}"]
    feats += [
        f"near={w}" for w in window & {"dead", "death", "body", "injured", "wounded", "hurt", "casualty"}
    ]
    if trigger is not None:
        d = tok.i - trigger
        feats.append(
            "dist="
            + ("0-3" if abs(d) <= 3 else "4-8" if abs(d) <= 8 else "far")
            + (":after" if d > 0 else ":before")
        )
        t = sent.doc[trigger]
        feats.append(f"same_head_as_trigger={head.i in (t.i, t.head.i) or tok.i == t.head.i}")
        feats.append(f"trigger={t.lemma_.lower()}")
    return feats


def _governor(tok: Token) -> Token | None:
    """The nearest verb above ``tok`` ("killed" in "the attack killed 12 people")."""
    head = tok
    for _ in range(4):
        if head.head is head:
            return None
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return head
    return None


def _figure(tok: Token, value: int) -> list[str]:
    """What a number says besides its words (version 1.1 on): its order of magnitude (a single
    incident's toll is rarely in the thousands; a crowd, a force or a yearly count often is),
    and the verb it hangs from (killed, injured, or something else: deployed, remain, reported)."""
    magnitude = "1" if value <= 1 else "2-9" if value < 10 else "10-99" if value < 100 else "100-999"
    feats = [f"magnitude={magnitude if value < 1000 else '1000+'}"]
    verb = _governor(tok)
    if verb is not None:
        lemma = verb.lemma_.lower()
        feats += [f"gov={lemma}", f"gov_kill={lemma in KILL_LEMMAS}", f"gov_injure={lemma in INJURE_LEMMAS}"]
    return feats


def _clock_time(tok: Token) -> bool:
    """A time of day written as wire copy writes it: "at 0600", "(1200 GMT)", "1430 hours"."""
    text = tok.text
    if not (text.isdigit() and len(text) in (3, 4)):
        return False
    nxt = tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else ""
    return text.startswith("0") or nxt in ("gmt", "hours", "hrs", "hr", "utc", "local")


def candidates(sent: Span, trigger: int | None) -> list[Candidate]:
    out: list[Candidate] = []
    for tok in sent:
        if tok.ent_type_ in SKIP_ENTS or tok.lower_ in ("a", "an", "one") and not tok.like_num:
            continue
        value = number_value(tok)
        if value is None or (tok.shape_ == "dddd" and 1900 <= value <= 2100) or _clock_time(tok):
            continue
        out.append(
            Candidate(
                value,
                tok.idx,
                tok.idx + len(tok),
                "number",
                ["kind=number", *_context(tok, sent, trigger), *_figure(tok, value)],
            )
        )
    for tok in sent:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ not in ("nsubjpass", "dobj", "nsubj"):
            continue
        if tok.head.lemma_.lower() not in VICTIM_LEMMAS or any(c.dep_ == "nummod" for c in tok.children):
            continue
        conj = [c for c in tok.subtree if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
        plural = tok.tag_ in ("NNS", "NNPS")
        if plural and not conj:
            continue
        value = 1 + len(conj)
        kind = "coordinated" if conj else "singular"
        out.append(
            Candidate(
                value,
                tok.idx,
                tok.idx + len(tok),
                kind,
                [f"kind={kind}", f"tag={tok.tag_}", *_context(tok, sent, trigger)],
            )
        )
    for m in NOBODY.finditer(sent.text):
        start = sent.start_char + m.start()
        words = m.group(0).lower().split()
        feats = ["kind=nobody", *(f"nobody={w}" for w in words)]
        tail = sent.text[m.end() : m.end() + 40].lower()
        feats += [f"nobody_then_kill={bool(re.search(r'kill|dead|died|death', tail))}"]
        feats += [f"nobody_then_injure={bool(re.search(r'injur|hurt|wound', tail + m.group(0).lower()))}"]
        out.append(Candidate(0, start, sent.start_char + m.end(), "nobody", feats))
    return out


# words that say someone died / was hurt; a sentence with none reports no figure of that kind
_DEATH = re.compile(
    r"\b(?:kill\w*|dead|death\w*|died|dies|dying|fatal\w*|bod(?:y|ies)|corpses?|slain|lynch\w*|"
    r"behead\w*|massacr\w*|murder\w*|execut(?:e|ed|es|ing|ions?)|assassinat\w*|succumb\w*|lives|life|martyr\w*|"
    r"perish\w*|toll|lifeless|shot dead|gunned down|casualt\w*|deceased|(?:burnt|burned) alive|mortally|"
    r"blew (?:himself|herself|themselves) up|eliminat\w*|neutrali[sz]\w*)\b",
    re.IGNORECASE,
)
_HURT = re.compile(
    r"\b(?:injur\w*|wound\w*|hurt|maim\w*|casualt\w*|hospital\w*|unhurt|unharmed|sicken\w*|poison\w*|"
    r"first aid|treatment|blind\w*|gun ?shot|bullet\w*|burns?)\b",
    re.IGNORECASE,
)
EVIDENCE = {"killed": _DEATH, "injured": _HURT}


class TollReader:
    """The shipped toll model (NumPy only). A figure of a kind is printed only where the
    sentence has a word of that kind (``EVIDENCE``: "too was injured" gives no one killed); a
    zero ("no one was hurt") where it has a word of either kind."""

    require_evidence = True

    def __init__(self, directory: Path = MODEL_DIR) -> None:
        self.model = SparseLinearModel.load(directory)
        self.ref = (
            f"{self.model.meta.get('name', 'marsad.event_tolls')}@{self.model.meta.get('version', '?')}"
        )
        self.threshold = float(self.model.meta.get("threshold", THRESHOLD))

    def read(self, sent: Span, trigger: int | None) -> dict[str, TollReading | None]:
        cands = candidates(sent, trigger)
        probs = self.model.predict_many([c.features for c in cands])  # both heads, all candidates at once
        ranked = {
            kind: sorted(
                (
                    TollReading(c.value, c.start, c.end, pr[kind].get("yes", 0.0), c.kind)
                    for c, pr in zip(cands, probs, strict=True)
                    if pr[kind].get("yes", 0.0) >= self.threshold
                ),
                key=lambda r: -r.probability,
            )
            for kind in KINDS
        }
        if self.require_evidence:
            said = {kind: bool(EVIDENCE[kind].search(sent.text)) for kind in KINDS}
            for kind in KINDS:
                # "no one was hurt" says no one was killed either: a zero needs either kind's word
                ranked[kind] = [
                    r for r in ranked[kind] if said[kind] or (r.value == 0 and any(said.values()))
                ]
        out: dict[str, TollReading | None] = {k: (ranked[k][0] if ranked[k] else None) for k in KINDS}
        killed, injured = out["killed"], out["injured"]
        if killed and injured and (killed.start, killed.end) == (injured.start, injured.end) and killed.value:
            # one phrase counts one group of victims, killed or injured, not both ("a soldier was
            # injured"): the likelier head keeps it, the other its next figure
            keep, other = (
                ("killed", "injured") if killed.probability >= injured.probability else ("injured", "killed")
            )
            taken = (out[keep].start, out[keep].end)  # type: ignore[union-attr]
            out[other] = next((r for r in ranked[other] if (r.start, r.end) != taken), None)
        return out


@lru_cache(maxsize=1)
def default_reader() -> TollReader | None:
    """The shipped model, or None when it is missing (the rules' counts then stand)."""
    return TollReader() if (MODEL_DIR / "model.json").exists() else None
