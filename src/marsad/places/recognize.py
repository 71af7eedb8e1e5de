"""Toponym recognition: statistical NER plus gazetteer-backed matching with context rules.

Input: a spaCy ``Doc`` (character offsets = document offsets), a :class:`Gazetteer`,
optional character ranges to search (coded zones) and ranges to skip (actor mentions).
Output: :class:`Mention` objects, ordered by offset, non-overlapping.

Sources of mentions:

1. NER entities labelled GPE or LOC (the EntityRuler forces countries, admin1 regions
   and large towns in before the statistical model);
2. capitalised name chains (``Deir ez-Zour``, ``al-Mayadin``) that match a gazetteer name
   exactly or by transliteration skeleton, accepted only with credible context: a
   locative word before (in, near, from...), a kind word around ("X province", "city of
   X"), a following ", <country or admin1>" ("COLUMBIA, Ky. (WBKO)", "Churchill, Man."),
   or a strong entry (country, admin1, large town) — and never when the word is
   a common word (``data/not_places.txt``), follows a person title, or is labelled a
   person by NER without locative context.

Guards: a toponym inside an organisation-name chain ("Islamic State of Iraq", "Free
Syrian Army", "New York Times" — ``data/org_heads.txt``) or inside an actor mention is
dropped; nationality adjectives (NORP: "Iraqi") are not places but set a country hint
for the next toponym ("the northern Iraqi city Mosul"). Admin1 abbreviations with a
period ("Ky.", "Ill.", "Man.") are kept although short.

Links between mentions, used by resolution: a container ("Mosul, Iraq": ``container``
on the first, ``contains`` on the second unless it goes on into a list; also "Maoxian
county in Sichuan", "Kfraya in Idlib": ``container_link`` says which), a possessive owner
("Cairo's Abbasiya": ``owner``), the other items of a list (``siblings``) and location
phrases that make a town's precision 2 ("the outskirts of X", "near X", "north of X",
"X's suburbs": ``near``; "rural X", "the countryside of X" select X's admin region).

More guards: a name of direction/kind words only that is part of a longer name ("Far
North Queensland", "Southern District of Ohio"), a one-word name glued to a person name
("[Paul] Halim"), a disease name ("West Nile virus"), a short country form used as an
adjective ("a Saudi tanker", "Saudi-led"), a facility or address named after a place
("St. Paul's Hospital", "Church Street"); a physical feature not in the gazetteer is kept
whole ("Lake Erie"), never cut to a namesake.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from marsad.nlp.text import doc_text
from marsad.nlp.truecase import CAPITALS_COPY_KEY
from marsad.places.gazetteer import Candidate, Gazetteer
from marsad.places.lexicon import not_place_words, org_heads, place_words
from marsad.places.local import held_by_admin, postal_state_after, town_in_state, unknown_name_spans
from marsad.places.normalize import ARTICLES, name_key

PLACE_LABELS = ("GPE", "LOC")
# between two toponyms: "[Maoxian] county in [Sichuan]", "[Abu Shok] refugee camp in
# [Al-Fashir]", "[Monroe County] in northeast [Missouri]", "[Kfraya] in [Idlib]"
_KIND_NOUNS = (
    r"county|district|province|governorate|city|town|village|villages|area|region|neighbou?rhood|"
    r"quarter|suburb|camp|refugee camp|displacement camp|camps|base|air base|airbase|municipality|township|"
    r"subdistrict|sub-district|parish|countryside|desert|valley|mountains|river|dam|airport|border crossing|crossing"
)
_IN_LINK = re.compile(
    rf"^\s*(?:((?:{_KIND_NOUNS})(?:\s+(?:{_KIND_NOUNS}))?)\s*)?,?\s*in\s+(?:the\s+)?"
    r"(?:(?:far\s+)?(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?$",
    re.IGNORECASE,
)
_CONNECTORS = frozenset({"of", "for", "the", "and", "-", "al", "el", "'s", "’s"})
_INNER = ARTICLES | {
    "-",
    "de",
    "la",
    "del",
    "do",
    "da",
    "di",
    "du",
    "le",
    "les",
    "au",
    "aux",
    "sur",
    "en",
    "of",
    "'",
    "’",
    "bin",
    "ibn",
    "upon",
    "on",
}
_PLACE_PREPOSITIONS = frozenset(
    {
        "in",
        "at",
        "near",
        "from",
        "to",
        "into",
        "across",
        "throughout",
        "inside",
        "outside",
        "within",
        "toward",
        "towards",
        "via",
    }
)
_CHAIN_INNER = _INNER | {"and", "&"}  # inside a gazetteer name: "Jammu and Kashmir", "Trinidad and Tobago"
MAX_CHAIN = 6
ARABIC_NAME_WORDS = frozenset({"abu", "umm", "bin", "ibn"})  # also start places: Abu Kamal, Umm Qasr
# first words of Arabic place names that are places of their own elsewhere: "[Abu] Shok" is
# not "Abu", "[Ras] al-Ain" not "Ras"
NAME_PREFIXES = ARABIC_NAME_WORDS | {
    "ras",
    "ain",
    "ein",
    "deir",
    "dayr",
    "tal",
    "tell",
    "kafr",
    "kfar",
    "wadi",
    "jabal",
    "jebel",
    "bir",
    "beit",
    "bayt",
    "khan",
    "qasr",
    "qala",
    "hisn",
    "marj",
    "sheikh",
    "shaykh",
    "new",
    "old",
    "port",
    "fort",
    "saint",
    "st",
}
NOT_PLACE_NEXT = frozenset({"virus", "fever", "flu", "influenza", "disease", "syndrome", "strain"})
BIG_TOWN = 200_000  # a town this big keeps its name even glued to a person's ("Calgary MLA ...")
_LIST_SEPARATORS = frozenset({",", "and", "or", ", and", ", or", "&", ", &"})
_LIST_CONJUNCTIONS = _LIST_SEPARATORS - {","}  # "X and Y": joined, never one inside the other
PHYSICAL_FEATURES = frozenset(
    {
        "sea",
        "ocean",
        "mountains",
        "mountain",
        "mount",
        "river",
        "lake",
        "delta",
        "gulf",
        "bay",
        "strait",
        "straits",
        "valley",
        "plateau",
        "peninsula",
        "island",
        "islands",
        "desert",
        "basin",
        "coast",
        "canal",
        "mt",
        "mt.",
        "cape",
        "heights",
        "hills",
        "hill",
        "range",
        "creek",
        "falls",
    }
)
DIRECTIONS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "far",
        "upper",
        "lower",
        "middle",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "-",
    }
)
FACILITY_HEADS = frozenset(
    {
        "embassy",
        "consulate",
        "hospital",
        "university",
        "college",
        "school",
        "church",
        "mosque",
        "museum",
        "office",
        "court",
        "bank",
        "club",
        "institute",
        "center",
        "centre",
        "station",
        "street",
        "road",
        "avenue",
        "boulevard",
        "lane",
        "drive",
        "garden",
        "gardens",
        "park",
        "farm",
        "stadium",
        "jail",
        "prison",
        "cathedral",
        "hotel",
        "airport",
        "elementary",
        "academy",
        "castle",
        "fort",
        "citadel",
        "palace",
        "tower",
        "gate",
        "bridge",
        "dam",
    }
)
PLACE_KIND_WORDS = frozenset({"region", "province", "governorate", "state", "district", "county", "area"})
ADMIN_SUFFIXES = frozenset(
    {"county", "province", "governorate", "district", "parish", "oblast", "prefecture", "region"}
)


@dataclass
class Mention:
    """A toponym found in the text (span possibly extended by a kind word)."""

    start: int
    end: int
    text: str
    query: str  # the name to look up (without the kind word)
    source: str  # ner | gazetteer
    kind: str | None = None  # admin | admin2 | city | any
    precision: int | None = None  # from a kind word (countryside → 2)
    countries: set[str] = field(default_factory=set)  # country hints from context
    regions: set[tuple[str, str]] = field(default_factory=set)  # (country, admin1) hints: "Glasgow, Ky."
    container: int | None = None  # index of a following ", Country" mention
    owner: int | None = None  # index of a preceding possessive place: "[Cairo]'s Abbasiya"
    # how the container is linked: "comma" ("Mosul, Iraq"), "in-kind" ("Maoxian county in
    # Sichuan", "the Abu Shok camp in Al-Fashir") or "in" ("Kfraya in Idlib")
    container_link: str | None = None
    near: str | None = None  # a phrase that puts the event near/around the place: "outskirts of"
    contains: bool = False  # this mention is the ", Country/State" of the one before
    siblings: list[int] = field(default_factory=list)  # indices of the other items of a list it is in
    ner_label: str | None = None
    candidates: list[Candidate] = field(default_factory=list)


def _directional(span: Any) -> bool:
    """A name made of direction words only ("Far North", "North West", "Southern"): a
    place only with a kind word ("the Far North region") — otherwise part of a longer
    name ("Far North Queensland", "Calgary-North West", "Southern District of Ohio")."""
    return all(t.lower_ in DIRECTIONS for t in span)


_GENERIC = DIRECTIONS | {"district", "region", "province", "state", "county", "territory", "area", "coast"}


def _generic_part(doc: Any, i: int, j: int) -> bool:
    """A name of direction and kind words only ("Far North", "Southern District", "North
    West", "West Coast") that is part of a longer name: followed by a capitalised word
    or by "of <Name>", or glued by a hyphen to a name before it."""
    if not all(t.lower_ in _GENERIC for t in doc[i:j]):
        return False
    nxt = doc[j] if j < len(doc) else None
    if nxt is not None and not nxt.is_space and "\n" not in doc[j - 1].whitespace_:
        if _is_cap(nxt) and nxt.lower_ not in PLACE_KIND_WORDS:
            return True
        if nxt.lower_ == "of" and j + 1 < len(doc) and _is_cap(doc[j + 1]):
            return True
    return i > 0 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_ if i > 1 else False


_QUOTE_MARKS = frozenset(['"', "“", "”", "``", "''"])
_ALIAS_WORDS = frozenset(["alias", "aka", "a.k.a.", "a.k.a"])


def _quoted_nickname(doc: Any, i: int, j: int) -> bool:
    """Whether ``doc[i:j]`` is a nickname in quotes: between a given name and a surname
    (Ismael "El Mayo" Zambada) or after "alias" (alias "La Tuta"), with at most two capitalised
    words before it inside the quotes ("El", "La")."""
    k = i - 1
    while k >= max(0, i - 3) and doc[k].text not in _QUOTE_MARKS and _is_cap(doc[k]):
        k -= 1
    if k < 1 or doc[k].text not in _QUOTE_MARKS or j >= len(doc) or doc[j].text not in _QUOTE_MARKS:
        return False
    before = doc[k - 1]
    if before.lower_ in _ALIAS_WORDS:
        return True
    after = doc[j + 1] if j + 1 < len(doc) else None
    return bool(
        after is not None and before.is_alpha and after.is_alpha and _is_cap(before) and _is_cap(after)
    )


def _overlaps(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in ranges)


def _inside(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


class _Ranges(list):  # type: ignore[type-arg]
    """Ranges ``(start, end, ...)`` sorted by start, answering the questions of :func:`_overlaps`
    and :func:`_inside` by bisection: a document can have thousands of zones, actor mentions
    and entities, and asking each candidate span about each of them was quadratic."""

    def __init__(self, ranges: Iterable[tuple[Any, ...]]) -> None:
        super().__init__(sorted(ranges, key=lambda r: (r[0], r[1])))
        self.starts = [r[0] for r in self]
        self.max_end = list(accumulate((r[1] for r in self), max))
        self.ends_set = {r[1] for r in self}
        self.starts_set = set(self.starts)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)
        return k > 0 and self.max_end[k - 1] > start

    def contains(self, start: int, end: int) -> bool:
        k = bisect_right(self.starts, start)
        return k > 0 and self.max_end[k - 1] >= end

    def overlapping(self, start: int, end: int) -> list[tuple[Any, ...]]:
        """The ranges overlapping ``[start, end)``, in order of start."""
        first = bisect_right(self.max_end, start)
        last = bisect_left(self.starts, end)
        return [r for r in self[first:last] if r[1] > start]


MAX_LIST_SIBLINGS = 40  # items of a long list compared with their neighbours only: linear, not quadratic


def _soft_space(tok: Any) -> bool:
    """A whitespace token inside a line (a non-breaking space, a double space)."""
    return bool(tok.is_space) and "\n" not in tok.text


def _stop_word(tok: Any) -> bool:
    """A function word ("And", "May"), but not an acronym written in capitals ("US")."""
    return bool(tok.is_stop) and not (tok.text.isupper() and len(tok.text) > 1)


def _is_cap(tok: Any) -> bool:
    t = tok.text
    return bool(t) and t[0].isupper() and any(c.isalpha() for c in t)


def in_org_chain(doc: Any, i: int, j: int) -> bool:
    """True if tokens ``doc[i:j]`` sit in a capitalised chain headed by an organisation word:
    'Islamic State of [Iraq]', 'al-Qaeda in [Iraq]', '[Syria] Democratic Forces'."""
    heads = org_heads()
    # left: capitalised words and connectors ("in" only after two capitalised words)
    k = i - 1
    caps = 0
    found = False
    while k >= 0 and i - k <= 8:
        tok = doc[k]
        low = tok.lower_
        if _soft_space(tok):
            k -= 1
            continue
        if tok.is_space or tok.is_punct and tok.text not in ("-", "'"):
            break
        if _is_cap(tok):
            caps += 1
            if low in heads:
                found = True
        elif low == "in":
            before = next((doc[m] for m in range(k - 1, max(-1, k - 4), -1) if _is_cap(doc[m])), None)
            named = (
                before is not None
                and before.lower_ in heads
                and before.lower_ not in FACILITY_HEADS
                and before.pos_ == "PROPN"
                and not before.is_sent_start
            )  # "the Turkish Embassy in [Moscow]": a facility in a place
            if (before is not None and before.lower_ in FACILITY_HEADS) or not (
                _left_caps(doc, k, 2) or named
            ):
                break  # "Police in [Mosul]" is a place; "al-Qaeda in [Iraq]" is not
        elif low not in _CONNECTORS:
            break
        k -= 1
    if found:
        return True
    # right: capitalised words directly after ("[Syria] Democratic Forces", "[Mosul] University")
    k = j
    while k < len(doc) and k - j < 5:
        tok = doc[k]
        if _soft_space(tok):
            k += 1
            continue
        if tok.text in ("'s", "’s") and k == j:
            after = doc[k + 1] if k + 1 < len(doc) else None  # "St. Paul's Hospital": a facility
            return after is not None and _is_cap(after) and after.lower_ in FACILITY_HEADS
        if not _is_cap(tok) and tok.lower_ not in ("-", "of", "and", "for"):
            break
        if tok.lower_ in heads and _is_cap(tok):
            return True
        k += 1
    return False


def _left_caps(doc: Any, k: int, n: int) -> bool:
    """At least ``n`` capitalised tokens (articles/hyphens allowed between) before ``k``."""
    count = 0
    m = k - 1
    while m >= 0 and k - m <= 6:
        tok = doc[m]
        if _soft_space(tok):
            m -= 1
            continue
        if _is_cap(tok):
            count += 1
        elif tok.lower_ not in _INNER:
            break
        m -= 1
    return count >= n


def _chain_end(doc: Any, i: int) -> list[int]:
    """Possible exclusive end token indices of a name chain starting at token ``i``
    (longest first): capitalised words, with articles/hyphens inside."""
    ends = []
    k = i
    while k < len(doc) and k - i < MAX_CHAIN:
        tok = doc[k]
        if tok.is_space or "\n" in tok.text_with_ws[:-1]:
            break
        if _is_cap(tok):
            ends.append(k + 1)
        elif tok.lower_ not in _CHAIN_INNER or k == len(doc) - 1:
            break
        if tok.whitespace_ and "\n" in tok.whitespace_:
            break
        k += 1
    return sorted(ends, reverse=True)


def capitals_copy(doc: Any) -> str | None:
    """The truecased copy a text in capitals was parsed on (None for any other text). There every
    word looks like a name or an acronym; the copy writes in lower case the words it reads as
    common ("A CAR": a car, not the Central African Republic; "SAID" no As Sa'id) and keeps names
    and acronyms ("THE DRC")."""
    return doc.user_data.get(CAPITALS_COPY_KEY)  # the nlp stage keeps it for such a text only


def _chain_starts(doc: Any, i: int, copy: str | None = None) -> bool:
    """Token ``i`` can start a name: capitalised (in a text in capitals, in its truecased
    ``copy``: see :func:`capitals_copy`), or an article glued by a hyphen ("al-Mayadin")."""
    tok = doc[i]
    if copy is not None and not copy[tok.idx : tok.idx + 1].isupper():
        return False
    if _is_cap(tok):
        return True
    return tok.lower_ in ARTICLES and i + 2 < len(doc) and doc[i + 1].text == "-" and _is_cap(doc[i + 2])


class Recognizer:
    """Finds toponym mentions in a spaCy Doc. See the module docstring for the rules."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        words = place_words()
        self.after: dict[str, dict[str, Any]] = words.get("after", {})
        self.before: dict[str, str] = words.get("before", {})
        self.follow: dict[str, str] = words.get("follow", {})
        self.locative: frozenset[str] = words["locative"]
        self.titles: frozenset[str] = words["person_titles"]
        self.stop = not_place_words()

    # -------------------------------------------------------------- main entry

    def __call__(
        self,
        doc: Any,
        *,
        zones: Iterable[tuple[int, int]] | None = None,
        skip: Sequence[tuple[int, int]] = (),
    ) -> list[Mention]:
        zone_list = _Ranges(zones if zones is not None else [(0, len(doc_text(doc)))])
        skipped = _Ranges(skip)
        ents = list(doc.ents)
        person_org = _Ranges(
            (e.start, e.end, e.label_)
            for e in ents
            if e.label_ in ("PERSON", "ORG", "NORP", "FAC", "WORK_OF_ART")
        )
        taken: set[int] = set()  # tokens already used

        def used(i: int, j: int) -> bool:
            return any(t in taken for t in range(i, j))

        mentions: list[Mention] = []
        # words of person names in this document: "Paul", "Steele" alone are then the person
        person_words = {  # not from mislabelled facilities: "Karak Castle", "Mosul Dam"
            t.text
            for e in ents
            if e.label_ == "PERSON"
            and len(e) > 1
            and e[-1].lower_ not in FACILITY_HEADS
            and e[-1].lower_ not in PHYSICAL_FEATURES
            for t in e
            if _is_cap(t)
        }
        person_spans = _Ranges((e.start, e.end) for e in ents if e.label_ == "PERSON")

        def admit(i: int, j: int, source: str, label: str | None) -> None:
            span = doc[i:j]
            if not zone_list.contains(span.start_char, span.end_char) or skipped.overlaps(
                span.start_char, span.end_char
            ):
                return
            if (
                j - i == 1
                and span.text in person_words
                and not (self._strong(span.text) and i > 0 and doc[i - 1].lower_ in _PLACE_PREPOSITIONS)
            ):
                return  # "Georgia" of "Georgia Hains" ("in Georgia" stays the place)
            if _generic_part(doc, i, j):
                return  # "Far North Queensland", "Calgary-North West", "Southern District of Ohio"
            if _quoted_nickname(doc, i, j):
                return  # Ismael "El Mayo" Zambada, alias "La Tuta": a person's nickname
            after = j + 1 if j < len(doc) and doc[j].lower_ in self.after else j
            if after < len(doc) and doc[after].lower_ in NOT_PLACE_NEXT and not self._strong(span.text):
                return  # "West Nile virus", "Rift Valley fever", "Spanish flu"
            if self._country_adjective(doc, i, j):
                return  # "a Saudi tanker", "Saudi-led coalition": a nationality, not the place
            if self._next_to_person(doc, i, j, person_spans):
                return  # "Cassandra [Rivera]", "[Michael] Baylous", "[Georgia] Morgan"
            if (in_org_chain(doc, i, j) and not self._held_by_next(doc, i, j)) or (
                i > 0 and doc[i - 1].lower_.rstrip(".") in self.titles
            ):
                return  # "Islamic State of [Iraq]", "Mr. [Paris]"; but "School District in [Price], Utah"
            m = Mention(span.start_char, span.end_char, span.text, span.text, source, ner_label=label)
            self._context(doc, i, j, m)
            mentions.append(m)
            taken.update(range(i, j))

        # 1. NER place entities, trimmed to the gazetteer name they contain when needed
        for e in ents:
            if e.label_ not in PLACE_LABELS:
                continue
            span = self._ner_span(doc, e.start, e.end)
            if span is not None and not used(span[0], span[1]):
                admit(span[0], span[1], "ner", e.label_)
        # 2. gazetteer chains with credible context
        copy = capitals_copy(doc)
        i = 0
        while i < len(doc):
            if i in taken or not _chain_starts(doc, i, copy):
                i += 1
                continue
            hit = self._gazetteer_chain(doc, i)
            if hit is None:
                i += 1
                continue
            j, cands = hit
            if used(i, j) or not self._credible(doc, i, j, cands, person_org):
                i += 1
                continue
            label = next((lab for _, _, lab in person_org.overlapping(i, j)), None)
            admit(i, j, "gazetteer", label)
            i = j
        # 3. one sense per document: a name accepted above with a kind word or a locative
        # context ("the Cairns district") is a place where NER calls it a person
        accepted = {m.query for m in mentions if m.source == "gazetteer" or m.kind}
        for s, e, lab in person_org:
            text = doc[s:e].text
            if lab == "PERSON" and text in accepted and not used(s, e):
                admit(s, e, "gazetteer", lab)
        mentions.sort(key=lambda m: m.start)
        # 4. names the gazetteer lacks, where the context says they are places
        text = doc_text(doc)
        for i, j, kind in unknown_name_spans(
            doc,
            _chain_end,
            used,
            lambda end: held_by_admin(text, end, mentions),
            self._unknown_name,
        ):
            n = len(mentions)
            admit(i, j, "context", None)
            if len(mentions) > n:
                mentions[-1].kind = mentions[-1].kind or kind
        # 5. "Hopkinsville, KY": a US postal state code after a town of that state
        for m in list(mentions):
            hit = postal_state_after(text, m.end)
            if hit is None or not zone_list.contains(hit[0], hit[1]) or skipped.overlaps(hit[0], hit[1]):
                continue
            state = self.gaz.admin1("US", hit[2])
            if state is None or not town_in_state(self.gaz, m.query, hit[2]):
                continue
            mentions.append(
                Mention(
                    hit[0],
                    hit[1],
                    text[hit[0] : hit[1]],
                    state.name,
                    "gazetteer",
                    kind="admin",
                    candidates=[state],
                )
            )
        mentions.sort(key=lambda m: m.start)
        self._link_containers(doc, mentions)
        return mentions

    def _unknown_name(self, span: Any, person_ok: bool) -> bool:
        """A capitalised name that may be a place the gazetteer lacks: proper nouns only, no
        organisation (nor person, unless ``person_ok``), no common word, no name the
        gazetteer has."""
        if any(t.pos_ != "PROPN" and _is_cap(t) for t in span):
            return False
        banned = ("ORG", "NORP", "DATE", "TIME") if person_ok else ("PERSON", "ORG", "NORP", "DATE", "TIME")
        if any(t.ent_type_ in banned for t in span) or in_org_chain(span.doc, span.start, span.end):
            return False
        if span.text.lower() in self.stop or len(span.text) < 3 or self._exact(span.text):
            return False
        return span[0].lower_.rstrip(".") not in self.titles

    # -------------------------------------------------------------- helpers

    def _ner_span(self, doc: Any, i: int, j: int) -> tuple[int, int] | None:
        """The token range to use for a NER place entity ``doc[i:j]``: leading articles and
        function words ("Is [US]", "At [St. Paul]"), trailing possessives and kind words
        dropped — unless the whole is a gazetteer name ("Kurdistan Region", "Quebec City");
        extended to a longer gazetteer name that starts up to two tokens before ("West
        [Virginia]"); reduced to a gazetteer name inside it when the whole entity is not
        one ("[Canada]-EU", "City of [Montreal]", "Far North [Queensland]"). A physical
        feature not in the gazetteer ("Lake Erie", "Danube Delta") is kept whole, not cut
        to a namesake town or region ("Erie", "Delta")."""
        while i < j and (doc[i].lower_ == "the" or doc[i].is_punct or (j - i > 1 and _stop_word(doc[i]))):
            i += 1
        while j > i and (doc[j - 1].text in ("'s", "’s", "'") or doc[j - 1].is_punct):
            j -= 1
        if j - i > 1 and self._exact(doc[i:j].text) and _is_cap(doc[i]):
            longer = self._gazetteer_chain(doc, i, fuzzy=False)
            if longer and longer[0] > j:
                return i, longer[0]  # the recogniser cut a longer name short: "San Pedro [Sula]"
            return i, j
        whole = j
        while j - 1 > i and doc[j - 1].lower_ in self.after:
            j -= 1  # "Salahuddin province": the kind word is added back by _context
        # a common word is a place only with its kind word: "Coast Province", "Bay region"
        common = j - i == 1 and doc[i].lower_ in self.stop and j == whole
        if i >= j or common or (j - i == 1 and _stop_word(doc[i])):
            return None
        if doc[i].lower_.rstrip(".") in self.titles and doc[i].lower_ not in ARABIC_NAME_WORDS:
            return None  # "Ms Raggi", "Gen. Petraeus": a person
        if not _is_cap(doc[i]) and doc[i].lower_ not in ARTICLES:
            return None  # "marijuana": a lower-case word is not a toponym
        text = doc[i:j].text
        if self._too_short(text):
            return None  # "Ms", "La": only codes of countries and admin1 regions (UK, NY, Ky.)
        for start in (i - 2, i - 1):
            if start >= 0 and _chain_starts(doc, start) and not _stop_word(doc[start]):
                hit = self._gazetteer_chain(doc, start, fuzzy=False)
                if hit and hit[0] >= j:
                    return start, hit[0]
        hit = self._gazetteer_chain(doc, i, fuzzy=False)
        if hit and hit[0] >= j:
            return i, hit[0]
        lows = [t.lower_ for t in doc[i:j]]
        if self._exact(text) or (
            j - i > 1 and (lows[0] in PHYSICAL_FEATURES or lows[-1] in PHYSICAL_FEATURES)
        ):
            return i, j  # a physical feature ("Black Sea", "Lake Erie") is kept whole, not cut to "Black"
        for start in range(i, j):
            if start > i and doc[i].lower_.rstrip(".") in NAME_PREFIXES:
                break  # "St. Marc" is not "Marc", "Abu Shok" not "Shok"
            if _chain_starts(doc, start):
                hit = self._gazetteer_chain(doc, start, fuzzy=False, limit=j)
                part = doc[start : hit[0]] if hit else None
                if part is not None and not (
                    _directional(part)
                    or self._too_short(part.text)
                    or (len(part) == 1 and part[0].lower_ in NAME_PREFIXES and hit[0] < j)  # type: ignore[index]
                ):
                    return start, hit[0]  # type: ignore[index]
        if _directional(doc[i:j]):
            return None  # "Southern District", "North West" inside a longer name
        return i, j  # not in the gazetteer: kept, resolved by transliteration or left unresolved

    def _exact(self, text: str) -> bool:
        return bool(self.gaz.lookup(text, fuzzy=False))

    def _too_short(self, text: str) -> bool:
        """Names under three letters are only codes of countries and admin1 regions (UK, Ky.)."""
        short = len(text.replace(".", "")) < 3
        return short and not ((text.isupper() or text.endswith(".")) and self._strong(text))

    def _country_adjective(self, doc: Any, i: int, j: int) -> bool:
        """A one-word short form of a country's name used as an adjective: between a
        determiner and a lower-case noun ("a Saudi tanker") or before "-led"/"-backed"."""
        if j - i != 1 or j >= len(doc) or doc[i].text.isupper() or "." in doc[i].text:
            return False  # "US", "UK", "U.S." are names in news ("the US military")
        nxt = doc[j]
        det = i > 0 and doc[i - 1].lower_ in ("a", "an", "the")
        adjective = (det and nxt.is_lower and nxt.pos_ in ("NOUN", "ADJ")) or (
            nxt.text == "-" and j + 1 < len(doc) and doc[j + 1].lower_ in ("led", "backed", "funded")
        )
        if not adjective:
            return False
        key = name_key(doc[i].text)
        return any(
            c.is_country and name_key(c.name) != key for c in self.gaz.lookup(doc[i].text, fuzzy=False)
        )

    def _next_to_person(self, doc: Any, i: int, j: int, person_spans: _Ranges) -> bool:
        """Whether the one-word name ``doc[i:j]`` is glued (one space, no punctuation) to a
        person name: a given name or surname that is also a place ("[Paul] Halim"). A
        country or admin1 region name is kept ("Texas Gov. Abbott" has a title between)."""
        if j - i != 1 or self._strong(doc[i].text):
            return False
        before = (
            i > 0 and doc[i - 1].whitespace_ == " " and i in person_spans.ends_set and _is_cap(doc[i - 1])
        )
        after = (
            doc[i].whitespace_ == " "
            and j in person_spans.starts_set
            and j < len(doc)
            and _is_cap(doc[j])
            and not doc[j].text.isupper()
            and doc[j].lower_.rstrip(".") not in self.titles  # "Calgary MLA Sandra Jansen"
        )
        if not (before or after):
            return False
        return not any(c.population >= BIG_TOWN for c in self.gaz.lookup(doc[i].text, fuzzy=False))

    def _strong(self, text: str) -> bool:
        """Whether ``text`` names a country or an admin1 region (exactly)."""
        return any(c.is_country or c.feature_code == "ADM1" for c in self.gaz.lookup(text, fuzzy=False))

    def _gazetteer_chain(
        self, doc: Any, i: int, *, fuzzy: bool = True, limit: int | None = None
    ) -> tuple[int, list[Candidate]] | None:
        """Longest name chain from token ``i`` (ending by ``limit``) that is in the gazetteer:
        exact names first, then (``fuzzy``) transliteration matches — so that a loose match
        of a long chain ("Brookhaven on Highway") never hides an exact shorter one."""
        ends = []
        for j in _chain_end(doc, i):
            if limit is not None and j > limit:
                continue
            if j - i == 1 and (doc[i].lower_ in self.stop or _stop_word(doc[i])):
                continue
            ends.append(j)
        for j in ends:
            cands = self.gaz.lookup(doc[i:j].text, fuzzy=False)
            if cands:
                return j, cands
        for j in ends if fuzzy else []:
            text = doc[i:j].text
            cands = self.gaz.lookup(text, fuzzy=j - i > 1 or len(text) >= 6)
            if cands:
                return j, cands
        return None

    def _credible(self, doc: Any, i: int, j: int, cands: list[Candidate], person_org: _Ranges) -> bool:
        """Context rules for a gazetteer-only match (no NER place label)."""
        first = doc[i]
        text = doc[i:j].text
        if j - i == 1 and (
            first.lower_ in self.stop or _stop_word(first) or not first.is_alpha or len(first.text) < 3
        ):
            return False
        best = cands[0]
        if first.text.isupper() and len(first.text) <= 4 and j - i == 1:
            # acronyms (ISIS, UN...) only when they name a country or an admin1 region (DRC, NSW)
            return best.match == "exact" and (best.is_country or best.feature_code == "ADM1")
        prev = doc[i - 1] if i > 0 else None
        if prev is not None and prev.lower_.rstrip(".") in self.titles:
            return False
        if prev is not None and _is_cap(prev) and prev.lower_ not in _INNER and not prev.is_sent_start:
            return False  # middle of a longer capitalised name that is not a place
        nxt = doc[j] if j < len(doc) else None
        if (
            nxt is not None
            and _is_cap(nxt)
            and nxt.lower_ not in self.after
            and nxt.lower_ not in self.follow
        ):
            return False
        strong = best.is_country or best.feature_code == "ADM1" or best.population >= 100_000
        if any(c.match == "exact" for c in cands) is False and not (best.similarity >= 85):
            return False
        locative = (prev is not None and prev.lower_ in self.locative) or self._contained_at(doc, j)
        kind_word = (nxt is not None and nxt.lower_ in self.after) or (
            i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in self.before
        )
        if _directional(doc[i:j]) and not kind_word:
            return False  # "Far North" of "Far North Queensland"; but "the Far North region"
        label = next((lab for _, _, lab in person_org.overlapping(i, j)), None)
        medium = strong or best.population >= 20_000 or best.is_admin
        if label in ("PERSON", "WORK_OF_ART"):
            return (locative and medium) or kind_word
        if label == "NORP" and self.gaz.demonym_countries(text):
            return False  # a nationality adjective, not a place
        if label in ("ORG", "FAC", "NORP"):
            runs_on = j < len(doc) and doc[j].is_lower and doc[j].lower_ not in ("of", "and", "for", "-")
            return (locative or kind_word) and not any(
                s < i or (e > j and not runs_on and not all(t.is_punct for t in doc[j:e]))
                for s, e, _ in person_org.overlapping(i, j)
            )  # "near [Brookhaven] on Highway 84" tagged ORG as a whole is still the town, and
            # "in [Wainwright], Alta." tagged ORG with its comma
        if first.is_sent_start and j - i == 1 and not (locative or kind_word):
            return strong
        admin_suffix = j - i > 1 and doc[j - 1].lower_ in ADMIN_SUFFIXES
        return locative or kind_word or strong or admin_suffix or (j - i > 1 and "-" in text)

    def _contained_at(self, doc: Any, j: int) -> bool:
        """Whether ``doc[j:]`` is ", <country or admin1 region>" — "COLUMBIA, Ky. (WBKO)",
        "Churchill, Man.": a name so placed is a place whatever NER labelled it."""
        if j + 1 >= len(doc) or doc[j].text != "," or not _is_cap(doc[j + 1]):
            return False
        hit = self._gazetteer_chain(doc, j + 1, fuzzy=False)
        return hit is not None and any(
            c.is_country or c.feature_code == "ADM1" for c in hit[1] if c.match == "exact"
        )

    def _held_by_next(self, doc: Any, i: int, j: int) -> bool:
        """Whether ``doc[i:j]`` is followed by ", <country or admin1>" that holds one of its
        readings — a town placed by its state ("School District in [Price], Utah"), not a
        list of countries ("al-Qaeda in [Iraq], Syria and Lebanon")."""
        if not self._contained_at(doc, j):
            return False
        hit = self._gazetteer_chain(doc, j + 1, fuzzy=False)
        boxes = [c for c in hit[1] if c.is_country or c.feature_code == "ADM1"] if hit else []
        cands = self.gaz.lookup(doc[i:j].text, fuzzy=False)
        return any(
            not c.is_country
            and c.country_code == b.country_code
            and (b.is_country or c.admin1_code == b.admin1_code)
            for c in cands
            for b in boxes
        )

    def _context(self, doc: Any, i: int, j: int, m: Mention) -> None:
        """Kind words, span extension and country hints around a mention."""
        nxt = doc[j] if j < len(doc) else None
        of_follows = j + 1 < len(doc) and doc[j + 1].lower_ == "of"
        if nxt is not None and nxt.lower_ in ("city", "town") and of_follows:
            m.kind = "admin"  # "the Hunan city of Yueyang": Hunan is the region
        elif nxt is not None and nxt.lower_ in self.follow:
            m.kind = self.follow[nxt.lower_]  # "New York Gov. Andrew Cuomo"
        elif nxt is not None and nxt.lower_ in self.after:
            info = self.after[nxt.lower_]
            m.end = nxt.idx + len(nxt.text)
            m.text = doc_text(doc)[m.start : m.end]
            m.kind = info.get("kind")
            m.precision = info.get("precision")
        self._near(doc, i, j, m)
        if i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in self.before:
            m.kind = m.kind or self.before[doc[i - 2].lower_]
        elif i >= 1 and doc[i - 1].lower_ in ("city", "town", "village", "capital"):
            m.kind = m.kind or "city"
        # "the northern Iraqi city Mosul", "Iraqi city of Mosul", "Syrian town of X"
        for k in range(max(0, i - 4), i):
            tok = doc[k]
            if tok.ent_type_ == "NORP" or (tok.pos_ in ("ADJ", "PROPN") and _is_cap(tok)):
                ccs = self.gaz.demonym_countries(tok.text)
                if ccs and any(doc[x].lower_ in self.before for x in range(k + 1, i)):
                    m.countries |= ccs

    def _near(self, doc: Any, i: int, j: int, m: Mention) -> None:
        """Phrases that put a location near a place or in part of it (``m.near``): "the
        outskirts of X", "near X", "10 km north of X", "X's southern countryside";
        "rural X" and "the countryside of X" also select X's admin region, precision 2."""
        words = place_words()
        k = i - 1
        if k >= 0 and doc[k].lower_ == "the":
            k -= 1
        if k >= 0 and doc[k].lower_ in words["rural"]:
            m.near, m.kind, m.precision = doc[k].lower_, m.kind or "admin", 2
            return
        if k >= 1 and doc[k].lower_ == "of" and doc[k - 1].lower_ in words["near_of"]:
            m.near = f"{doc[k - 1].lower_} of"
            if doc[k - 1].lower_ == "countryside":
                m.kind, m.precision = m.kind or "admin", 2
            return
        for phrase in words["near_before"]:
            toks = phrase.split()
            if k + 1 >= len(toks) and [t.lower_ for t in doc[k + 1 - len(toks) : k + 1]] == toks:
                m.near = phrase
                return
        if j + 1 < len(doc) and doc[j].text in ("'s", "’s"):
            after = [t.lower_ for t in doc[j + 1 : j + 3]]
            if after and (
                after[0] in words["near_after"] or (len(after) > 1 and after[1] in words["near_after"])
            ):
                m.near = f"'s {' '.join(after) if after[0] not in words['near_after'] else after[0]}"
                if "countryside" in after:
                    m.kind, m.precision = m.kind or "admin", 2

    def _link_containers(self, doc: Any, mentions: list[Mention]) -> None:
        """'Mosul, Iraq' / 'Springfield, Ill.' / 'Bronx, New York': the second mention
        contains the first, and is read as a country or admin1 region where it can be —
        unless it goes on into a list ('Toronto, New York and Boston')."""
        text = doc_text(doc)
        for k, (a, b) in enumerate(zip(mentions, mentions[1:], strict=False)):
            between = text[a.end : b.start]
            if between.strip() in ("'s", "’s") and len(between) <= 3:
                b.owner = k  # "Cairo's Abbasiya", "Giza's Haram district"
                continue
            nxt = mentions[k + 2] if k + 2 < len(mentions) else None
            after_b = text[b.end : nxt.start].strip() if nxt is not None else None
            listed = after_b in _LIST_SEPARATORS
            in_link = _IN_LINK.match(between)
            joined = after_b in _LIST_CONJUNCTIONS
            if in_link and not joined:
                a.container = k + 1  # "Monroe County in northeast Missouri", "Kfraya in Idlib"
                a.container_link = "in-kind" if in_link.group(1) else "in"
                continue
            if between.strip() not in (",", "(") or len(between) > 3:
                continue
            a.container = k + 1
            a.container_link = "comma"
            if not listed:
                b.contains = True
        self._link_lists(doc, mentions)

    @staticmethod
    def _link_lists(doc: Any, mentions: list[Mention]) -> None:
        """Lists of toponyms ("Colorado, Georgia, Illinois and New York", "Montana and
        Wyoming"): three or more items, or two joined by and/or — not "Mosul, Iraq"."""
        text = doc_text(doc)
        groups: list[list[int]] = []
        seps: list[list[str]] = []
        for k, m in enumerate(mentions):
            if (
                k
                and text[mentions[k - 1].end : m.start].strip() in _LIST_SEPARATORS
                and (m.start - mentions[k - 1].end <= 6)
            ):
                groups[-1].append(k)
                seps[-1].append(text[mentions[k - 1].end : m.start].strip())
            else:
                groups.append([k])
                seps.append([])
        for group, sep in zip(groups, seps, strict=True):
            if len(group) >= 3 or (len(group) == 2 and sep[0] != ","):
                for n, k in enumerate(group):
                    near = group[max(0, n - MAX_LIST_SIBLINGS // 2) : n + MAX_LIST_SIBLINGS // 2 + 1]
                    mentions[k].siblings = [o for o in near if o != k]
