"""Roles and affiliations of persons from appositions and possessives:

* "Abu Dhar al-Iraqi, the ISIS emir in al-Mayadin"  → role emir, member of ISIS, place al-Mayadin
* "X, the leader of ISIS"                          → role leader of ISIS
* "Jabhat al-Nusra's grand mufti, Abu Maria al-Qahtani" / "ISIS leader Abu Bakr al-Baghdadi"
* "when he was an ISIS official" / "former ISIS commander X" → status former

Input: the spaCy Doc and the selected mentions (Candidates). Output: one role dict per
finding, keyed by person actor id (see :func:`find_roles`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from marsad.actors.kb import COLLECTIVE_KINDS, ORGANISED_SECTORS, ActorKB, RoleSense
from marsad.actors.matching import Candidate, _words_of, generic_id, nationality_left_of
from marsad.actors.normalize import alias_words

ORG_KINDS = COLLECTIVE_KINDS
DETERMINERS = {"the", "a", "an", "its", "their"}
FORMER_WORDS = {"former", "ex", "onetime", "one-time", "erstwhile", "then"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
ROLE_TITLES = Path(__file__).parent / "data" / "role_titles.yaml"
# words inside a chain of titles between an organisation and a name ("Acting Assistant
# Commissioner"); the first three make its head role a deputy's, never the leader's
DEPUTY_WORDS = {"deputy", "assistant", "vice"}
TITLE_MODIFIERS = DEPUTY_WORDS | {
    "acting",
    "senior",
    "top",
    "military",
    "local",
    "regional",
    "provincial",
    "district",
    "general",
    "chief",
    "former",
    "ex",
    "-",
    ".",
}
MAX_TITLE_WORDS = 6
NAMING_NOTHING = TITLE_MODIFIERS | FORMER_WORDS  # "the former acting president" names no state
# titles of those who head a state or its government: "President X" leads the state the sentence
# names (guide §13)
HEAD_OF_STATE_TITLES = ("president", "prime minister", "premier", "dictator", "king", "queen", "chancellor")
# prepositions before a state that is a place, not the state a title is of ("arrived in Mexico")
PLACE_PREPOSITIONS = frozenset(
    ["in", "to", "into", "at", "from", "near", "across", "toward", "towards", "visit", "visited"]
)
# verbs whose subject (or passive agent) heads their object: "X heads the cartel", "led by X"
LEADING_VERBS = frozenset(["lead", "head", "command", "chair"])
NAMING_VERBS = frozenset(["identify", "name"])
# roles that a state's name before them makes offices of its government ("Peruvian President
# X", "Pakistani envoy X"); a "Spanish director" or "Pakistani commander" holds no such office
STATE_OFFICES = {"president", "minister", "leader", "deputy leader", "spokesman", "official", "diplomat"}


@lru_cache(maxsize=1)
def extra_roles() -> dict[tuple[str, ...], RoleSense]:
    """Titles and ranks the knowledge base's role nouns leave out (``data/role_titles.yaml``)."""
    out: dict[tuple[str, ...], RoleSense] = {}
    for r in yaml.safe_load(ROLE_TITLES.read_text(encoding="utf-8")):
        for noun in r["nouns"]:
            out.setdefault(alias_words(str(noun)), RoleSense(r["role"], bool(r.get("leads"))))
    return out


def _sense(kb: ActorKB, words: tuple[str, ...]) -> RoleSense | None:
    return kb.role(words) or extra_roles().get(words)


def _role_at(sdoc: Any, kb: ActorKB, i: int) -> tuple[RoleSense, int] | None:
    """The longest role phrase starting at token ``i`` → (sense, end token)."""
    for n in (3, 2, 1):
        if i + n > len(sdoc):
            continue
        sense = _sense(kb, _words_of(sdoc, i, i + n))
        if sense is not None:
            return sense, i + n
    return None


def _role_ending_at(sdoc: Any, kb: ActorKB, end: int) -> tuple[RoleSense, int] | None:
    """The longest role phrase ending at token ``end`` (exclusive) → (sense, start token)."""
    for n in (3, 2, 1):
        if end - n < 0:
            continue
        sense = _sense(kb, _words_of(sdoc, end - n, end))
        if sense is not None:
            return sense, end - n
    return None


def _place_after(sdoc: Any, i: int) -> tuple[str, int] | None:
    """A place phrase at token ``i`` ("al-Mayadin", "Deir ez-Zour") → (text, end token)."""
    j = i
    if j < len(sdoc) and sdoc[j].lower_ == "the":
        j += 1
    end = j
    while end < len(sdoc):
        tok = sdoc[end]
        if (
            tok.ent_type_ in PLACE_LABELS
            or tok.pos_ == "PROPN"
            or (tok.text == "-" and not tok.whitespace_ and end > j)
        ):
            end += 1
            continue
        if tok.lower_ in ("al", "el", "ez", "az") and end + 1 < len(sdoc) and sdoc[end + 1].text == "-":
            end += 1
            continue
        break
    return (sdoc[j:end].text, end) if end > j else None


def _mention_at(by_token: dict[int, Candidate], i: int) -> Candidate | None:
    return by_token.get(i)


def _is_former(sdoc: Any, lo: int, hi: int) -> bool:
    return any(sdoc[k].lower_ in FORMER_WORDS for k in range(max(0, lo), min(hi, len(sdoc))))


def _role(
    person: Candidate,
    org: Candidate,
    sense: RoleSense,
    role_text: str,
    place: str | None,
    status: str,
    sdoc: Any,
    t0: int,
    t1: int,
    pattern: str,
) -> dict[str, Any]:
    span = sdoc[t0:t1]
    return {
        "person": person.actor_id,
        "role": sense.role,
        "role_text": role_text.strip(".,;:"),
        "leads": sense.leads,
        "organization": org.actor_id,
        # where the organisation is named: the id it ends with once the document's country is
        # known ("military police" → Brazil's) is the one the role must name
        "organization_tokens": (org.start, org.end),
        # the candidate itself: an organisation named only inside a person's title ("Honduran
        # President X", "military spokesman X") is no mention of its own once the title joins
        # the person's span; the resolver makes it an actor from this
        "organization_candidate": org,
        "place": place,
        "status": status,
        "evidence": {"text": span.text, "start": span.start_char, "end": span.end_char},
        "reason": f"{pattern}: '{span.text}'",
    }


def find_roles(sdoc: Any, kb: ActorKB, mentions: list[Candidate]) -> list[dict[str, Any]]:
    """Role findings for person mentions (including coreferent pronouns) in ``mentions``."""
    by_token: dict[int, Candidate] = {}
    for m in mentions:
        by_token.setdefault(m.start, m)
    ends: dict[int, Candidate] = {m.end: m for m in mentions}
    out: list[dict[str, Any]] = []
    for p in mentions:
        if p.kind != "person":
            continue
        out += _after_person(sdoc, kb, p, by_token)
        out += _before_person(sdoc, kb, p, ends, mentions)
        out += _role_of_before(sdoc, kb, p, ends)
        out += _named_member(sdoc, kb, p, mentions)
        out += _led_by(sdoc, p, mentions)
    return out


def _after_person(
    sdoc: Any, kb: ActorKB, p: Candidate, by_token: dict[int, Candidate]
) -> list[dict[str, Any]]:
    """ "P, the ORG ROLE in PLACE" / "P, the ROLE of ORG" / "P was an ORG ROLE" / "P, the
    U.S. president" (a mention of an organisation that ends on a role)."""
    found = _appositive_role(sdoc, kb, p, by_token)
    if found or p.end >= len(sdoc) or sdoc[p.end].text != ",":
        return found
    i = p.end + 1
    own = _titled_organisation(sdoc, kb, by_token.get(i) or by_token.get(i + 1))
    if own is None or own[0].start > i + 1:
        return []
    g, sense, t = own
    status = "former" if _is_former(sdoc, i, t) else "current"
    return [_role(p, g, sense, sdoc[t : g.end].text, None, status, sdoc, p.start, g.end, "apposition")]


def _appositive_role(
    sdoc: Any, kb: ActorKB, p: Candidate, by_token: dict[int, Candidate]
) -> list[dict[str, Any]]:
    i = p.end
    if i >= len(sdoc):
        return []
    pattern = "apposition"
    if sdoc[i].text == ",":
        i += 1
    elif sdoc[i].lemma_ == "be" and (p.method == "coref" or _subject_of(sdoc, p, i)):
        pattern = "copula"
        i += 1
    elif sdoc[i].lower_ != "the":  # "X the chief of Y": reports written without commas
        return []
    start_mod = i
    holder = by_token.get(i)
    held = _role_held(sdoc, kb, holder) if holder is not None else None
    if held is not None:  # "X, the chief of al Qaeda", the description bound to al Qaeda
        sense, role_text = held
        status = "former" if pattern == "copula" and sdoc[p.end].lower_ in ("was", "were") else "current"
        if _is_former(sdoc, holder.start, holder.end):
            status = "former"
        return [_role(p, holder, sense, role_text, None, status, sdoc, p.start, holder.end, pattern)]
    if i < len(sdoc) and sdoc[i].lower_ in DETERMINERS:
        i += 1
    while i < len(sdoc) and sdoc[i].lower_ in FORMER_WORDS | {"-", "senior", "top", "local", "then"}:
        i += 1
    for _ in range(2):  # "a leading doctor at X", "a veteran prosecutor of X"
        if (
            i + 1 < len(sdoc)
            and sdoc[i].pos_ == "ADJ"
            and _role_at(sdoc, kb, i) is None
            and sdoc[i].ent_type_ != "NORP"
        ):
            i += 1
    status = "former" if pattern == "copula" and sdoc[p.end].lower_ in ("was", "were") else "current"
    org = _mention_at(by_token, i)
    hit = None
    if org is not None and org.kind in ORG_KINDS:
        j = org.end
        if j < len(sdoc) and sdoc[j].text in ("'s", "’s"):
            j += 1
        hit = _role_at(sdoc, kb, j)
    if org is not None and hit is not None:
        sense, end = hit
        role_text = sdoc[j:end].text
        place = None
        if end < len(sdoc) and sdoc[end].lower_ in ("in", "of", "for"):
            got = _place_after(sdoc, end + 1)
            if got is not None:
                place, end = got
        if _is_former(sdoc, start_mod, org.start):
            status = "former"
        return [_role(p, org, sense, role_text, place, status, sdoc, p.start, end, pattern)]
    hit = _role_at(sdoc, kb, i)
    if hit is None:
        return []
    sense, end = hit
    mods_from = start_mod
    # "former foreign minister and current secretary general of X": the last role is the one of X
    if end < len(sdoc) and sdoc[end].lower_ == "and":
        k = end + 1
        while k < len(sdoc) and sdoc[k].lower_ in FORMER_WORDS | {"current", "now", "also"}:
            k += 1
        second = _role_at(sdoc, kb, k)
        if second is not None:
            mods_from, i, (sense, end) = end + 1, k, second
    if _is_former(sdoc, mods_from, i):
        status = "former"
    described = by_token.get(i)  # "secretary general of the ruling X", bound as X's description
    if described is not None and described.kind in ORG_KINDS and described.end > end:
        return [
            _role(p, described, sense, sdoc[i:end].text, None, status, sdoc, p.start, described.end, pattern)
        ]
    if end < len(sdoc) and sdoc[end].lower_ in ("of", "in", "for", "at"):
        org = _organisation_from(sdoc, by_token, end + 1)
        if org is not None:
            return [_role(p, org, sense, sdoc[i:end].text, None, status, sdoc, p.start, org.end, pattern)]
    return []


def _subject_of(sdoc: Any, p: Candidate, verb: int) -> bool:
    """Whether the name ``p`` is the subject of the copula at token ``verb`` ("X was a member
    of Y"), not a name inside another subject ("the wife of X was …")."""
    root = sdoc[p.start : p.end].root
    return root.dep_ == "nsubj" and root.head.i == verb


def _role_held(sdoc: Any, kb: ActorKB, m: Candidate) -> tuple[RoleSense, str] | None:
    """The role an organisation's mention holds before its name ("the chief of al Qaeda",
    "one-time leader of the Gulf Cartel", "an active member of the Socialist Party", bound to
    the organisation) → (sense, role words); None when the mention does not start so."""
    if m.kind not in ORG_KINDS:
        return None
    i = m.start
    while i < m.end and (
        sdoc[i].lower_ in DETERMINERS | FORMER_WORDS | TITLE_MODIFIERS or sdoc[i].pos_ == "ADJ"
    ):
        if _role_at(sdoc, kb, i) is not None:
            break
        i += 1
    hit = _role_at(sdoc, kb, i) if i < m.end else None
    if hit is None or hit[1] >= m.end - 1 or sdoc[hit[1]].lower_ != "of":
        return None
    return hit[0], sdoc[i : hit[1]].text


def _organisation_from(sdoc: Any, by_token: dict[int, Candidate], k: int, limit: int = 3) -> Candidate | None:
    """The organisation mention at token ``k``, or a few words on past what only qualifies it
    ("the ruling X", "Rio's military police": the police, not Rio)."""
    for x in range(k, min(len(sdoc), k + limit + 1)):
        m = by_token.get(x)
        possessive = m is not None and m.end < len(sdoc) and sdoc[m.end].text in ("'s", "’s")
        if m is not None and m.kind in ORG_KINDS and not possessive:
            return m
        tok = sdoc[x]
        if not (
            tok.pos_ in ("ADJ", "PROPN", "DET", "PART")
            or tok.tag_ in ("VBG", "VBN")
            or tok.text in ("'s", "’s")
        ):
            return None
    return None


def _before_person(
    sdoc: Any, kb: ActorKB, p: Candidate, ends: dict[int, Candidate], mentions: list[Candidate]
) -> list[dict[str, Any]]:
    """ "ORG's ROLE, P" / "ORG ROLE P" / "former ORG ROLE P" / "ORG Acting Assistant Commissioner P"
    / "the ORG ROLE, RANK P"; the organisation may be a mention that holds the title ("the army
    spokesman, Colonel P") or words of the title no mention holds ("Honduran President P",
    "Police officer P": :func:`_organisation_before`). P a name, not a pronoun."""
    if p.method == "coref":
        return []
    j = _before_name(sdoc, kb, p)
    # back over the chain of titles between the organisation and the name: role phrases, their
    # modifiers and ranks ("Road Policing Command Acting Assistant Commissioner X")
    roles: list[tuple[RoleSense, int]] = []
    k = j
    while k > 0 and j - k < MAX_TITLE_WORDS:
        hit = _role_ending_at(sdoc, kb, k)
        if hit is not None:
            roles.append(hit)
            k = hit[1]
        elif sdoc[k - 1].lower_ in TITLE_MODIFIERS:
            k -= 1
        elif roles and sdoc[k - 1].text == "," and _role_ending_at(sdoc, kb, k - 1) is not None:
            k -= 1  # "the army spokesman, Colonel P": the rank, then the role it is given
        elif not roles and _title_acronym(sdoc, k - 1) and _role_ending_at(sdoc, kb, k - 1) is not None:
            k -= 1  # "CRPF Inspector General IG P": the title, then its abbreviation
        else:
            break
    if not roles:
        return []
    sense = roles[-1][0]  # the title nearest the organisation is the one it gives
    if sense.leads and any(sdoc[x].lower_ in DEPUTY_WORDS for x in range(k, j)):
        sense = RoleSense(sense.role)
    title_start = k
    if k > 0 and sdoc[k - 1].text in ("'s", "’s"):
        k -= 1
    org = ends.get(k)
    if org is None or org.kind not in ORG_KINDS:
        org = _organisation_before(sdoc, kb, mentions, sense, title_start, roles[-1][1], j)
    pattern = "possessive/premodifier"
    if org is None and _heads_a_state(sdoc[title_start:j]):
        org, pattern = _state_of_sentence(sdoc, p, mentions), "head of the state the sentence names"
        sense = RoleSense(sense.role, True)
    if org is None or org.kind not in ORG_KINDS or sdoc[org.start].sent.start != sdoc[p.start].sent.start:
        return []
    status = "former" if _is_former(sdoc, min(org.start, title_start) - 2, p.start) else "current"
    t0, t1 = min(org.start, title_start), max(org.end, p.end)
    return [_role(p, org, sense, sdoc[title_start:j].text, None, status, sdoc, t0, t1, pattern)]


def _role_of_before(sdoc: Any, kb: ActorKB, p: Candidate, ends: dict[int, Candidate]) -> list[dict[str, Any]]:
    """ "the ROLE of ORG, P": "the former leader of the Juarez Cartel, Vicente Carrillo Fuentes",
    "a minister of the Evangelical Presbyterian Church, Brunson" (the comma may be missing). P a
    name."""
    if p.method == "coref":
        return []
    j = _before_name(sdoc, kb, p)
    org = ends.get(j)
    if org is None or org.kind not in ORG_KINDS:
        return []
    held = _role_held(sdoc, kb, org)  # "the president of Uruguay, X", one mention of Uruguay's government
    if held is not None:
        status = "former" if _is_former(sdoc, org.start - 1, org.end) else "current"
        pattern = "role of an organisation before the name"
        return [_role(p, org, held[0], held[1], None, status, sdoc, org.start, p.end, pattern)]
    if org.start < 2:
        return []
    k = org.start
    if sdoc[k - 1].lower_ == "the":
        k -= 1
    if sdoc[k - 1].lower_ != "of":
        return []
    hit = _role_ending_at(sdoc, kb, k - 1)
    if hit is None:
        return []
    sense, r0 = hit
    if sdoc[r0].sent.start != sdoc[p.start].sent.start:
        return []
    status = "former" if _is_former(sdoc, r0 - 2, r0) else "current"
    return [
        _role(
            p,
            org,
            sense,
            sdoc[r0 : k - 1].text,
            None,
            status,
            sdoc,
            r0,
            p.end,
            "role of an organisation before the name",
        )
    ]


def _heads_a_state(title: Any) -> bool:
    """Whether a title is a head of state's or government's ("President", "Prime Minister")."""
    words = " ".join(t.lower_ for t in title if t.is_alpha)
    return any(f" {w} " in f" {words} " for w in HEAD_OF_STATE_TITLES) and not (
        {t.lower_ for t in title} & (DEPUTY_WORDS | {"elect", "-"})
    )


def _state_of_sentence(sdoc: Any, p: Candidate, mentions: list[Candidate]) -> Candidate | None:
    """The one state a sentence names, not as a place one goes to or is in ("President X's
    term … Mexico has become"; not "President X arrived in Mexico"), and not another state than
    the person's own."""
    sent = sdoc[p.start].sent
    states = {
        m.actor_id: m
        for m in mentions
        if m.kind == "state"
        and sent.start <= m.start < sent.end
        and (m.start == 0 or sdoc[m.start - 1].lower_ not in PLACE_PREPOSITIONS)
    }
    if len(states) != 1:
        return None
    state = next(iter(states.values()))
    return state if p.country in (None, state.actor_id) else None


def _named_member(sdoc: Any, kb: ActorKB, p: Candidate, mentions: list[Candidate]) -> list[dict[str, Any]]:
    """A name given to members of an organised body: "two Policemen, identified as X and Y",
    "the slain policemen were identified as X", "two CRPF jawans, X and Y" → member of it.
    Civilians and unidentified gunmen are no body one is a member of (guide §13), and a role
    noun ("the leader, X") names a role, not the members of a body."""
    if p.method == "coref":
        return []
    tok = sdoc[p.start : p.end].root
    while tok.dep_ == "conj" and tok.head.i < tok.i:  # "X and Y": Y as X
        tok = tok.head
    appositive = tok.dep_ == "appos" and tok.head.i < p.start
    described = tok.head if appositive else identified_as(tok)
    if described is None or _sense(kb, (described.lower_,)) is not None:
        return []  # "its leader, X", "the spokeswoman, X": a role, read by the title patterns
    # the body's mention holds the noun, or names it before it ("CRPF jawans": the CRPF)
    held = [described.i] + [c.i for c in described.children if c.dep_ in ("compound", "poss", "amod")]
    body = next((m for i in held for m in mentions if m.start <= i < m.end and m is not p), None)
    if body is None or body.kind not in ORG_KINDS or body.sector not in ORGANISED_SECTORS - {"UAF"}:
        return []
    named = body.method != "generic" and body.start <= described.i < body.end
    if appositive and (kb.agent((described.lower_,)) is None or named):
        return []  # "the FMLN, X", "the Juarez Cartel, X": a name beside a group's name is no member
    sense = RoleSense("member")
    pattern = "apposition to members" if appositive else "named as one of"
    lo, hi = min(body.start, p.start), max(body.end, p.end)
    return [_role(p, body, sense, sdoc[body.start : body.end].text, None, "current", sdoc, lo, hi, pattern)]


def identified_as(tok: Any) -> Any | None:
    """The noun a naming verb gives the names of, for a name after its "as" ("two policemen,
    identified as X and Y"; "the slain policemen were identified as X"), the way reports of
    South Asian incidents name the dead and the wounded."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "as" or prep.head.lemma_ not in NAMING_VERBS:
        return None
    verb = prep.head
    if verb.dep_ == "acl":
        return verb.head
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def _led_by(sdoc: Any, p: Candidate, mentions: list[Candidate]) -> list[dict[str, Any]]:
    """A person a verb of leading names as the head of an organisation: "the ELN, which is led
    by Manuel Pérez", "a cell headed by X", "X, who commands the 4th Brigade", "X heads the
    Gulf Cartel"."""
    tok = sdoc[p.start : p.end].root
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    verb, org_tok = None, None
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent" and tok.head.head.lemma_ in LEADING_VERBS:
        verb = tok.head.head
        org_tok = verb.head if verb.dep_ in ("acl", "relcl") else None
        org_tok = org_tok or next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    elif tok.dep_ == "nsubj" and tok.head.lemma_ in LEADING_VERBS and tok.head.tag_ != "VBN":
        verb = tok.head
        org_tok = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if org_tok is None:
        return []
    org = next((m for m in mentions if m.start <= org_tok.i < m.end and m is not p), None)
    if org is None or org.kind not in ORG_KINDS:
        return []
    lo, hi = min(org.start, p.start), max(org.end, p.end)
    return [
        _role(p, org, RoleSense("leader", True), verb.text, None, "current", sdoc, lo, hi, "verb of leading")
    ]


def _before_name(sdoc: Any, kb: ActorKB, p: Candidate) -> int:
    """Where what precedes the name ends: its first word, or the comma before it ("…, X")."""
    j = _name_start(sdoc, kb, p)
    return j - 1 if j > 0 and sdoc[j - 1].text == "," else j


def _name_start(sdoc: Any, kb: ActorKB, p: Candidate) -> int:
    """The first token of the name proper in a person's mention that took in its title ("BSF
    Assistant Commandant Gajender Singh" → "Gajender")."""
    for t in range(p.end - 1, p.start, -1):
        if _role_ending_at(sdoc, kb, t) is not None:
            return t
    return p.start


def _title_acronym(sdoc: Any, i: int) -> bool:
    """A title's abbreviation after it ("IG", "SP", "DSP"), in a text not written in capitals."""
    tok = sdoc[i]
    return (
        tok.is_alpha and tok.is_upper and 2 <= len(tok.text) <= 5 and any(c.islower() for c in tok.sent.text)
    )


def _named_before(sdoc: Any, kb: ActorKB, g: Candidate, t: int) -> bool:
    """Whether the words of ``g`` before token ``t`` name an organisation: a name, a
    nationality or an agent noun ("the U.S. president", "the army spokesman"); "the president",
    "its maximum leader" name none (the guide's sides need the organisation named)."""
    return any(
        tok.pos_ == "PROPN"
        or tok.ent_type_ in ("ORG", "GPE", "NORP")
        or kb.agent(_words_of(sdoc, tok.i, tok.i + 1)) is not None
        for tok in sdoc[g.start : t]
        if tok.lower_ not in NAMING_NOTHING
    )


def _titled_organisation(
    sdoc: Any, kb: ActorKB, g: Candidate | None
) -> tuple[Candidate, RoleSense, int] | None:
    """A mention of an organisation that ends on a role ("the U.S. president", "the army
    spokesman") → (the mention, the role, the role's first token); a role alone names none."""
    if g is None or g.kind not in ORG_KINDS:
        return None
    ending = _role_ending_at(sdoc, kb, g.end)
    if ending is None or not _named_before(sdoc, kb, g, ending[1]):
        return None
    return g, ending[0], ending[1]


def _organisation_before(
    sdoc: Any,
    kb: ActorKB,
    mentions: list[Candidate],
    role: RoleSense,
    title_start: int,
    role_start: int,
    name_start: int,
) -> Candidate | None:
    """The organisation of a title that no mention ends before: a mention holding the title
    ("the army spokesman, Colonel P"), else the words right before its role — a state
    ("Honduran President P", "Brazil President P": the state's government) or an agent noun
    with its nationality ("Police officer P", "military spokesman P", "Nicaraguan contra
    commander P") — as a new candidate."""
    for g in mentions:
        if (
            g.kind in ORG_KINDS
            and g.start < role_start < g.end <= name_start
            and _named_before(sdoc, kb, g, role_start)
        ):
            return g
    ends = [role_start] + ([title_start] if title_start < role_start else [])
    # "Mexico's Interior Secretary P": the state's name before its possessive
    ends = [e - 1 if e > 0 and sdoc[e - 1].text in ("'s", "’s") else e for e in ends]
    windows = [(end - n, end) for end in ends for n in (3, 2, 1)]
    government = kb.sector_senses.get("GOV")
    for s0, end in windows:
        if s0 < 0 or any(tok.is_punct or tok.is_space for tok in sdoc[s0:end]):
            continue
        if any(g.start < end and s0 < g.end for g in mentions if g.kind not in ORG_KINDS):
            continue  # the words belong to another mention (a person, a place)
        words = _words_of(sdoc, s0, end)
        state = kb.state_by_demonym(words) or kb.state_by_name(words)
        if state is not None and government is not None and role.role in STATE_OFFICES:
            return Candidate(
                s0,
                end,
                generic_id(government, state, None),
                "generic",
                f"'{sdoc[s0:end].text}' before a title names the state of the office → {state.id}",
                government.kind,
                government.sector,
                state.id,
                extra={"sense": government, "identity": None},
            )
        sense = kb.agent(words)
        if sense is None or sense.kind not in ORG_KINDS:
            continue
        start, state, identity, why = nationality_left_of(sdoc, kb, s0)
        return Candidate(
            start,
            end,
            generic_id(sense, state, identity),
            "generic",
            f"generic agent '{sdoc[s0:end].text}' in a title → sector {sense.sector}"
            + (f"; {why}" if why else "; no nationality"),
            sense.kind,
            sense.sector,
            state.id if state else None,
            extra={"sense": sense, "identity": identity},
        )
    return None
