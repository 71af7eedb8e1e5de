"""Place-name normalisation for matching names as they are written in conflict reporting.

Two keys are computed for every name, both for the gazetteer and for toponyms in text:

* :func:`name_key` — the *exact* key: transliterated to ASCII (Arabic script included),
  lower case, diacritics, apostrophes and ʿayn/hamza marks dropped, hyphens and
  punctuation turned into spaces, Arabic articles (``al-``, ``el-``, ``ad-``, ``ar-``,
  ``ez-``...) removed wherever they stand, and the remaining words joined.
  ``Deir ez-Zor`` → ``deirzor``, ``al-Mayadin`` → ``mayadin``, ``Ar-Raqqah`` → ``raqqah``.
* :func:`skeleton_key` — the *transliteration* key: the exact key reduced to its
  consonant skeleton (vowels and the semivowels y/w dropped, doubled letters merged,
  common digraphs unified), so that ``Deir ez-Zour``, ``Dayr az Zawr`` and ``Deir al-Zor``
  all give ``drzr``; ``Salahuddin`` and ``Salah ad Din`` give ``slhdn``; ``Raqqa`` and
  ``Ar-Raqqah`` give ``rk``. Skeleton matches are weaker evidence and are checked with a
  string-similarity score before they are accepted.

Input: any string. Output: a key string ("" when nothing is left).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

# Arabic articles and their assimilated forms, as separate words after hyphen splitting.
ARTICLES = frozenset(
    [
        "al",
        "el",
        "il",
        "ul",
        "ad",
        "ed",
        "ar",
        "er",
        "as",
        "es",
        "at",
        "et",
        "az",
        "ez",
        "an",
        "en",
        "ash",
        "esh",
        "adh",
        "edh",
        "ath",
        "dh",
        "ud",
        "uz",
        "us",
        "ur",
        "ut",
        "un",
    ]
)
_APOSTROPHES = re.compile(r"['’‘`ʿʾʻʼ´]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLES = re.compile(r"(.)\1+")
_DIGRAPHS = (
    ("kh", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("dh", "d"),
    ("th", "t"),
    ("ph", "f"),
    ("ch", "c"),
    ("q", "k"),
    ("ck", "k"),
    ("x", "ks"),
    ("v", "f"),
    ("j", "g"),
)


def ascii_fold(text: str) -> str:
    """Transliterate to lower-case ASCII (unidecode handles Arabic script and diacritics)."""
    text = unicodedata.normalize("NFC", text)
    text = _APOSTROPHES.sub("", text)
    return unidecode(text).lower().replace("'", "")


def words(text: str) -> list[str]:
    """The words of a name after folding, articles removed (unless the name is only an article)."""
    parts = [w for w in _NON_ALNUM.split(ascii_fold(text)) if w]
    kept = [w for w in parts if w not in ARTICLES]
    return kept or parts


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """Exact matching key: folded, articles dropped, words joined without spaces."""
    return "".join(words(text))


@lru_cache(maxsize=200_000)
def skeleton_key(text: str) -> str:
    """Transliteration-tolerant key: the consonant skeleton of :func:`name_key`."""
    key = name_key(text)
    if not key:
        return ""
    for a, b in _DIGRAPHS:
        key = key.replace(a, b)
    key = key.replace("h", "")  # final/medial h of Arabic transliterations (Raqqah, Ninevah)
    first = key[0]
    rest = _VOWELS.sub("", key[1:])
    skel = _DOUBLES.sub(r"\1", (first if first not in "aeiouyw" else "") + rest)
    return skel


def display_key(text: str) -> str:
    """Folded words joined by single spaces (articles kept): used for similarity scores."""
    return " ".join(w for w in _NON_ALNUM.split(ascii_fold(text)) if w)


def has_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def is_latin_or_arabic(text: str) -> bool:
    """True for names written in Latin (with diacritics) or Arabic script only."""
    for ch in text:
        if ch.isalpha():
            o = ord(ch)
            if o < 0x250 or 0x1E00 <= o <= 0x1EFF or 0x0600 <= o <= 0x06FF:
                continue
            return False
    return True
