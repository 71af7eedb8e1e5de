"""Read the Phoenix/PETRARCH2 actor dictionaries (TABARI format) and map CAMEO codes to PLOVER.

Input: the ``*.actors.txt`` and ``agents.txt`` files of ``actors/phoenix/`` in the shared
development data (MIT, Open Event Data Alliance). Output: :class:`PhoenixEntry` records
(a name, its synonyms, and CAMEO codes with date ranges) and agent nouns, and
:func:`compile_phoenix`, which writes them to the compact file shipped in the package
(``marsad/actors/data/phoenix/phoenix.jsonl.gz``, with the licence beside it).

TABARI format, as the files use it: a line starting in column one opens an entry, ``+NAME``
lines add synonyms, ``[CODE]`` / ``[CODE >YYMMDD]`` / ``[CODE <YYMMDD]`` /
``[CODE YYMMDD-YYMMDD]`` give its codes (inline or on indented lines), ``_`` stands for a
space and ``#`` starts a comment. Dates have six (two-digit year) or eight digits.

Run ``python -m marsad.actors.phoenix [DATA_DIR]`` to recompile the shipped file.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ACTOR_FILES = {
    "countries": "Phoenix.Countries.actors.txt",
    "international": "Phoenix.International.actors.txt",
    "nonstate": "Phoenix.MilNonState.actors.txt",
}
AGENTS_FILE = "Phoenix.agents.txt"
SHIPPED = Path(__file__).resolve().parent / "data" / "phoenix" / "phoenix.jsonl.gz"

# CAMEO role codes (3 letters after the country) → PLOVER sector. Insurgents and
# separatists are rebels in PLOVER; CAMEO's radicals and moderates are opposition.
ROLE_SECTORS = {
    **{
        c: c
        for c in [
            "GOV",
            "MIL",
            "REB",
            "OPP",
            "PTY",
            "COP",
            "JUD",
            "SPY",
            "LEG",
            "ELI",
            "CVL",
            "REF",
            "EDU",
            "LAB",
            "BUS",
            "CRM",
            "UAF",
        ]
    },
    **{c: c for c in ["AGR", "HRI", "ENV", "DEV", "IGO", "NGO"]},
    # CAMEO's media and health codes are PLOVER's JRN and MED (PLOVER manual, sector note 4)
    "MED": "JRN",
    "HLH": "MED",
    "INS": "REB",
    "SEP": "REB",
    "RAD": "OPP",
    "MOD": "OPP",
    "AMN": "HRI",
    "IRC": "NGO",
}
RELIGION_CODES = frozenset(
    [
        "MUS",
        "CHR",
        "JEW",
        "BUD",
        "HIN",
        "SHI",
        "SUN",
        "CTH",
        "ORT",
        "PRO",
        "ATH",
        "BAH",
        "JAI",
        "SIK",
        "TAO",
        "ZRO",
    ]
)
# Codes of the first three letters that are not a state: international and regional actors.
PREFIX_SECTORS = {"IGO": "IGO", "NGO": "NGO", "IMG": "REB", "MNC": "BUS", "NGM": "NGO", "UIS": "UAF"}

NOTICE = """\
phoenix.jsonl.gz is compiled from the Phoenix/PETRARCH2 actor dictionaries
(Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
Phoenix.MilNonState.actors.txt, Phoenix.agents.txt) of openeventdata/petrarch2 @ 676801c,
Copyright (c) 2014 Open Event Data Alliance, released under the MIT License (LICENSE,
beside this file). Their country dictionary derives from CountryInfo.140130.txt of the
Computational Event Data System project (http://eventdata.parusanalytics.com), funded by the
National Science Foundation (SES-1004414, SES-1259190).

Changes: names and synonyms rewritten from TABARI notation (NURI_AL-MALIKI_ -> Nuri
al-Maliki), dates as ISO dates, macros of the agents file expanded; records per source:
{counts}. Recompile with: python -m marsad.actors.phoenix [DATA_DIR]
"""

_CODE = re.compile(r"\[([^\]]*)\]")
_DATE_RANGE = re.compile(r"^(\d{6}|\d{8})-(\d{6}|\d{8})$")
_BOUND = re.compile(r"^([<>])(\d{6}|\d{8})$")
_MACRO = re.compile(r"^(!\w+!)\s*=\s*(.+)$")
_SMALL_WORDS = {
    "al",
    "el",
    "of",
    "the",
    "and",
    "for",
    "de",
    "du",
    "la",
    "le",
    "bin",
    "ibn",
    "von",
    "van",
    "da",
}


@dataclass
class PhoenixCode:
    """One CAMEO code of an entry, valid from ``start`` (inclusive) to ``end`` (exclusive)."""

    code: str
    start: date | None = None
    end: date | None = None

    def covers(self, day: date | None) -> bool:
        if day is None:
            return self.start is None and self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def to_json(self) -> list[Any]:
        return [self.code, _iso(self.start), _iso(self.end)]


@dataclass
class PhoenixEntry:
    """An actor of a Phoenix dictionary: its name, synonyms and dated CAMEO codes."""

    name: str
    source: str
    aliases: list[str] = field(default_factory=list)
    codes: list[PhoenixCode] = field(default_factory=list)
    person: bool = False


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def parse_date(text: str) -> date | None:
    """``YYMMDD`` (years before 30 are 20xx, as PETRARCH reads them) or ``YYYYMMDD``; None
    when the digits are no calendar date (the files have a few typos)."""
    try:
        if len(text) == 6:
            yy = int(text[:2])
            return date(2000 + yy if yy < 30 else 1900 + yy, int(text[2:4]), int(text[4:6]))
        if len(text) == 8:
            return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    return None


def parse_code(body: str) -> PhoenixCode | None:
    """``"IRQGOV 060520-140908"`` → PhoenixCode; None for the null code ``---`` or garbage."""
    parts = body.split()
    if not parts or not re.fullmatch(r"~?[A-Z]{3,}", parts[0]):
        return None
    code = PhoenixCode(parts[0].lstrip("~"))
    for part in parts[1:]:
        if m := _DATE_RANGE.match(part):
            code.start, code.end = parse_date(m.group(1)), parse_date(m.group(2))
        elif m := _BOUND.match(part):
            day = parse_date(m.group(2))
            if m.group(1) == ">":
                code.start = day
            else:
                code.end = day
    return code


def display_name(raw: str) -> str:
    """``"NURI_AL-MALIKI_"`` → ``"Nuri al-Maliki"``; acronyms (no vowel, or ≤ 4 letters
    with dots) stay upper case."""
    text = " ".join(raw.replace("_", " ").split())
    words = []
    for i, word in enumerate(text.split(" ")):
        letters = re.sub(r"[^A-Za-z]", "", word)
        if len(letters) <= 4 and ("." in word or not re.search(r"[AEIOUY]", letters)):
            words.append(word)
            continue
        parts = [p.capitalize() for p in word.split("-")]
        if parts and parts[0].lower() in _SMALL_WORDS and (i > 0 or len(parts) > 1):
            parts[0] = parts[0].lower()
        words.append("-".join(parts))
    return " ".join(words)


def _clean(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def parse_actors(lines: Iterable[str], source: str) -> Iterator[PhoenixEntry]:
    """The entries of one ``.actors`` file, in file order (entries without a code dropped)."""
    current: PhoenixEntry | None = None
    for raw in lines:
        line = _clean(raw)
        if not line.strip():
            continue
        codes = [c for c in (parse_code(b) for b in _CODE.findall(line)) if c]
        head = _CODE.sub(" ", line)
        if line[0] not in " \t+":
            if current is not None and current.codes:
                yield current
            name = head.strip()
            current = PhoenixEntry(display_name(name), source) if name else None
            if current is not None:
                current.person = "CountryInfo" in raw
        elif line[0] == "+" and current is not None:
            alias = display_name(head[1:].strip())
            if alias and alias not in current.aliases and alias != current.name:
                current.aliases.append(alias)
        if current is not None:
            current.codes += codes
    if current is not None and current.codes:
        yield current


def parse_agents(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(noun, CAMEO agent code) pairs of ``agents.txt``: macros (``!PERSON!``) expanded and
    the plural in braces given as its own noun."""
    macros: dict[str, list[str]] = {}
    for raw in lines:
        line = _clean(raw).strip()
        if m := _MACRO.match(line):
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        codes = [c for c in (parse_code(b) for b in _CODE.findall(line)) if c]
        if not codes:
            continue
        head = _CODE.sub(" ", line)
        plural = re.search(r"\{([^}]*)\}", head)
        nouns = [re.sub(r"\{[^}]*\}", " ", head).strip()]
        if plural and plural.group(1).strip():
            nouns.append(plural.group(1).strip())
        for noun in nouns:
            for form in _expand(noun, macros):
                words = " ".join(form.replace("_", " ").lower().split())
                if words:
                    yield words, codes[0].code


def _expand(noun: str, macros: dict[str, list[str]]) -> list[str]:
    m = re.search(r"!\w+!", noun)
    if m is None or m.group(0) not in macros:
        return [noun]
    out: list[str] = []
    for word in macros[m.group(0)]:
        out += _expand(noun[: m.start()] + word + noun[m.end() :], macros)
    return out


def plover(code: str, states: frozenset[str] | set[str]) -> tuple[str | None, str | None]:
    """(ISO3 country, PLOVER sector) of a CAMEO actor code: ``IRQGOV`` → (IRQ, GOV),
    ``IGOUNOREFHCR`` → (None, IGO), ``IMGMUSALQ`` → (None, REB), ``USAELI`` → (USA, ELI);
    an agent code ("COP") is its sector; a religion code alone gives REL."""
    head = code[:3]
    country = head if head in states else None
    sector = PREFIX_SECTORS.get(head)
    # an agent code has no state part ("COP", "BUDUAF"), a regional one no state (AFR, EUR)
    chunks = [code[i : i + 3] for i in range(0 if country is None and sector is None else 3, len(code), 3)]
    if sector is None:
        sector = next((ROLE_SECTORS[c] for c in chunks if c in ROLE_SECTORS), None)
    if sector is None and any(c in RELIGION_CODES for c in chunks):
        sector = "REL"
    return country, sector


# ---------------------------------------------------------------- compiling
def data_dir(path: str | Path | None = None) -> Path | None:
    """The shared ``actors/phoenix`` folder: ``path``, else ``$MARSAD_DEV_DATA``, else
    ``../shared/data`` beside the checkout; None when absent."""
    base = (
        path or os.environ.get("MARSAD_DEV_DATA") or Path(__file__).resolve().parents[4] / "shared" / "data"
    )
    folder = Path(base)
    if not (folder / ACTOR_FILES["countries"]).is_file():
        folder = folder / "actors" / "phoenix"
    return folder if (folder / ACTOR_FILES["countries"]).is_file() else None


def records(folder: Path) -> Iterator[dict[str, Any]]:
    """Compact JSON records of the dictionaries in ``folder``: actors, then agent nouns."""
    for source, name in ACTOR_FILES.items():
        lines = (folder / name).read_text("utf-8", errors="replace").splitlines()
        for e in parse_actors(lines, source):
            yield {
                "t": "actor",
                "src": source,
                "name": e.name,
                "aliases": e.aliases,
                "codes": [c.to_json() for c in e.codes],
                "person": e.person,
            }
    agents = (folder / AGENTS_FILE).read_text("utf-8", errors="replace").splitlines()
    seen: set[str] = set()
    for noun, code in parse_agents(agents):
        if noun not in seen:
            seen.add(noun)
            yield {"t": "agent", "noun": noun, "code": code}


def compile_phoenix(folder: Path, out: Path = SHIPPED) -> dict[str, int]:
    """Write the shipped compact file (reproducible: no time stamp in the gzip header) and
    copy the licence beside it; returns the number of records per source."""
    counts: dict[str, int] = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for rec in records(folder):
        key = rec.get("src", "agents")
        counts[key] = counts.get(key, 0) + 1
        lines.append(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    (out.parent / "LICENSE").write_text((folder / "LICENSE").read_text("utf-8"), "utf-8")
    (out.parent / "NOTICE").write_text(NOTICE.format(counts=counts), "utf-8")
    return counts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = data_dir(args[0] if args else None)
    if folder is None:
        print("phoenix: the shared data (actors/phoenix) was not found; set MARSAD_DEV_DATA", file=sys.stderr)
        return 2
    counts = compile_phoenix(folder)
    print(f"wrote {SHIPPED} ({SHIPPED.stat().st_size:,} bytes): {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
