"""The world-scale actor index: the Phoenix/PETRARCH2 dictionaries as an indexed SQLite file.

Input: the compact file shipped in the package (``data/phoenix/phoenix.jsonl.gz``, compiled
by :mod:`marsad.actors.phoenix`; MIT, licence beside it). Output: a SQLite file in the cache
directory (``MARSAD_CACHE_DIR``), built once on first use with a progress bar, with

* ``entries`` — one row per Phoenix actor (id ``phx:<key>``, name, source, person flag,
  CAMEO codes with date ranges as JSON);
* ``names`` — every name and synonym by :func:`actor_key` (indexed), with whether it only
  counts written in capitals (short acronyms such as "KRG");
* ``agents`` — generic agent nouns → CAMEO agent code;
* ``meta`` — version and counts.

:class:`WorldKB` answers :meth:`WorldKB.lookup` (a name on a day → :class:`WorldActor` with the
country and sector of the code valid that day) for mentions the curated dictionary does not
know; it is never used to find mentions in text (see ``docs/stages/actors.md``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tqdm import tqdm

from marsad.actors.normalize import actor_key
from marsad.actors.phoenix import SHIPPED, PhoenixCode, plover

WORLD_VERSION = "3"  # 3: CAMEO media and health codes read as PLOVER JRN and MED
SCHEMA = """
CREATE TABLE entries (id TEXT PRIMARY KEY, name TEXT NOT NULL, source TEXT NOT NULL,
                      person INTEGER NOT NULL, codes TEXT NOT NULL, aliases TEXT NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, entry_id TEXT NOT NULL, alias TEXT NOT NULL,
                    exact INTEGER NOT NULL, primary_name INTEGER NOT NULL);
CREATE TABLE agents (noun TEXT PRIMARY KEY, code TEXT NOT NULL);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE INDEX names_key ON names(key);
"""
# kind of a Phoenix organisation by the PLOVER sector of its code
SECTOR_KINDS = {
    "GOV": "government",
    "MIL": "state_forces",
    "COP": "state_forces",
    "SPY": "state_forces",
    "PTY": "political",
    "OPP": "political",
    "REB": "armed_group",
    "UAF": "armed_group",
    "IGO": "igo",
}

# words of organisation names (English and the transliterations Phoenix uses)
ORG_WORDS = frozenset(
    [
        "army",
        "front",
        "brigade",
        "brigades",
        "battalion",
        "party",
        "movement",
        "organization",
        "organisation",
        "group",
        "council",
        "forces",
        "force",
        "ministry",
        "government",
        "union",
        "league",
        "committee",
        "association",
        "agency",
        "bank",
        "company",
        "corporation",
        "commission",
        "court",
        "assembly",
        "parliament",
        "office",
        "police",
        "guard",
        "alliance",
        "coalition",
        "jaish",
        "jaysh",
        "kataeb",
        "katibat",
        "liwa",
        "harakat",
        "jabhat",
        "hizb",
        "ansar",
        "tanzim",
        "jamaat",
        "majlis",
        "fatah",
        "administration",
        "authority",
        "institute",
        "foundation",
        "federation",
        "society",
        "network",
        "state",
    ]
)


@dataclass
class WorldActor:
    """A Phoenix actor as read from the index."""

    id: str
    name: str
    source: str
    person: bool
    codes: list[PhoenixCode]
    aliases: list[str] = field(default_factory=list)

    def code_on(self, day: date | None) -> PhoenixCode | None:
        """The code valid on ``day``: a dated one covering it, else an undated one, else the
        latest dated one (what the actor was last known as)."""
        if day is not None:
            dated = [c for c in self.codes if (c.start or c.end) and c.covers(day)]
            if dated:
                return dated[-1]
        undated = [c for c in self.codes if c.start is None and c.end is None]
        if undated:
            return undated[0]
        return max(self.codes, key=lambda c: c.end or c.start or date.min, default=None)

    @property
    def named_organisation(self) -> bool:
        return bool(set(actor_key(self.name).split()) & ORG_WORDS)

    def describe(self, day: date | None, states: frozenset[str]) -> tuple[str | None, str | None, str]:
        """(country, sector, kind) on ``day``."""
        code = self.code_on(day)
        country, sector = plover(code.code, states) if code else (None, None)
        kind = "person" if self.person else SECTOR_KINDS.get(sector or "", "organization")
        return country, sector, kind


def default_path(source: Path = SHIPPED) -> Path:
    """The cache file for ``source``; its name carries a digest, so a recompiled file rebuilds."""
    from marsad.config import cache_dir

    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:10]
    return cache_dir() / f"actors-world-{WORLD_VERSION}-{digest}.sqlite"


def _exact(alias: str) -> bool:
    """A one-word name of at most four letters counts only written in capitals ("KRG")."""
    letters = [c for c in alias if c.isalpha()]
    return " " not in alias and len(letters) <= 4


def build(target: Path, source: Path = SHIPPED, *, states: frozenset[str], progress: bool = True) -> Path:
    """Compile ``source`` (the shipped JSON lines) into the SQLite file ``target``, written
    under a temporary name and renamed, so concurrent readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
    os.close(fd)
    con = sqlite3.connect(tmp)
    try:
        con.executescript(SCHEMA)
        counts: dict[str, int] = {}
        used: set[str] = set()
        with gzip.open(source, "rt", encoding="utf-8") as fh:
            for line in tqdm(
                fh, desc="actor KB: indexing Phoenix", unit=" entries", file=sys.stderr, disable=not progress
            ):
                rec = json.loads(line)
                if rec["t"] == "agent":
                    con.execute("INSERT OR IGNORE INTO agents VALUES (?,?)", (rec["noun"], rec["code"]))
                    counts["agents"] = counts.get("agents", 0) + 1
                    continue
                if not any(plover(c[0], states)[1] for c in rec["codes"]):
                    counts["skipped_places"] = counts.get("skipped_places", 0) + 1
                    continue  # a country block (state names, its cities): the state rules' business
                ident = _unique_id(rec["name"], used)
                con.execute(
                    "INSERT INTO entries VALUES (?,?,?,?,?,?)",
                    (
                        ident,
                        rec["name"],
                        rec["src"],
                        int(rec["person"]),
                        json.dumps(rec["codes"]),
                        json.dumps(rec["aliases"], ensure_ascii=False),
                    ),
                )
                names = {rec["name"]: 1} | {a: 0 for a in rec["aliases"] if a != rec["name"]}
                rows = [(actor_key(n), ident, n, int(_exact(n)), p) for n, p in names.items() if actor_key(n)]
                con.executemany("INSERT INTO names VALUES (?,?,?,?,?)", rows)
                counts[rec["src"]] = counts.get(rec["src"], 0) + 1
                counts["names"] = counts.get("names", 0) + len(rows)
        meta = {"version": WORLD_VERSION, "source": source.name, "counts": counts}
        con.executemany("INSERT INTO meta VALUES (?,?)", [(k, json.dumps(v)) for k, v in meta.items()])
        con.commit()
    finally:
        con.close()
    os.replace(tmp, target)
    return target


def _unique_id(name: str, used: set[str]) -> str:
    base = "phx:" + (actor_key(name).replace(" ", "_") or "x")
    ident, n = base, 1
    while ident in used:
        n += 1
        ident = f"{base}~{n}"
    used.add(ident)
    return ident


class WorldKB:
    """Read access to the compiled world index (one connection, shared by threads)."""

    def __init__(self, path: str | Path, states: frozenset[str]) -> None:
        started = time.perf_counter()
        self.path = Path(path)
        self.states = states
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.meta = {k: json.loads(v) for k, v in self._con.execute("SELECT k, v FROM meta")}
        self._lock = threading.Lock()
        self._cache: dict[str, WorldActor | None] = {}
        self.load_seconds = time.perf_counter() - started

    @classmethod
    def open(
        cls, states: frozenset[str], path: str | Path | None = None, *, progress: bool = True
    ) -> WorldKB:
        """The index at ``path``, or the default one, built from the shipped file on first use."""
        target = Path(path) if path else default_path()
        if not target.is_file():
            build(target, states=states, progress=progress)
            if not path:
                for old in target.parent.glob("actors-world-*.sqlite"):
                    if old != target:
                        old.unlink(missing_ok=True)
        return cls(target, states)

    def __getstate__(self) -> dict[str, Any]:  # worker processes reopen the file
        return {"path": self.path, "states": self.states}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"], state["states"])  # type: ignore[misc]

    def counts(self) -> dict[str, int]:
        return dict(self.meta.get("counts") or {})

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._con.execute(sql, params).fetchall()

    def get(self, actor_id: str) -> WorldActor | None:
        if actor_id in self._cache:
            return self._cache[actor_id]
        rows = self._query(
            "SELECT id, name, source, person, codes, aliases FROM entries WHERE id=?", (actor_id,)
        )
        found = None
        if rows:
            ident, name, source, person, codes, aliases = rows[0]
            found = WorldActor(
                ident,
                name,
                source,
                bool(person),
                [PhoenixCode(c, _day(s), _day(e)) for c, s, e in json.loads(codes)],
                json.loads(aliases),
            )
        self._cache[actor_id] = found
        return found

    def candidates(self, text: str) -> list[tuple[WorldActor, str, bool]]:
        """(actor, alias, is its main name) of every entry that has ``text`` as a name,
        acronyms only when ``text`` is written in capitals."""
        key = actor_key(text)
        if not key:
            return []
        caps = text.strip().replace(".", "").isupper()
        rows = self._query("SELECT entry_id, alias, exact, primary_name FROM names WHERE key=?", (key,))
        out = []
        for entry_id, alias, exact, primary in rows:
            actor = self.get(entry_id)
            if actor is not None and (not exact or caps):
                out.append((actor, alias, bool(primary)))
        return out

    def lookup(self, text: str, day: date | None = None, *, person: bool | None = None) -> WorldActor | None:
        """The entry ``text`` names: one with a code valid on ``day`` first, then one of the
        wanted kind, then one whose main name it is, then file order. ``person=True`` (a name
        the recogniser calls a person) accepts person entries only."""
        found = self.candidates(text)
        if person:
            # Phoenix lists a leader's name under his group ("Abu Omar al-Shishani" under
            # Jaish al-Muhajireen wal-Ansar): a person is only a person entry, or the main
            # name of an entry that is not named as an organisation
            found = [f for f in found if f[0].person or (f[2] and not f[0].named_organisation)]
        if not found:
            return None

        def score(item: tuple[WorldActor, str, bool]) -> tuple[int, int, int]:
            actor, _alias, primary = item
            dated = day is not None and any((c.start or c.end) and c.covers(day) for c in actor.codes)
            return (int(dated), int(person is None or actor.person == person), int(primary))

        return max(found, key=score)[0]  # max keeps the first of equals: file order

    def agent(self, noun: str) -> tuple[str, str | None] | None:
        """(CAMEO code, PLOVER sector) of a generic agent noun ("riot police" → ~COP)."""
        rows = self._query("SELECT code FROM agents WHERE noun=?", (" ".join(noun.lower().split()),))
        return (rows[0][0], plover(rows[0][0], self.states)[1]) if rows else None

    def close(self) -> None:
        self._con.close()


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
