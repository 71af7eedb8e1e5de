"""Names of organisations the entity recogniser missed, found by their last word.

The small spaCy model often reads only the place at the start of an organisation's name
("Alberta" in "the Alberta Liquor Store Association", "London" in "the London Homeless
Coalition") or nothing at all. A run of capitalised words, joined at most by "of", "for",
"and" or "&", that ends on a word naming a kind of organisation
(``data/organisation_heads.yaml``) is taken as a name.

Input: the spaCy Doc and the tokens other candidates already hold. Output: token spans
``(start, end)`` of names, each of at least two words, none overlapping a held token.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

HEADS_FILE = Path(__file__).parent / "data" / "organisation_heads.yaml"
JOINERS = frozenset(["of", "for", "and", "&"])
MAX_WORDS = 10


@lru_cache(maxsize=1)
def organisation_heads() -> frozenset[str]:
    return frozenset(str(w) for w in yaml.safe_load(HEADS_FILE.read_text(encoding="utf-8"))["heads"])


def _capitalised(tok: Any) -> bool:
    """A word with a capital initial, or an acronym ("U.S.", "FBI"; not the article "A")."""
    if tok.is_upper:
        return len(tok) > 1
    return tok.is_alpha and tok.text[0].isupper()


def organisation_names(sdoc: Any, taken: set[int]) -> list[tuple[int, int]]:
    """Token spans of organisation names ending on an organisation word (see module doc)."""
    heads = organisation_heads()
    out: list[tuple[int, int]] = []
    for sent in sdoc.sents:
        if _headline(sent):
            continue  # in capitals or in title case, every word looks like a name
        i = sent.end - 1
        while i > sent.start:
            tok = sdoc[i]
            if tok.lower_ not in heads or not _capitalised(tok) or i in taken:
                i -= 1
                continue
            start = _first_word(sdoc, sent.start, i, taken)
            if start is not None and not _recognised(sdoc[start : i + 1]):
                out.append((start, i + 1))
                i = start - 1
            else:
                i -= 1
    return sorted(out)


def _headline(sent: Any) -> bool:
    """In capitals, or in title case: no word of four letters or more in lower case."""
    return not any(t.is_alpha and len(t) > 3 and t.text[0].islower() for t in sent)


def _recognised(span: Any) -> bool:
    """Whether the entity recogniser already read the whole name, as an organisation (its own
    rules take it) or as a place ("Kurram Agency", "Bajaur Agency": districts of Pakistan)."""
    labels = {t.ent_type_ for t in span}
    return labels == {"ORG"} or labels <= {"GPE", "LOC", "FAC"}


def _first_word(sdoc: Any, floor: int, head: int, taken: set[int]) -> int | None:
    """The first word of the name ending on the head word at ``head`` (None: no name)."""
    start = head
    k = head - 1
    while k >= floor and head - k < MAX_WORDS:
        tok = sdoc[k]
        if k in taken:
            break
        if _capitalised(tok) and not tok.is_sent_start:
            start = k
        elif tok.is_sent_start and _capitalised(tok) and tok.lower_ != "the" and tok.pos_ == "PROPN":
            start = k
            break
        elif tok.lower_ in JOINERS and k - 1 >= floor and _capitalised(sdoc[k - 1]):
            pass  # "Teaching and Referral Hospital", "Department of Security": joined if a name precedes
        else:
            break
        k -= 1
    # a joiner never starts a name; a name of one word is the head noun alone
    while start < head and sdoc[start].lower_ in JOINERS:
        start += 1
    return start if start < head else None
