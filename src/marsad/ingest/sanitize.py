"""Text sanitised once, at ingest: characters no later stage or store can hold are replaced.

A lone surrogate (``"\\ud800"`` from a JSON escape) cannot be encoded as UTF-8, a NUL cannot be
stored in PostgreSQL, and other control characters break output formats. Each is replaced by
one character (U+FFFD for a surrogate, a line break for a vertical tab or form feed, a space
for the rest), so the text keeps its length and every offset still points where it did in the
original; the replaced characters and their offsets are listed in the document's warnings, so
the original can be rebuilt.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
MAX_LISTED = 20  # replaced characters named one by one in the warning


def _replacement(ch: str) -> str:
    if "\ud800" <= ch <= "\udfff":
        return "\ufffd"
    if ch in "\x0b\x0c":
        return "\n"
    return " "


def sanitize(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text with unsafe characters replaced one for one, and the (offset, character) replaced."""
    replaced = [(m.start(), m.group()) for m in _UNSAFE.finditer(text)]
    if not replaced:
        return text, []
    return _UNSAFE.sub(lambda m: _replacement(m.group()), text), replaced


def describe(replaced: list[tuple[int, str]], field: str = "text") -> str:
    """A warning naming what was replaced and where (the first few, by offset and code point)."""
    surrogates = sum(1 for _, ch in replaced if "\ud800" <= ch <= "\udfff")
    kinds = []
    if surrogates:
        kinds.append(f"{surrogates} lone surrogate(s) with U+FFFD")
    if len(replaced) > surrogates:
        kinds.append(f"{len(replaced) - surrogates} control character(s) with a space or line break")
    listed = ", ".join(f"{offset}:U+{ord(ch):04X}" for offset, ch in replaced[:MAX_LISTED])
    more = f" and {len(replaced) - MAX_LISTED} more" if len(replaced) > MAX_LISTED else ""
    return f"ingest: {field}: replaced {' and '.join(kinds)}; originals (offset:code point) {listed}{more}"


def clean_field(value: str) -> str:
    """A metadata value (title, author, ...) with unsafe characters replaced and outer space trimmed."""
    return sanitize(value)[0].strip()
