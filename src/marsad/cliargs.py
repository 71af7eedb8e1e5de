"""Checks of command-line values made before a command runs, each failing with one plain line.

- :func:`date_option_error`: a ``--date``, ``--since`` or ``--until`` that is not an ISO date;
- :func:`missing_store`: the SQLite file a read command was pointed at, when it does not exist
  (opening it would create an empty store and show nothing, silently);
- :func:`warn_left_out`: after an export, how many events its format left out and why.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

DATE_OPTIONS = ("date", "since", "until")
DATE_FORM = "YYYY-MM-DD, e.g. 2014-06-10"


def is_iso_date(value: str) -> bool:
    """True for an ISO date (``2014-06-10``) or date and time (``2014-06-10T08:00``)."""
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parse(value.strip())
        except ValueError:
            continue
        return True
    return False


def date_option_error(args: argparse.Namespace) -> str | None:
    """The message for the first date option whose value is not a date, or None."""
    for name in DATE_OPTIONS:
        value = getattr(args, name, None)
        if isinstance(value, str) and not is_iso_date(value):
            return f"--{name} {value!r} is not a date: expected {DATE_FORM}"
    return None


def sqlite_file(db: str | Path | None) -> Path | None:
    """The file of a SQLite store (None → the default store), or None for other databases."""
    if db is None:
        from marsad.config import default_db_path

        return default_db_path()
    text = str(db)
    if "://" not in text:
        return None if text == ":memory:" else Path(text).expanduser()
    prefix, _, rest = text.partition("://")
    if not prefix.startswith("sqlite") or not rest.startswith("/") or rest in ("/", "/:memory:"):
        return None
    return Path(unquote(rest[1:].split("?", 1)[0])).expanduser()


def missing_store(db: str | Path | None) -> Path | None:
    """The SQLite file ``db`` names when it does not exist; None when it exists or is not a file."""
    path = sqlite_file(db)
    return path if path is not None and not path.exists() else None


def warn_left_out(fmt: str, left_out: Counter[str] | None) -> None:
    """Say on stderr how many events an export of ``fmt`` left out, and why (nothing if none)."""
    from marsad.export import left_out_message

    message = left_out_message(fmt, left_out or Counter())
    if message:
        print(f"marsad: {message}", file=sys.stderr)
