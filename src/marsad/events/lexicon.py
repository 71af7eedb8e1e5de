"""The trigger lexicon and cue lists, read from the YAML files in ``data/``.

Input: ``data/triggers.yaml`` and ``data/cues.yaml``. Output: a :class:`Lexicon` with
lemma → :class:`TriggerEntry` indexes for verbs and nouns, multi-word phrases, light verbs
and the cue word lists used by the other modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class TriggerEntry:
    """What a trigger word codes: PLOVER type/mode/context and an ACLED rule or pair."""

    id: str
    type: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    acled: tuple[str, str] | str | None = None  # (event_type, sub_event_type) | "auto" | None
    flags: frozenset[str] = frozenset()

    def has(self, flag: str) -> bool:
        return flag in self.flags


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    entry: TriggerEntry
    mode: str | None = None


@dataclass
class Lexicon:
    verbs: dict[str, TriggerEntry] = field(default_factory=dict)
    nouns: dict[str, TriggerEntry] = field(default_factory=dict)
    phrases: dict[str, list[Phrase]] = field(default_factory=dict)  # first word → phrases
    light_verbs: frozenset[str] = frozenset()
    defensive_verbs: frozenset[str] = frozenset()
    easing_verbs: frozenset[str] = frozenset()
    cutting_verbs: frozenset[str] = frozenset()
    cues: dict[str, Any] = field(default_factory=dict)
    entries: dict[str, TriggerEntry] = field(default_factory=dict)

    _sets: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def words(self, name: str) -> list[str]:
        return list(self.cues.get(name) or [])

    def word_set(self, name: str) -> frozenset[str]:
        """The cue list ``name`` as a (cached) set, for membership tests."""
        if name not in self._sets:
            self._sets[name] = frozenset(str(w) for w in self.cues.get(name) or [])
        return self._sets[name]

    def cue_regex(self, name: str) -> re.Pattern[str]:
        return words_regex(tuple(self.words(name)))


@lru_cache(maxsize=256)
def words_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """A regex matching any of ``words`` (lowercase text) as whole words, longest first."""
    if not words:
        return re.compile(r"(?!x)x")
    alts = sorted((re.escape(w.lower()) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


def _entry(raw: dict[str, Any]) -> TriggerEntry:
    acled = raw.get("acled")
    if isinstance(acled, list):
        acled = (str(acled[0]), str(acled[1]))
    return TriggerEntry(
        id=raw["id"],
        type=raw["type"],
        mode=raw.get("mode"),
        context=tuple(raw.get("context") or ()),
        acled=acled,
        flags=frozenset(raw.get("flags") or ()),
    )


@lru_cache(maxsize=4)
def load_lexicon(directory: str | None = None) -> Lexicon:
    """Read the lexicon YAML files (``directory`` defaults to the package's ``data/``)."""
    base = Path(directory) if directory else DATA
    trig = yaml.safe_load((base / "triggers.yaml").read_text(encoding="utf-8"))
    cues = yaml.safe_load((base / "cues.yaml").read_text(encoding="utf-8"))
    lex = Lexicon(cues=cues)
    for raw in trig["triggers"] + trig.get("phrase_triggers", []):
        entry = _entry(raw)
        lex.entries[entry.id] = entry
        for lemma in raw.get("verbs") or ():
            lex.verbs.setdefault(str(lemma).lower(), entry)
        for lemma in raw.get("nouns") or ():
            lex.nouns.setdefault(str(lemma).lower(), entry)
    for raw in trig.get("phrases") or ():
        if not raw.get("trigger"):
            continue
        phrase = Phrase(tuple(w.lower() for w in raw["words"]), lex.entries[raw["trigger"]], raw.get("mode"))
        lex.phrases.setdefault(phrase.words[0], []).append(phrase)
    lex.light_verbs = frozenset(trig.get("light_verbs") or ())
    lex.defensive_verbs = frozenset(trig.get("defensive_verbs") or ())
    lex.easing_verbs = frozenset(trig.get("easing_verbs") or ())
    lex.cutting_verbs = frozenset(trig.get("cutting_verbs") or ())
    return lex
