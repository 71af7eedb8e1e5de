"""Name normalisation shared by alias matching and unknown-actor clustering."""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

_APOSTROPHES = re.compile(r"[’'`ʼʻ‘]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_POSSESSIVE = re.compile(r"['’]s?$")
# Arabic articles and the English article: dropped for clustering, so that "al-Qahtani",
# "el Qahtani" and "Qahtani" share a key, and "the Nusra Front" equals "Nusra Front".
_ARTICLES = {"al", "el", "ad", "ash", "as", "an", "ar", "az", "at", "the"}


def normalize_text(text: str) -> str:
    """Lower-case ASCII form with punctuation as single spaces: ``"Al-Qa'ida"`` → ``"al qaida"``.

    Arabic script has no ASCII transliteration that unidecode would keep reliable, so
    non-Latin text is kept as lower-cased original with whitespace collapsed.
    """
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        return " ".join(text.split())
    ascii_text = unidecode(_APOSTROPHES.sub("", text)).lower()
    return _NON_WORD.sub(" ", ascii_text).strip()


_POSSESSIVE_WORD = re.compile(r"(\w)['’]s\b")


@lru_cache(maxsize=65536)  # called on every token of every document; bounded for long runs
def alias_words(text: str) -> tuple[str, ...]:
    """The normalised words of a name or token, a possessive ``'s`` kept as its own word
    (as spaCy splits it): ``"People's Protection Units"`` → ``("people", "s", "protection", "units")``."""
    return tuple(normalize_text(_POSSESSIVE_WORD.sub(r"\1 s", text)).split())


def actor_key(name: str) -> str:
    """The clustering key of an actor name (used for unknown actors: ``unk:<key>``).

    Input: any surface name. Output: lower-case ASCII words without articles, possessive
    endings or punctuation, e.g. ``"the Abu Maria al-Qahtani's"`` → ``"abu maria qahtani"``.
    Empty when the name has no word characters.
    """
    words = normalize_text(_POSSESSIVE.sub("", name.strip())).split()
    kept = [w for w in words if w not in _ARTICLES]
    return " ".join(kept or words)
