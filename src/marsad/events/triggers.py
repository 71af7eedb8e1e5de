"""Trigger finding: which tokens of a sentence code an event.

Input: a spaCy sentence ``Span`` and the :class:`~marsad.events.lexicon.Lexicon`.
Output: a list of :class:`Trigger` — verbal ("attacked"), nominal ("an attack on",
"clashes between"), multi-word ("took control of") and light-verb constructions
("launched a series of invasions": the noun is the event, the verb gives its actor).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from marsad.events.lexicon import Lexicon, TriggerEntry
from marsad.nlp.memo import LastDocMemo

# nouns between a light verb and its event noun: "a series of invasions", "a wave of attacks"
QUANTIFIER_NOUNS = frozenset(
    [
        "series",
        "wave",
        "string",
        "number",
        "spate",
        "round",
        "lot",
        "campaign",
        "barrage",
        "volley",
        "flurry",
        "couple",
        "dozen",
        "handful",
    ]
)
MAX_GAP = 2
# verbs whose "in"/"on"/"for" phrase names the event they take part in ("engaged in fighting",
# "remained on alert", "went on strike", "left for talks")
PREP_GOVERNORS = {
    "in": frozenset(["engage", "participate", "involve", "join", "take", "partake", "persist", "continue"]),
    "on": frozenset(["remain", "stay", "put", "place", "keep", "go"]),
    "for": frozenset(["leave", "depart", "head", "travel", "fly", "arrive", "come", "go", "return"]),
}
# material verb types that code nothing when their object is a message ("sent a message")
MESSAGE_VERB_TYPES = frozenset(["AID", "RETREAT", "AGREE"])
# noun triggers that an easing verb undoes ("lifted the curfew", "removed sanctions")
EASED_TYPES = frozenset(["COERCE", "SANCTION"])
# noun triggers that a cutting verb ends ("suspended aid", "ended mediation efforts")
CUT_TYPES = frozenset(["AID", "CONSULT", "COOPERATE", "AGREE"])
# verbal event types whose object noun is the topic of the speech act, not a new event
CONTENT_TYPES = frozenset(
    ["ACCUSE", "REJECT", "SUPPORT", "REQUEST", "THREATEN", "PROTEST", "CONCEDE", "AGREE", "SANCTION"]
)


@dataclass
class Trigger:
    token: Token  # the head word of the trigger
    entry: TriggerEntry
    tokens: list[Token]  # every word of the trigger (phrases)
    mode: str | None = None
    governor: Token | None = None  # light verb ("launched") or defensive verb ("repelled")
    defensive: bool = False

    @property
    def is_noun(self) -> bool:
        return self.token.pos_ in ("NOUN", "PROPN")

    @property
    def start(self) -> int:
        return min(t.idx for t in self.tokens)

    @property
    def end(self) -> int:
        return max(t.idx + len(t.text) for t in self.tokens)


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def verb_forms(tok: Token) -> set[str]:
    """The lemma of a verb and plausible base forms of its text: the lemmatiser misses some
    ("staged" → "stag"), so "staged" also yields "stage" and "stag"."""
    low = tok.lower_
    out = {_lemma(tok), low}
    if low.endswith("ed"):
        out.update((low[:-1], low[:-2]))
    elif low.endswith("s"):
        out.add(low[:-1])
    return out


def _match_phrase(sent: Span, i: int, words: tuple[str, ...]) -> list[Token] | None:
    tokens = [sent[i]]
    j = i + 1
    for word in words[1:]:
        found = None
        for k in range(j, min(j + MAX_GAP + 1, len(sent))):
            if _lemma(sent[k]) == word or sent[k].lower_ == word:
                found = k
                break
            if sent[k].pos_ not in ("DET", "ADJ", "ADV", "PART", "PRON", "NUM") and sent[k].text != "-":
                break
        if found is None:
            return None
        tokens.append(sent[found])
        j = found + 1
    return tokens


def nominal_use(tok: Token, lex: Lexicon) -> bool:
    """A word tagged as a verb that is used as a noun: directly followed by "of", with no
    subject, object or clausal complement of its own ("to ensure supply lines and to ease of
    movement"). Verbs that take "of" ("to complain of inaction", cue list ``of_verbs``) are verbs."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is None or nxt.lower_ != "of" or tok.tag_ not in ("VB", "VBP"):
        return False
    if _lemma(tok) in lex.word_set("of_verbs"):
        return False
    deps = {c.dep_ for c in tok.children}
    return not deps & {"nsubj", "nsubjpass", "dobj", "dative", "ccomp", "xcomp", "auxpass", "attr"}


def _reversal(
    noun: Token, entry: TriggerEntry, gov: Token, lex: Lexicon
) -> tuple[TriggerEntry, str | None] | None:
    """The event coded when a verb undoes its object event: easing a restriction, sanction or
    protest is a concession (``ease``); cutting off aid, talks, mediation or cooperation reduces
    relations (``sanction``, mode discontinue)."""
    if noun.dep_ not in ("dobj", "nsubjpass"):
        return None
    forms = verb_forms(gov)
    particle = {c.lower_ for c in gov.children if c.dep_ == "prt"}
    if "off" in particle:  # "called off", "broke off"
        forms = forms | {f"{_lemma(gov)} off"}
    if entry.type in EASED_TYPES and forms & lex.easing_verbs and "ease" in lex.entries:
        return lex.entries["ease"], None
    if entry.type == "PROTEST" and forms & (lex.easing_verbs | lex.cutting_verbs) and "ease" in lex.entries:
        return lex.entries["ease"], None
    if (
        entry.type in CUT_TYPES
        and not entry.has("agreement_noun")
        and forms & lex.cutting_verbs
        and "sanction" in lex.entries
    ):
        return lex.entries["sanction"], "discontinue"
    return None


def _sends_a_message(verb: Token, lex: Lexicon) -> bool:
    """Whether a giving/releasing verb's object is a message, not goods ("sent a condolence
    message", "released the following statement", "paid tribute")."""
    words = lex.word_set("message_words")
    return any(
        t.lemma_.lower() in words or t.lower_ in words
        for c in verb.children
        if c.dep_ == "dobj"
        for t in (c, *(x for x in c.children if x.dep_ in ("compound", "amod")))
    )


def _labour_strike(tok: Token, lex: Lexicon) -> bool:
    """Whether a "strike" noun is a labour strike: a labour modifier ("general", "open-ended",
    "teachers'") or workers as the subject of the clause it sits in ("employees stopped work in
    a strike")."""
    words = lex.word_set("labour_strike_words")
    if any(
        c.dep_ in ("amod", "compound", "nmod", "poss", "nummod") and _lemma(c) in words for c in tok.children
    ):
        return True
    cur = tok
    for _ in range(3):
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            break
    subjects = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
    # "Hundreds of employees": the head of the quantity
    subjects += [
        o for s in subjects for p in s.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"
    ]
    return any(_lemma(s) in lex.word_set("labour_actor_words") for s in subjects)


def governing_verb(tok: Token) -> Token | None:
    """The verb that governs a noun trigger, climbing "a series of": launched ← series ← of ← invasions."""
    cur = tok
    for _ in range(4):
        head = cur.head
        if head.i == cur.i:
            return None
        if (
            cur.dep_ == "pobj"
            and head.dep_ == "prep"
            and head.lower_ == "of"
            and head.head.lemma_.lower() in QUANTIFIER_NOUNS
        ):
            cur = head.head
            continue
        if (
            cur.dep_ == "pobj"
            and head.dep_ == "prep"
            and head.head.pos_ in ("VERB", "AUX")
            and head.head.lemma_.lower() in PREP_GOVERNORS.get(head.lower_, ())
        ):
            # "engaged in fighting", "remained on alert" (but "killed in a gunbattle": a circumstance)
            return head.head
        if cur.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "as" and head.head.pos_ == "VERB":
            return head.head  # "held civilians as human shields"
        if cur.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
            return head
        return None
    return None


def _subject_ids(verb: Token) -> set[int]:
    """Token ids of the subjects of a verb and of the verbs it hangs on (advcl, conj, xcomp)."""
    out: set[int] = set()
    cur = verb
    for _ in range(4):
        out.update(c.i for c in cur.children if c.dep_ in ("nsubj", "nsubjpass"))
        if cur.dep_ not in ("advcl", "conj", "xcomp") or cur.head.i == cur.i:
            break
        cur = cur.head
    return out


# the rule coder and the learned model's features both ask for a sentence's triggers
_MEMO = LastDocMemo()


def find_triggers(sent: Span, lex: Lexicon) -> list[Trigger]:
    """All triggers of a sentence, in text order; nouns absorbed by a verb trigger are dropped.
    Found once per sentence of a document (and lexicon); each caller gets a list of its own."""
    return list(_MEMO.get(sent.doc, (sent.start, sent.end, id(lex)), lambda: _find_triggers(sent, lex)))


def _find_triggers(sent: Span, lex: Lexicon) -> list[Trigger]:
    found: list[Trigger] = []
    covered: set[int] = set()
    for i, tok in enumerate(sent):
        for phrase in lex.phrases.get(_lemma(tok), ()):
            toks = _match_phrase(sent, i, phrase.words)
            if toks and not covered.intersection(t.i for t in toks):
                # the phrase's syntactic head: "hunger strike" → strike, "take control of" → take
                ids = {t.i for t in toks}
                head = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), tok)
                trig = Trigger(head, phrase.entry, toks, mode=phrase.mode or phrase.entry.mode)
                if trig.is_noun:
                    gov = governing_verb(head)
                    if gov is not None and gov.i not in ids and (verb_forms(gov) & lex.light_verbs):
                        trig.governor = gov  # "staged a hunger strike"
                found.append(trig)
                covered.update(ids)
                break
    for tok in sent:
        if tok.i in covered:
            continue
        lemma = _lemma(tok)
        entry = None
        if tok.pos_ == "VERB" and tok.dep_ != "amod":
            if nominal_use(tok, lex):
                continue  # "to ease of movement": a noun the tagger read as a verb
            entry = lex.verbs.get(lemma) or lex.verbs.get(tok.lower_)  # "raped" is lemmatised "rap"
            if entry is not None and entry.type in MESSAGE_VERB_TYPES and _sends_a_message(tok, lex):
                continue  # "sent a condolence message", "released a statement", "paid his respects"
        elif tok.pos_ in ("NOUN", "PROPN") and tok.tag_ not in ("NNP", "NNPS"):
            entry = lex.nouns.get(lemma)
            if entry is None and tok.pos_ == "NOUN" and lemma.endswith("s"):
                entry = lex.nouns.get(tok.lower_)
        if entry is None:
            continue
        mode = entry.mode
        if (
            tok.pos_ == "NOUN"
            and lemma == "strike"
            and "strike_labour" in lex.entries
            and _labour_strike(tok, lex)
        ):
            entry, mode = lex.entries["strike_labour"], "strike"  # "a general strike" is no air strike
        trig = Trigger(tok, entry, [tok], mode=mode)
        if trig.is_noun and entry.has("disaster") and tok.head.lower_ in ("under", "open", "exchange"):
            continue  # "came under fire" is no fire disaster
        if trig.is_noun:
            gov = governing_verb(tok)
            cutter = next(
                (
                    t
                    for t in found
                    if gov is not None and t.token.i == gov.i and t.entry.type in ("SANCTION", "REJECT")
                ),
                None,
            )
            if cutter is not None and entry.type in CUT_TYPES:
                if cutter.entry.type == "SANCTION" and cutter.mode is None:
                    cutter.mode = "discontinue"
                continue  # "broke off talks", "suspended aid": the talks / aid are what is cut off
            reversal = _reversal(tok, entry, gov, lex) if gov is not None and gov.i not in covered else None
            if reversal is not None and gov is not None:
                # "lifted the curfew", "called off the strike": a concession; "suspended aid",
                # "ended the mediation": a reduction of relations — the verb codes the event
                found.append(Trigger(gov, reversal[0], [gov, tok], mode=reversal[1]))
                covered.update((gov.i, tok.i))
                continue
            gov_entry = lex.verbs.get(_lemma(gov)) if gov is not None else None
            if (
                gov_entry is not None
                and gov_entry.type != entry.type
                and gov_entry.type in CONTENT_TYPES
                and not verb_forms(gov) & lex.light_verbs  # "signed a truce", "committed an attack"
                # "offered his condolences": the condolences are the act, not what is offered
                and not (entry.has("statement") and gov_entry.type == "AGREE")
            ):
                continue  # "condemned the attack": the attack is what is condemned, coded elsewhere
            if gov_entry is not None and gov_entry.type == "AID" and entry.type in ("SUPPORT", "AID"):
                continue  # "provided support to": the support given is material aid, coded by the verb
            if (
                gov_entry is not None
                and (gov_entry.has("group_object") or gov_entry.has("base_object"))
                and lemma in lex.word_set("base_words" if gov_entry.has("base_object") else "group_words")
            ):
                gov = None  # "formed a new alliance": the verb codes the event ("opened an inquiry" does not)
            if gov is not None and _lemma(gov) in lex.defensive_verbs:
                trig.governor, trig.defensive = gov, True
            elif gov is not None and (
                verb_forms(gov) & lex.light_verbs
                or _lemma(gov) in lex.verbs
                or any(_lemma(gov) in verbs for verbs in PREP_GOVERNORS.values())
            ):
                trig.governor = gov
            elif entry.has("light_verb_only"):
                continue
        found.append(trig)
    # an easing verb coded with its object ("lifted the curfew") replaces the bare verb trigger
    eased = {t.token.i for t in found if len(t.tokens) > 1 and t.entry.id in ("ease", "sanction")}
    found = [t for t in found if t.token.i not in eased or len(t.tokens) > 1]
    # a verb whose subject is a disaster ("An earthquake struck Herat, killing 1,000") codes no attack
    disasters = {t.token.i for t in found if t.entry.has("disaster") and t.is_noun}
    if disasters:
        found = [t for t in found if t.is_noun or not (_subject_ids(t.token) & disasters)]
    # a verb trigger that only governs a noun trigger ("fighting great battles") is absorbed by it
    governors = {t.governor.i for t in found if t.governor is not None}
    kept = [t for t in found if not (not t.is_noun and t.token.i in governors)]
    # a noun trigger that is the subject of a verb trigger ("Those invasions targeted") is absorbed
    verb_ids = {t.token.i for t in kept if not t.is_noun}
    kept = [
        t
        for t in kept
        if t.entry.has("disaster")
        or not (t.is_noun and t.token.dep_ in ("nsubj", "nsubjpass") and t.token.head.i in verb_ids)
    ]
    return sorted(kept, key=lambda t: t.token.i)
