"""``marsad gazetteer`` sub-commands.

* ``marsad gazetteer build [--output PATH] [--geonames FILE [--alternate-names FILE]]`` —
  compile the gazetteer (from the packaged GeoNames data, or from a GeoNames dump);
* ``marsad gazetteer info [--gazetteer PATH]`` — what a compiled gazetteer holds (JSON);
* ``marsad gazetteer lookup NAME [--country CC] [--format table|json|jsonl]`` — the
  candidates for a name, best prior first.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

FORMATS = ("table", "json", "jsonl")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("gazetteer", help="build, describe or query the offline GeoNames gazetteer")
    sub = p.add_subparsers(dest="gazetteer_command", metavar="ACTION")
    p.set_defaults(func=lambda args: _usage(p))

    b = sub.add_parser("build", help="compile the gazetteer (packaged GeoNames data, or a GeoNames dump)")
    b.add_argument(
        "--output", "-o", default=None, help="file to write (default: the cache file used by marsad)"
    )
    b.add_argument(
        "--geonames",
        default=None,
        help="GeoNames dump (allCountries.txt, cities500.txt...) instead of the packages",
    )
    b.add_argument("--alternate-names", default=None, help="alternateNamesV2.txt to go with --geonames")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.set_defaults(func=cmd_build)

    i = sub.add_parser("info", help="describe a compiled gazetteer (JSON)")
    i.add_argument(
        "--gazetteer", "-g", default=None, help="compiled file (default: $MARSAD_GAZETTEER or the cache file)"
    )
    i.set_defaults(func=cmd_info)

    lk = sub.add_parser("lookup", help="the gazetteer entries a NAME may refer to")
    lk.add_argument("name")
    lk.add_argument("--country", default=None, help="ISO alpha-2 country code to keep")
    lk.add_argument("--gazetteer", "-g", default=None)
    lk.add_argument("--limit", type=int, default=10)
    lk.add_argument("--format", choices=FORMATS, default="table")
    lk.set_defaults(func=cmd_lookup)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _open(path: str | None) -> Any:
    import os

    from marsad.places.gazetteer import Gazetteer

    return Gazetteer.open(path or os.environ.get("MARSAD_GAZETTEER") or None)


def cmd_build(args: argparse.Namespace) -> int:
    from marsad.places.gazetteer import Gazetteer, default_path

    try:
        if args.geonames:
            out = Gazetteer.build_from_dump(
                args.output or default_path(), args.geonames, args.alternate_names, progress=not args.quiet
            )
        else:
            if args.alternate_names:
                print("marsad: --alternate-names needs --geonames", file=sys.stderr)
                return 2
            out = Gazetteer.build(args.output, progress=not args.quiet)
    except OSError as exc:
        print(f"marsad: cannot build the gazetteer: {exc}", file=sys.stderr)
        return 1
    info = Gazetteer(out).describe()
    print(json.dumps(info, ensure_ascii=False))
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    try:
        gaz = _open(args.gazetteer)
    except FileNotFoundError as exc:
        print(f"marsad: {exc}", file=sys.stderr)
        return 1
    info = gaz.describe()
    info["load_ms"] = round(gaz.load_seconds * 1000, 1)
    print(json.dumps(info, ensure_ascii=False, indent=2))
    return 0


def cmd_lookup(args: argparse.Namespace) -> int:
    try:
        gaz = _open(args.gazetteer)
    except FileNotFoundError as exc:
        print(f"marsad: {exc}", file=sys.stderr)
        return 1
    cands = gaz.lookup(args.name, args.country, limit=args.limit)
    rows = [dict(c.to_dict(), prior=round(c.prior(), 3)) for c in cands]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.format == "jsonl":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    else:
        if not rows:
            print(f"no gazetteer entry for {args.name!r}", file=sys.stderr)
        for r in rows:
            print(
                f"{r['geonameid']:>9}  {r['feature_code']:<6} {r['country_code'] or '--':<3} {r['lat']!s:>9} {r['lon']!s:>10}"
                f"  pop {r['population']:>10}  {r['name']} ({r['admin1'] or '-'}) [{r['match']} {r['matched']}]"
            )
    return 0 if rows else 1
