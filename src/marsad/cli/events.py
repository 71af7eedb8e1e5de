"""``marsad events``, ``marsad timeline`` and ``marsad stats``: what the store holds.

- ``marsad events [filters] [--format table|json|jsonl|csv|geojson|plover|acled-csv]``
- ``marsad events show ID`` — an event, its sources and why they merged
- ``marsad events split SOURCE_ID`` / ``merge ID OTHER_ID`` — reverse or make merges
- ``marsad events review ID [candidate|verified|rejected] [--set PATH=VALUE...] [--note N]`` — review
- ``marsad timeline [--bucket day|week|month|year] [--by type|acled_event_type|sub_event_type|actor|none]``
- ``marsad stats``

All take ``--db PATH|URL`` (default ``marsad.config.default_db_path()``).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any, TextIO

from marsad.cli.args import add_db_arg, add_event_filters, event_filters, fail, open_store
from marsad.export.csvsafe import safe_dict_writer
from marsad.store import Store
from marsad.store import queries as Q
from marsad.store import summaries as A

EVENT_FORMATS = ("table", "json", "jsonl", "csv", "geojson", "plover", "acled-csv")


def register(subparsers: Any) -> None:
    """Add ``events``, ``timeline`` and ``stats`` to the ``marsad`` argument parser."""
    p = subparsers.add_parser("events", help="query stored events (or: events show ID, split, merge, review)")
    p.add_argument(
        "action",
        nargs="*",
        metavar="ACTION",
        help="nothing (list), 'show ID', 'split SOURCE_ID', 'merge ID OTHER_ID', "
        "'review ID [candidate|verified|rejected]'",
    )
    add_event_filters(p)
    p.add_argument("--limit", type=int, default=100, help="at most N events (0: all)")
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--sort", default="-date", help="date, confidence, fatalities or id; -x descending")
    p.add_argument("--format", choices=EVENT_FORMATS, default="table")
    p.add_argument("--note", help="note for review/split/merge")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="review: correct a field (fatalities=3, acled.sub_event_type=Attack, date.start=2014-06-12; "
        "PATH= undoes a correction)",
    )
    p.add_argument("--reviewer", default=None, help="review: who reviews (default: $USER)")
    add_db_arg(p)
    p.set_defaults(func=cmd_events)

    p = subparsers.add_parser("timeline", help="event counts over time")
    p.add_argument("--bucket", choices=["day", "week", "month", "year"], default="month")
    p.add_argument("--by", choices=list(A.SERIES), default="type")
    p.add_argument("--top", type=int, default=None, help="--by actor: the N actors with most events")
    add_event_filters(p)
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    add_db_arg(p)
    p.set_defaults(func=cmd_timeline)

    p = subparsers.add_parser("stats", help="what the store holds")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_db_arg(p)
    p.set_defaults(func=cmd_stats)


# ---------------------------------------------------------------------- events
def cmd_events(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        action = args.action
        if not action:
            return _list_events(store, args)
        verb, rest = action[0], action[1:]
        if verb == "show" and len(rest) == 1:
            ev = store.event(rest[0])
            if ev is None:
                return fail(f"no event {rest[0]}")
            if args.format == "table":
                print_event(ev, sys.stdout)
            else:
                write_events([ev], args.format, sys.stdout)
            return 0
        if verb == "split" and len(rest) == 1 and rest[0].isdigit():
            new_id = store.split_source(int(rest[0]), reason=args.note or "split by analyst")
            print(new_id)
            return 0
        if verb == "merge" and len(rest) == 2:
            store.merge_events(rest[0], rest[1], reason=args.note or "merged by analyst")
            print(rest[0])
            return 0
        if verb == "review" and len(rest) in (1, 2):
            corrections = dict(_correction(c) for c in args.set)
            if len(rest) == 1 and not corrections and not args.note:
                return fail(
                    "review: give a status (candidate, verified, rejected), --set PATH=VALUE or --note"
                )
            import getpass

            done = store.review(
                rest[0],
                reviewer=args.reviewer or getpass.getuser(),
                status=rest[1] if len(rest) == 2 else None,
                corrections=corrections,
                note=args.note,
            )
            print(f"{rest[0]}: {done['status_from']} → {done['status_to']}")
            return 0
        return fail(
            f"unknown events action: {' '.join(action)} "
            "(show ID | split SOURCE_ID | merge ID OTHER | review ID [STATUS] [--set PATH=VALUE])"
        )
    except Q.FilterError as exc:
        return fail(f"--{exc.param.replace('_', '-')}: {exc.message}")
    except (KeyError, ValueError, LookupError) as exc:
        return fail(str(exc).strip("'\""))
    finally:
        store.close()


def _correction(item: str) -> tuple[str, Any]:
    """``PATH=VALUE`` of ``--set``: the value as JSON when it reads as JSON (3, true, null), else text;
    an empty value undoes the correction."""
    path, sep, raw = item.partition("=")
    if not sep or not path.strip():
        raise ValueError(f"--set {item!r}: expected PATH=VALUE")
    if raw == "":
        return path.strip(), None
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return path.strip(), value if not isinstance(value, dict | list) else raw


def _list_events(store: Store, args: argparse.Namespace) -> int:
    limit = args.limit or None
    if args.format == "csv":  # the API's CSV: the same flat rows, written by the same code
        rows = store.event_rows(
            near=args.near, km=args.km, limit=limit, offset=args.offset, sort=args.sort, **event_filters(args)
        )
        Q.write_csv(rows, sys.stdout)
        return 0
    events = store.events(
        near=args.near, km=args.km, limit=limit, offset=args.offset, sort=args.sort, **event_filters(args)
    )
    if args.format == "table":
        print_event_table(events, sys.stdout)
    else:
        write_events(events, args.format, sys.stdout)
    return 0


def write_events(events: list[dict[str, Any]], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump(events, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    elif fmt == "csv":
        Q.write_csv((_row_of(ev) for ev in events), out)
    else:
        from marsad import export
        from marsad.cli.args import warn_left_out

        warn_left_out(fmt, export.write(fmt, events, out))


def flat_event(ev: dict[str, Any]) -> dict[str, Any]:
    """A store event as one flat row of display fields (the table and ``events show``)."""
    d = ev.get("date") or {}
    loc = ev.get("location") or {}
    acled = ev.get("acled") or {}
    return {
        "id": ev["id"],
        "date_start": d.get("start"),
        "date_end": d.get("end"),
        "type": ev.get("type"),
        "mode": ev.get("mode"),
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "actors": "; ".join(_ref_name(r) for r in ev.get("actors") or []),
        "recipients": "; ".join(_ref_name(r) for r in ev.get("recipients") or []),
        "location": loc.get("name") or loc.get("text"),
        "geonameid": loc.get("geonameid"),
        "latitude": ev.get("latitude"),
        "longitude": ev.get("longitude"),
        "country_code": loc.get("country_code"),
        "fatalities": ev.get("fatalities"),
        "source_count": ev.get("source_count"),
        "status": ev.get("status"),
        "evidence": " ".join(((ev.get("evidence") or {}).get("text") or "").split()),
    }


def _row_of(ev: dict[str, Any]) -> dict[str, Any]:
    """A stored event dict (``store.event``) as a flat row of :data:`marsad.store.queries.ROW_FIELDS`."""
    row = flat_event(ev)
    d = ev.get("date") or {}
    loc = ev.get("location") or {}
    return {
        "id": ev["id"],
        "document_id": (ev.get("sources") or [{}])[0].get("document_id"),
        "type": ev.get("type"),
        "acled_event_type": row["acled_event_type"],
        "sub_event_type": row["acled_sub_event_type"],
        "country": loc.get("country_code"),
        "admin1": loc.get("admin1"),
        "place_name": row["location"],
        "geonameid": loc.get("geonameid"),
        "lat": ev.get("latitude"),
        "lon": ev.get("longitude"),
        "precision": loc.get("precision"),
        "date_start": d.get("start"),
        "date_end": d.get("end"),
        "granularity": d.get("granularity"),
        "confidence": ev.get("confidence"),
        "certainty": ev.get("certainty"),
        "negated": bool(ev.get("negated")),
        "fatalities": ev.get("fatalities"),
        "fatalities_low": ev.get("fatalities_low"),
        "fatalities_high": ev.get("fatalities_high"),
        "source_count": ev.get("source_count"),
        "status": ev.get("status"),
        "needs_review": bool(ev.get("needs_review")),
        "actors_text": " | ".join(p for p in (row["actors"], row["recipients"]) if p),
        "evidence": row["evidence"],
    }


def _ref_name(ref: dict[str, Any]) -> str:
    return ref.get("name") or ref.get("text") or ref.get("id") or "?"


def clip(text: Any, width: int) -> str:
    s = " ".join(str(text or "").split())
    return s if len(s) <= width else s[: width - 1] + "…"


WHO_WIDTH = 40


def print_event_table(events: list[dict[str, Any]], out: TextIO) -> None:
    """One row per event; who → whom wraps onto more lines rather than being cut."""
    out.write(
        f"{'ID':<22} {'DATE':<10} {'TYPE':<10} {'WHO → WHOM':<{WHO_WIDTH}} {'WHERE':<18} {'SRC':>3}  EVIDENCE\n"
    )
    blank = " " * (22 + 1 + 10 + 1 + 10 + 1)
    for ev in events:
        row = flat_event(ev)
        first, *more = who_to_whom_lines(row, WHO_WIDTH)
        out.write(
            f"{clip(row['id'], 22):<22} {clip(row['date_start'], 10):<10} {clip(row['type'], 10):<10} "
            f"{first:<{WHO_WIDTH}} {clip(row['location'], 18):<18} {row['source_count'] or 1:>3}  "
            f"{clip(row['evidence'], 70)}\n"
        )
        for line in more:
            out.write(f"{blank}{line}\n")
    out.write(f"({len(events)} events)\n")


def who_to_whom_lines(row: dict[str, Any], width: int) -> list[str]:
    """``who → whom`` on one line when it fits; otherwise who, then ``→ whom``, each wrapped."""
    whom = f"→ {row['recipients']}" if row["recipients"] else ""
    whole = " ".join(p for p in (row["actors"], whom) if p)
    if len(whole) <= width:
        return [whole]
    return wrap_cell(row["actors"], width) + (wrap_cell(whom, width) if whom else [])


def wrap_cell(text: str, width: int) -> list[str]:
    """``text`` on lines of at most ``width`` characters, broken between words (a word longer
    than the column is broken too); one empty line for empty text."""
    return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False) or [""]


def print_event(ev: dict[str, Any], out: TextIO) -> None:
    """``events show``: the event, each source with its evidence, and why it merged."""
    row = flat_event(ev)
    out.write(
        f"{ev['id']}  {row['type']}{'/' + row['mode'] if row['mode'] else ''}  "
        f"{row['date_start']}..{row['date_end']}  status={ev.get('status')}\n"
    )
    out.write(f"  ACLED: {row['acled_event_type'] or '-'} / {row['acled_sub_event_type'] or '-'}\n")
    out.write(f"  actors: {row['actors'] or '-'}   recipients: {row['recipients'] or '-'}\n")
    fat = row["fatalities"]
    if ev.get("fatalities_low") is not None and ev.get("fatalities_low") != ev.get("fatalities_high"):
        fat = f"{fat} (sources give {ev['fatalities_low']}–{ev['fatalities_high']})"
    out.write(
        f"  place: {row['location'] or '-'} ({row['latitude']}, {row['longitude']})  fatalities: {fat}\n"
    )
    if ev.get("needs_review"):
        out.write(f"  NEEDS RE-REVIEW: {ev.get('review_reason')}\n")
    for path, item in sorted((ev.get("corrections") or {}).items()):
        out.write(f"  corrected: {path} = {item.get('value')!r} (coded: {item.get('coded')!r})\n")
    out.write(f"  sources ({ev.get('source_count')}):\n")
    for s in ev.get("sources") or []:
        out.write(
            f"    [{s['source_id']}] {s['document_id']} event {s['event_local_id']}"
            f"  {s.get('publication') or ''} {s.get('document_date') or ''} {s.get('url') or ''}\n"
        )
        evid = s.get("evidence") or {}
        out.write(f'        "{clip(evid.get("text"), 160)}" [{evid.get("start")}:{evid.get("end")}]\n')
        if s.get("merge_reason"):
            out.write(f"        merged because: {s['merge_reason']}\n")
        elif s.get("pinned"):
            out.write("        split out by an analyst (never merged automatically)\n")
        else:
            out.write("        founded this event\n")
    history = ev.get("history") or []
    if history:
        out.write("  history:\n")
        for h in history:
            where = f"source={h['source_id']}" if h["action"] != "review" else ""
            out.write(f"    {h['at'][:19]} {h['action']:<7} {where} {h['reason'] or ''}\n")


# ---------------------------------------------------------------------- timeline / stats
def cmd_timeline(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        result = store.timeline(bucket=args.bucket, by=args.by, top=args.top, **event_filters(args))
        rows = result["rows"]
        if args.by == "actor" and args.format == "table":
            names = actor_names(store, {r["series"] for r in rows})
            rows = [{**r, "series": names.get(r["series"], r["series"])} for r in rows]
    except Q.FilterError as exc:
        return fail(f"--{exc.param.replace('_', '-')}: {exc.message}")
    finally:
        store.close()
    if args.format == "json":  # the API's /api/timeline answer
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        writer = safe_dict_writer(sys.stdout, ["bucket", "series", "n", "fatalities"])
        writer.writeheader()
        writer.writerows(rows)
    else:
        for r in rows:
            print(f"{r['bucket']:<10} {clip(r['series'], 40):<40} {r['n']:>6} {'#' * min(60, r['n'])}")
    return 0


def actor_names(store: Store, ids: set[str]) -> dict[str, str]:
    """Display names for actor ids: the canonical name, else the name events gave it (actors
    outside the dictionary, such as ``name:…`` ids, exist only in events)."""
    from sqlalchemy import select

    from marsad.store import schema

    a, ea = schema.actors.c, schema.event_actors.c
    names: dict[str, str] = {}
    ordered = sorted(ids)
    with store.engine.connect() as conn:
        for i in range(0, len(ordered), 500):  # bounded IN lists, whatever the database's limit
            chunk = ordered[i : i + 500]
            given = select(ea.actor_id, ea.name).where(ea.actor_id.in_(chunk)).distinct()
            for actor_id, name in conn.execute(given):
                if name:
                    names.setdefault(actor_id, name)
            for actor_id, name in conn.execute(select(a.id, a.name).where(a.id.in_(chunk))):
                if name:
                    names[actor_id] = name
    return names


def cmd_stats(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        stats = store.stats()
    finally:
        store.close()
    if args.format == "json":
        json.dump(stats, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
        return 0
    for key, value in stats.items():
        if isinstance(value, dict | list):
            print(f"{key}:")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for k, v in items:
                print(f"  {k}: {v}")
        else:
            print(f"{key}: {value}")
    return 0
