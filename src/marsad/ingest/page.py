"""Reader for plain-text scraped article pages.

A scraped page is a sequence of blocks separated by blank lines: a headline, a lede,
a photo caption ending in a credit, "Topics covered" and a topic list, a dateline,
the body, and a trailer of paywall and "more from" boilerplate. The reader keeps the
text exactly as read and describes it with zones (character ranges), so that every
offset downstream points into the original text.

Input: the page text. Output: a :class:`marsad.model.Document` with ``title``, ``lede``,
``caption``, ``photo_credit``, ``topics``, ``date``, ``author``, ``publication`` and
``zones`` (title, lede, caption, topics, dateline, body, boilerplate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from marsad.model import Document, Zone

MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
DATELINE_RES = [
    re.compile(
        rf"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?({MONTHS})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I
    ),
    re.compile(
        rf"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(\d{{1,2}})\s+({MONTHS})\.?,?\s+(\d{{4}})\b", re.I
    ),
    re.compile(r"^(\d{4})-(\d{2})-(\d{2})\b"),
]
SITE_PREFIX_RE = re.compile(r"^([a-z][a-z0-9]*(?:[-.][a-z0-9]+)*)\s+(?=[A-Z])")


@dataclass
class Block:
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    raw = resources.files("marsad.ingest").joinpath("data/boilerplate.yaml").read_text(encoding="utf-8")
    rules = yaml.safe_load(raw)
    compiled: dict[str, Any] = {}
    for key in ("trailer", "line", "topics_headers"):
        compiled[key] = [re.compile(p, re.I) for p in rules[key]]
    for key in ("author_patterns", "credit_patterns"):
        compiled[key] = [re.compile(p, re.I if key == "author_patterns" else 0) for p in rules[key]]
    return compiled


@lru_cache(maxsize=1)
def publications() -> dict[str, str]:
    raw = resources.files("marsad.ingest").joinpath("data/publications.yaml").read_text(encoding="utf-8")
    return {str(k).lower(): str(v) for k, v in yaml.safe_load(raw).items()}


def publication_name(key: str) -> str:
    """``al-monitor`` → ``Al-Monitor`` (known sites from the list, others title-cased)."""
    key = key.lower().strip()
    key = re.sub(r"^www\.", "", key)
    key = re.sub(r"\.(com|org|net|co\.uk|co|info|news)$", "", key)
    return publications().get(key) or "-".join(part.capitalize() for part in key.split("-"))


def split_blocks(text: str) -> list[Block]:
    """Blocks separated by blank lines, with their offsets (stripped of outer whitespace)."""
    blocks = []
    for m in re.finditer(r"\S(?:.*?\S)?(?=[ \t]*\n[ \t]*\n|\s*\Z)", text, re.S):
        blocks.append(Block(m.start(), m.end(), m.group(0)))
    return blocks


def parse_dateline(line: str) -> date | None:
    """A block that is only a date ("Jun 10, 2014", "10 June 2014", "2014-06-10")."""
    line = line.strip()
    if len(line) > 40:
        return None
    from dateutil import parser as dateutil_parser

    for pattern in DATELINE_RES:
        if pattern.match(line):
            try:
                return dateutil_parser.parse(line, fuzzy=True).date()
            except (ValueError, OverflowError):
                return None
    return None


def _matches(patterns: list[re.Pattern[str]], line: str) -> bool:
    return any(p.match(line) for p in patterns)


def _is_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?…”\"']\s*$", text)) and len(text.split()) >= 6


def _credit(caption: str) -> str | None:
    for pattern in _rules()["credit_patterns"]:
        m = pattern.search(caption)
        if m:
            credit = m.group("credit").strip().rstrip(".")
            return credit.split("/")[0].strip() if credit.isupper() else credit
    return None


def looks_like_page(text: str) -> bool:
    """Whether a plain text has the layout of a scraped page (dateline, caption or boilerplate)."""
    blocks = split_blocks(text)[:12]
    rules = _rules()
    return any(
        parse_dateline(b.text)
        or _credit(b.text)
        or _matches(rules["trailer"], b.text)
        or _matches(rules["topics_headers"], b.text)
        for b in blocks
    )


def parse_page(text: str, doc: Document) -> Document:
    """Fill ``doc`` (whose ``text`` is the page) with the page's metadata and zones."""
    rules = _rules()
    blocks = split_blocks(text)
    zones: list[Zone] = []
    header_end = 0
    dateline_index = None
    for i, block in enumerate(blocks[:15]):
        found = parse_dateline(block.text)
        if found:
            dateline_index = i
            if doc.date is None:
                doc.date = found
                doc.date_reason = f"dateline {block.text!r}"
            zones.append(Zone("dateline", block.start, block.end, coded=False))
            header_end = i + 1
            break

    header = blocks[:dateline_index] if dateline_index is not None else blocks[:1]
    body_blocks = blocks[header_end:] if dateline_index is not None else blocks[1:]
    expect_topics = False
    for i, block in enumerate(header):
        first_line = block.text.split("\n", 1)[0].strip()
        if expect_topics:
            doc.topics = [t.strip() for t in re.split(r"[,;\n]", block.text) if t.strip()]
            zones.append(Zone("topics", block.start, block.end, coded=False))
            expect_topics = False
        elif _matches(rules["topics_headers"], first_line) and len(block.text) < 40:
            zones.append(Zone("boilerplate", block.start, block.end, coded=False))
            expect_topics = True
        elif i == 0 and "\n" not in block.text and len(block.text) < 200:
            doc.title = doc.title or block.text.strip()
            zones.append(Zone("title", block.start, block.end))
        elif _credit(block.text) and doc.caption is None:
            start = block.start
            site = SITE_PREFIX_RE.match(block.text)
            if site and (
                "-" in site.group(1) or "." in site.group(1) or site.group(1).lower() in publications()
            ):
                if doc.publication is None:
                    doc.publication = publication_name(site.group(1))
                zones.append(Zone("boilerplate", block.start, block.start + len(site.group(1)), coded=False))
                start = block.start + site.end()
            doc.caption = text[start : block.end]
            doc.photo_credit = _credit(block.text)
            zones.append(Zone("caption", start, block.end))
        elif doc.lede is None and _is_sentence(block.text):
            doc.lede = block.text
            zones.append(Zone("lede", block.start, block.end))
        else:
            zones.append(Zone("header", block.start, block.end, coded=False))

    in_trailer = False
    for block in body_blocks:
        first_line = block.text.split("\n", 1)[0].strip()
        if not in_trailer and _matches(rules["trailer"], first_line):
            in_trailer = True
        for pattern in rules["author_patterns"]:
            m = pattern.match(first_line)
            if m and doc.author is None and (in_trailer or len(first_line) < 80):
                doc.author = re.sub(r"\s+", " ", m.group("author")).strip()
        boiler = in_trailer or _matches(rules["line"], first_line)
        zones.append(Zone("boilerplate" if boiler else "body", block.start, block.end, coded=not boiler))
    doc.zones = sorted(zones, key=lambda z: z.start)
    doc.format = "page"
    return doc
