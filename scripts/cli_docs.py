"""Regenerate docs/CLI.md from the argparse definitions: `python scripts/cli_docs.py > docs/CLI.md`."""

from __future__ import annotations

import argparse
import io
from contextlib import redirect_stdout

from marsad.cli import build_parser

INTRO = """# marsad command line

Generated from the parsers by `python scripts/cli_docs.py > docs/CLI.md`; `marsad COMMAND --help`
prints the same. Every command that reads documents accepts `-` for standard input; results go
to standard output, errors to standard error. Commands that use the store take `--db PATH|URL`
(a SQLite file, default `marsad.db` under the user data dir, or `postgresql+psycopg://…`).
"""


def _help(parser: argparse.ArgumentParser) -> str:
    buf = io.StringIO()
    with redirect_stdout(buf):
        parser.print_help()
    return buf.getvalue().rstrip()


def main() -> None:
    parser = build_parser()
    print(INTRO)
    print("```text\n" + _help(parser) + "\n```\n")
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, child in sub.choices.items():
        print(f"## marsad {name}\n")
        print("```text\n" + _help(child) + "\n```\n")
        nested = [a for a in child._actions if isinstance(a, argparse._SubParsersAction)]
        for action in nested:
            for sub_name, grandchild in action.choices.items():
                print(f"### marsad {name} {sub_name}\n")
                print("```text\n" + _help(grandchild) + "\n```\n")


if __name__ == "__main__":
    main()
