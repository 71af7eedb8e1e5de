"""Roles and affiliations of persons from appositions and possessives:

* "Abu Dhar al-Iraqi, the ISIS emir in al-Mayadin"  → role emir, member of ISIS, place al-Mayadin
* "X, the leader of ISIS"                          → role leader of ISIS
* "Jabhat al-Nusra's grand mufti, Abu Maria al-Qahtani" / "ISIS leader Abu Bakr al-Baghdadi"
* "when he was an ISIS official" / "former ISIS commander X" → status former

Input: the spaCy Doc and the selected mentions (Candidates). Output: one role dict per
finding, keyed by person actor id (see :func:`find_roles`).
"""

from __future__ import annotations

from typing import Any

from marsad.actors.kb import COLLECTIVE_KINDS, ActorKB, RoleSense
from marsad.actors.matching import Candidate, _words_of

ORG_KINDS = COLLECTIVE_KINDS
DETERMINERS = {"the", "a", "an", "its", "their"}
FORMER_WORDS = {"former", "ex", "onetime", "one-time", "erstwhile", "then"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}


def _role_at(sdoc: Any, kb: ActorKB, i: int) -> tuple[RoleSense, int] | None:
    """The longest role phrase starting at token ``i`` → (sense, end token)."""
    for n in (3, 2, 1):
        if i + n > len(sdoc):
            continue
        sense = kb.role(_words_of(sdoc, i, i + n))
        if sense is not None:
            return sense, i + n
    return None


def _role_ending_at(sdoc: Any, kb: ActorKB, end: int) -> tuple[RoleSense, int] | None:
    """The longest role phrase ending at token ``end`` (exclusive) → (sense, start token)."""
    for n in (3, 2, 1):
        if end - n < 0:
            continue
        sense = kb.role(_words_of(sdoc, end - n, end))
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
        out += _before_person(sdoc, kb, p, ends)
    return out


def _after_person(
    sdoc: Any, kb: ActorKB, p: Candidate, by_token: dict[int, Candidate]
) -> list[dict[str, Any]]:
    """ "P, the ORG ROLE in PLACE" / "P, the ROLE of ORG" / "P was an ORG ROLE"."""
    i = p.end
    if i >= len(sdoc):
        return []
    pattern = "apposition"
    if sdoc[i].text == ",":
        i += 1
    elif sdoc[i].lemma_ == "be" and p.method == "coref":
        pattern = "copula"
        i += 1
    else:
        return []
    start_mod = i
    if i < len(sdoc) and sdoc[i].lower_ in DETERMINERS:
        i += 1
    while i < len(sdoc) and sdoc[i].lower_ in FORMER_WORDS | {"-", "senior", "top", "local", "then"}:
        i += 1
    status = "former" if pattern == "copula" and sdoc[p.end].lower_ in ("was", "were") else "current"
    org = _mention_at(by_token, i)
    if org is not None and org.kind in ORG_KINDS:
        j = org.end
        if j < len(sdoc) and sdoc[j].text in ("'s", "’s"):
            j += 1
        hit = _role_at(sdoc, kb, j)
        if hit is None:
            return []
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
    if end < len(sdoc) and sdoc[end].lower_ in ("of", "in", "for", "at"):
        k = end + 1
        if k < len(sdoc) and sdoc[k].lower_ == "the":
            k += 1
        org = _mention_at(by_token, k)
        if org is not None and org.kind in ORG_KINDS:
            if _is_former(sdoc, start_mod, i):
                status = "former"
            return [_role(p, org, sense, sdoc[i:end].text, None, status, sdoc, p.start, org.end, pattern)]
    return []


def _before_person(sdoc: Any, kb: ActorKB, p: Candidate, ends: dict[int, Candidate]) -> list[dict[str, Any]]:
    """ "ORG's ROLE, P" / "ORG ROLE P" / "former ORG ROLE P" (P a name, not a pronoun)."""
    if p.method == "coref":
        return []
    j = p.start
    if j > 0 and sdoc[j - 1].text == ",":
        j -= 1
    hit = _role_ending_at(sdoc, kb, j)
    if hit is None:
        return []
    sense, role_start = hit
    k = role_start
    while k > 0 and sdoc[k - 1].lower_ in {"senior", "top", "military", "local", "former", "ex", "-"}:
        k -= 1
    if k > 0 and sdoc[k - 1].text in ("'s", "’s"):
        k -= 1
    org = ends.get(k)
    if org is None or org.kind not in ORG_KINDS or sdoc[org.start].sent.start != sdoc[p.start].sent.start:
        return []
    status = "former" if _is_former(sdoc, org.start - 2, p.start) else "current"
    t0 = org.start
    return [
        _role(p, org, sense, sdoc[role_start:j].text, None, status, sdoc, t0, p.end, "possessive/premodifier")
    ]
