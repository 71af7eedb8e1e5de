"""The ``marsad`` command line: one package holds every command.

``marsad.cli`` builds the parser from one module per group of verbs, each with a
``register(subparsers)``: :mod:`.coding` (``code``, ``geoparse``, ``components``),
:mod:`.events` (``events``, ``timeline``, ``stats``), :mod:`.store` (``store``),
:mod:`.actors`, :mod:`.graph`, :mod:`.export`, :mod:`.serve` and :mod:`.batch`, plus
``marsad.places.cli`` (``places``, ``gazetteer``). Values are checked before a command
runs (:mod:`.args`). Stage packages never import this package or the store.
"""

from __future__ import annotations

import argparse
import importlib
import os
import traceback

from marsad import __version__
from marsad.cli.common import warn

VERB_MODULES = (
    "marsad.cli.coding",
    "marsad.places.cli",
    "marsad.cli.actors",
    "marsad.cli.events",
    "marsad.cli.store",
    "marsad.cli.graph",
    "marsad.cli.export",
    "marsad.cli.serve",
    "marsad.cli.batch",
)
# commands that only read a store: pointed at a file that is not there, they say so and stop
READ_COMMANDS = frozenset({"events", "graph", "stats", "timeline", "serve", "export"})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad",
        description="Code conflict reporting into geocoded PLOVER/ACLED events, actors and places.",
    )
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in VERB_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def argument_error(args: argparse.Namespace) -> str | None:
    """One line saying what is wrong with the command line before anything runs, or None."""
    from marsad.cli.args import date_option_error, missing_store

    problem = date_option_error(args)
    if problem:
        return problem
    if args.command in READ_COMMANDS and hasattr(args, "db"):
        missing = missing_store(args.db)
        if missing is not None:
            return (
                f"no store at {missing}: {args.command} reads a store and does not create one "
                f"(create it with 'marsad code FILE --db {missing}', or empty with "
                f"'marsad store migrate --db {missing}')"
            )
    return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    problem = argument_error(args)
    if problem:
        warn(problem)
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # marsad itself failed (not one document): exit 2, said plainly
        warn(f"failed: {type(exc).__name__}: {exc}")
        if os.environ.get("MARSAD_DEBUG"):
            traceback.print_exc()
        else:
            warn("set MARSAD_DEBUG=1 to see where")
        return 2
