"""Checks of command-line values made before a command runs, each failing with one plain line.

- :func:`date_option_error`: a ``--date``, ``--since`` or ``--until`` that is not an ISO date;
- :func:`missing_store`: the SQLite file a read command was pointed at, when it does not exist
  (opening it would create an empty store and show nothing, silently);
- :func:`warn_left_out`: after an export, how many events its format left out and why;
- :func:`add_db_arg`, :func:`add_event_filters`, :func:`event_filters`: the ``--db`` and event
  filter options the store's commands share, and their values by the store's filter names.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from marsad.store import DedupConfig, Store
from marsad.store.review import STATUSES

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


def add_db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", default=None, help="store: SQLite path or database URL (default: the user data dir)"
    )


def add_event_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--actor", help="actor id, name, alias or mention text")
    parser.add_argument("--type", help="PLOVER type(s), comma-separated, or an ACLED (sub-)event type")
    parser.add_argument("--country", help="ISO alpha-2/alpha-3 code or country name")
    parser.add_argument("--near", help="place name in the store, GeoNames id or 'lat,lon'")
    parser.add_argument("--km", type=float, default=50.0, help="radius for --near (default 50)")
    parser.add_argument("--since", help="events on or after this date (YYYY-MM-DD)")
    parser.add_argument("--until", help="events on or before this date (YYYY-MM-DD)")
    parser.add_argument("--status", choices=list(STATUSES), help="review status")
    parser.add_argument("--min-sources", type=int, help="only events reported by at least N documents")
    parser.add_argument("--sub-event-type", help="ACLED sub-event type(s), comma-separated")
    parser.add_argument("--admin1", help="first-level administrative division(s), comma-separated")
    parser.add_argument("--min-confidence", type=float, help="minimum coding confidence, 0..1")
    parser.add_argument("--certainty", help="asserted, reported, hedged or inferred (comma-separated)")
    parser.add_argument("--bbox", help="west,south,east,north in degrees")
    parser.add_argument("--geonameid", help="GeoNames id of the event's place")
    parser.add_argument("--document", help="id(s) of a document reporting the event")
    parser.add_argument("--q", dest="text", help="text in the evidence, actor or place names")
    parser.add_argument(
        "--needs-review", action="store_true", help="only reviewed events whose sources changed since"
    )


def event_filters(args: argparse.Namespace) -> dict[str, Any]:
    """The event filters of the command line, by the names of :class:`marsad.store.queries.EventFilters`."""
    return {
        "actor": args.actor,
        "type": args.type,
        "country": args.country,
        "since": args.since,
        "until": args.until,
        "status": args.status,
        "min_sources": args.min_sources,
        "sub_event_type": args.sub_event_type,
        "admin1": args.admin1,
        "min_confidence": args.min_confidence,
        "certainty": args.certainty,
        "bbox": args.bbox,
        "geonameid": args.geonameid,
        "document": args.document,
        "q": args.text,
        "needs_review": True if args.needs_review else None,
    }


def open_store(args: argparse.Namespace, **dedup: Any) -> Store:
    """The store of ``--db``, with the dedup settings given on the command line (``--km``, ``--days``)."""
    return Store.open(args.db, dedup=DedupConfig.load(**dedup) if dedup else None)


def fail(message: str) -> int:
    """Say what is wrong on stderr; the exit status of a command that cannot do what it was asked."""
    print(f"marsad: {message}", file=sys.stderr)
    return 2
