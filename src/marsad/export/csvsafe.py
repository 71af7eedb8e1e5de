"""CSV cells that a spreadsheet will not run as formulas (OWASP "CSV injection").

Input: the values of a CSV row. Output: the same values, where a text starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so that Excel,
LibreOffice and Google Sheets show it as text instead of evaluating it. A plain number such
as ``-33.5`` or ``+7`` is left as it is (a spreadsheet reads it as a number, never a formula),
so coordinates and counts keep their meaning. Carriage returns inside a cell become ``\n``:
with ``\n`` line endings Python's writer would leave a cell holding a lone ``\r`` unquoted, and
readers would split the row there.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """``value`` made inert for spreadsheets (non-strings are returned unchanged)."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _one_line_ending(safe_cell(v)) for k, v in row.items()}


def _one_line_ending(value: Any) -> Any:
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


class SafeDictWriter(csv.DictWriter):
    """A ``csv.DictWriter`` whose rows go through :func:`safe_cell`."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow(safe_row(rowdict))

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for row in rowdicts:
            self.writerow(row)


def safe_dict_writer(out: TextIO, fieldnames: list[str], **kwargs: Any) -> SafeDictWriter:
    """A :class:`SafeDictWriter` on ``out`` with ``\\n`` line endings unless told otherwise."""
    kwargs.setdefault("lineterminator", "\n")
    return SafeDictWriter(out, fieldnames=fieldnames, **kwargs)
