"""Parse text written in one case as if it were written in mixed case.

Wire copy of some archives (MUC-4's FBIS reports, telex) is in capitals; some scraped pages
(IndiaPoliceEvents' Times of India) are in lower case. The small spaCy model learned its tagger,
parser and entity recogniser on mixed-case text, so on capitals it finds names in common words,
and in lower case it finds almost none: actors, victims and places go unfound. The parse is
therefore made on a **truecased copy** of the text — the same length, character for character —
and carried back onto the original words, so every offset and every token's text stay those of
the document.

The copy's case comes from what marsad knows, never from the document being coded:
- the names of the entity ruler's patterns (actors and their aliases, countries, regions, large
  towns), matched case-insensitively, take the case of the pattern, and the gazetteer's
  nationality adjectives are capitalised;
- other words in English's common vocabulary (spaCy's stop words and the lemmatizer's WordNet
  index, with their inflections) are lower case, except a sentence's first word;
- words it does not know are names: capitalised, or kept in capitals when four letters or
  fewer (acronyms: ELN, FARC, DAS).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from spacy.attrs import DEP, ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from marsad.nlp.text import remember_text

ATTRS = [TAG, POS, MORPH, HEAD, DEP, LEMMA, ENT_IOB, ENT_TYPE, ENT_ID, ENT_KB_ID]
WORD = re.compile(r"[A-Za-z]+")
# a full stop not after a lone initial ("U.S."), "!", "?", or a blank line: capitals copy wraps
# lines inside sentences
SENTENCE_END = re.compile(r"(?<![^A-Za-z][A-Za-z])\.|[!?]|\n\s*\n")
MIN_LETTERS = 40  # shorter texts (a heading, a dateline) are too short to judge
CAPITALS_SHARE = 0.85
ACRONYM_MAX = 4
_INFLECTIONS = (
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("d", ""),
    ("ied", "y"),
)
# English capitalises these whatever WordNet says
CALENDAR = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
) - {"may", "march"}
_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1(?:ed|ing)$")  # "kidnapped", "planning"


_LETTER_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]+")


def in_lower_case(text: str) -> bool:
    """Whether a text is written in lower case: 40 letters or more, eight words or more, and
    at most one word in 25 capitalised (a stray "This March" or "Facebook Twitter" of page
    furniture is allowed; mixed-case prose capitalises far more: in the news texts of the
    shared data at least one letter in 85 is a capital, one word in eight or more)."""
    words = _LETTER_WORD.findall(text)
    if len(words) < 8 or sum(len(w) for w in words) < 40:
        return False
    return sum(1 for w in words if w[0].isupper()) <= len(words) // 25


def written_case(text: str) -> str | None:
    """``"capitals"`` or ``"lower"`` for a text written in one case, else None (mixed case)."""
    if in_capitals(text):
        return "capitals"
    return "lower" if in_lower_case(text) else None


def cased_copy(truecaser: Truecaser, text: str, case: str | None) -> str | None:
    """The truecased copy to parse ``text`` on, given its :func:`written_case`: a text in lower
    case is read as if in capitals, so that short unknown words are acronyms ("vhp" → "VHP");
    None for mixed case (or a copy that would not keep the text's length)."""
    if case == "capitals":
        return truecaser.truecase(text)
    if case == "lower":
        cased = truecaser.truecase(text.upper())
        if len(cased) == len(text) and cased.lower() == text.lower():
            return cased
    return None


def in_capitals(text: str) -> bool:
    """Whether a text is written in capitals (at least :data:`CAPITALS_SHARE` of its cased letters)."""
    upper = lower = 0
    for ch in text:
        if ch.isupper():
            upper += 1
        elif ch.islower():
            lower += 1
    return upper + lower >= MIN_LETTERS and upper >= CAPITALS_SHARE * (upper + lower)


@lru_cache(maxsize=4)
def common_words(nlp: Language) -> frozenset[str]:
    """Lower-case English words: spaCy's stop words, the lemmatizer's WordNet index and its
    irregular forms."""
    words = {w.lower() for w in nlp.Defaults.stop_words}
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups
        for values in lookups.get_table("lemma_index").values():
            words.update(values)
        for forms in lookups.get_table("lemma_exc").values():
            for form, lemmas in forms.items():
                words.add(form)
                words.update(lemmas)
    except (KeyError, ValueError):  # a pipeline without the lookup tables: stop words only
        pass
    return frozenset(words)


def is_common(word: str, common: frozenset[str]) -> bool:
    """Whether a lower-case word is in ``common`` (:func:`common_words`), or an inflection of
    one ("peasants", "kidnapped", "planning")."""
    if word in common:
        return True
    doubled = _DOUBLED.search(word)
    if doubled and word[: doubled.start() + 1] in common:
        return True
    return any(
        word.endswith(suffix) and word[: len(word) - len(suffix)] + stem in common
        for suffix, stem in _INFLECTIONS
        if len(word) > len(suffix) + 2
    )


class Truecaser:
    """Mixed case for text in capitals, from known names and the common vocabulary."""

    def __init__(
        self, nlp: Language, patterns: Iterable[dict[str, Any]], proper_adjectives: Iterable[str] = ()
    ) -> None:
        self.common = common_words(nlp)
        stop = {w.lower() for w in nlp.Defaults.stop_words}
        self.names: dict[str, str] = {}  # lower-case word -> its case in a known name
        # English capitalises nationality adjectives, which WordNet also lists in lower case
        # ("turkish" the language): the gazetteer's demonyms
        for word in proper_adjectives:
            if word.isalpha() and word.lower() not in stop:
                self.names[word.lower()] = word[:1].upper() + word[1:].lower()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        phrases: dict[str, str] = {}
        for p in patterns:
            text = p.get("pattern")
            if not isinstance(text, str) or len(text) < 3:
                continue
            for w in WORD.findall(text):
                lw = w.lower()
                # a name's word unknown to the common vocabulary, or a place's one-word name
                # (countries, regions, large towns: "Colombia"), never a stop word
                place = p.get("label") in ("GPE", "LOC") and " " not in text and w == text
                # "areas" of "Northern Areas" and "forces" of "Syrian Democratic Forces" are
                # common words, inflected: they keep lower case everywhere else
                known = not is_common(lw, self.common) or place
                if known and lw not in stop:
                    self.names.setdefault(lw, w)
            if " " in text:
                phrases.setdefault(text.lower(), text)
        self.phrases = phrases
        tokenizer = nlp.tokenizer
        self.matcher.add("NAME", [tokenizer(t) for t in phrases])
        self.tokenizer = tokenizer

    def word_case(self, word: str) -> str:
        if len(word) == 1:  # initials and abbreviations: "U.S.", "J. Smith"
            return word
        lw = word.lower()
        if lw in self.names:
            return self.names[lw]
        if lw in CALENDAR:
            return lw[:1].upper() + lw[1:]
        if is_common(lw, self.common):
            return lw
        if len(word) <= ACRONYM_MAX:
            return word
        return lw[:1].upper() + lw[1:]

    def truecase(self, text: str) -> str:
        """The text in mixed case: the same length, changed only in the case of letters."""
        out = list(text)
        start_of_sentence = True
        last = 0
        for m in WORD.finditer(text):
            if m.start() == 0 or SENTENCE_END.search(text, last, m.start()):
                start_of_sentence = True
            form = self.word_case(m.group())
            if start_of_sentence:
                form = form[:1].upper() + form[1:]
            out[m.start() : m.end()] = form
            start_of_sentence = False
            last = m.end()
        cased = "".join(out)
        doc = self.tokenizer(cased)
        for _, start, end in self.matcher(doc):  # known multi-word names take their own case
            span = doc[start:end]
            name = self.phrases.get(span.text.lower())
            if name is not None and len(name) == len(span.text):
                cased = cased[: span.start_char] + name + cased[span.end_char :]
        return cased


def parse_truecased(nlp: Any, truecaser: Truecaser, text: str, parsed: Doc | None = None) -> Doc:
    """The parse of ``text`` (in capitals) made on its truecased copy, carried back onto the
    original words. ``parsed`` is the copy's parse when the caller already has it. If the two
    texts do not tokenize alike, the parse of the original text is returned instead."""
    cased = parsed if parsed is not None else nlp(truecaser.truecase(text))
    if "".join(t.text_with_ws for t in cased).lower() != text.lower() or len(cased.text) != len(text):
        return nlp(text)
    original = Doc(
        cased.vocab,
        words=[text[t.idx : t.idx + len(t.text)] for t in cased],
        spaces=[bool(t.whitespace_) for t in cased],
    )
    original.from_array(ATTRS, cased.to_array(ATTRS))
    original.user_data["truecased"] = True
    return original


CASED_KEY = "marsad.cased"  # user_data: the mixed-case copy a text in lower case was parsed on
# user_data: the mixed-case copy a text in capitals was parsed on; its own words stay the parse's
# (names the truecaser does not know keep their capitals there), the copy tells acronyms
# ("DRC") from common words ("CAR": a car)
CAPITALS_COPY_KEY = "marsad.capitals_copy"


def cased_view(doc: Doc) -> Doc | None:
    """The parse of a document in lower case on the words of its mixed-case copy (the same parse,
    offsets and length; only the case of letters differs), for a stage that reads the case of
    words (the places recogniser: "godhra" is found as "Godhra"); None for a document parsed as
    written."""
    cased = doc.user_data.get(CASED_KEY)
    if not cased or len(cased) != len(doc.text):
        return None
    view = Doc(
        doc.vocab,
        words=[cased[t.idx : t.idx + len(t.text)] for t in doc],
        spaces=[bool(t.whitespace_) for t in doc],
    )
    view.from_array(ATTRS, doc.to_array(ATTRS))
    return remember_text(view, cased)
