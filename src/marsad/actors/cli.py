"""``marsad actors`` sub-commands.

* ``marsad actors [--format table|json|jsonl]`` — the actor dictionary (shipped + MARSAD_ACTORS files);
* ``marsad actors --unknown [--db DB | -i FILE ... | -i -]`` — actors not in the dictionary, from the
  store, or from coded JSON/JSONL documents given as input, clustered by ``actor_key``;
* ``marsad actors resolve "TEXT" [--date D]`` — the actors resolved in a text, with the reason;
  ``marsad actors resolve -`` reads one query per line from stdin (plain text, a JSON string,
  or ``{"text": ..., "date": ...}``) and writes one JSON object per query, in order.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from datetime import date
from typing import Any

from marsad.actors.normalize import actor_key

FORMATS = ("table", "json", "jsonl")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("actors", help="list dictionary or unknown actors; resolve actors in a text")
    p.add_argument("--unknown", action="store_true", help="list actors not in the dictionary")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--db", default=None, help="store (SQLite path or URL) for --unknown")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument(
        "-i",
        "--input",
        dest="inputs",
        action="append",
        default=[],
        metavar="FILE",
        help="with --unknown: coded JSON/JSONL documents ('-' for stdin) instead of the store (repeatable)",
    )
    p.set_defaults(func=cmd_actors)
    sub = p.add_subparsers(dest="actors_command", metavar="ACTION")
    r = sub.add_parser(
        "resolve",
        help="resolve the actors mentioned in TEXT; '-' reads one query per line from stdin "
        '(plain text, a JSON string or {"text", "date"}) and writes one JSON object per query',
    )
    r.add_argument("text")
    r.add_argument("--date", default=None, help="article date (YYYY-MM-DD): chooses among date-bounded names")
    r.add_argument("--format", choices=FORMATS, default="table")
    r.set_defaults(func=cmd_resolve)


def _fail(message: str) -> int:
    print(f"marsad actors: {message}", file=sys.stderr)
    return 2


def _write(rows: list[dict[str, Any]], fmt: str, columns: list[str]) -> None:
    if fmt == "json":
        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    elif fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    else:
        print("\t".join(columns))
        for row in rows:
            print("\t".join("" if row.get(c) is None else str(row.get(c)) for c in columns))


def cmd_actors(args: argparse.Namespace) -> int:
    if args.unknown:
        return _list_unknown(args)
    from marsad.actors.kb import ActorKB
    from marsad.config import PipelineConfig

    try:
        kb = ActorKB.load(PipelineConfig().actor_files)
    except (OSError, ValueError) as exc:
        return _fail(str(exc))
    rows = [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "sector": a.sector,
            "country": a.country,
            "wikidata": a.wikidata,
            "acled_name": a.acled_name,
            "acled_inter": a.acled_inter,
            "aliases": a.all_names()[1:],
            "members": a.members,
            "source": a.source,
        }
        for a in kb
    ]
    _write(rows[: args.limit], args.format, ["id", "name", "kind", "sector", "country", "wikidata"])
    return 0


def unknown_from_documents(docs: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Unknown actors (``known`` false) of coded documents, clustered by normalised name:
    {key, actor_id, names, kind, ner_label, count (mentions), documents, examples}."""
    clusters: dict[str, dict[str, Any]] = {}
    for doc in docs:
        for actor in doc.get("actors") or []:
            if actor.get("known", True):
                continue
            key = actor_key(actor.get("name") or "") or str(actor.get("id"))
            c = clusters.setdefault(
                key,
                {
                    "key": key,
                    "actor_id": f"unk:{key}",
                    "names": [],
                    "kind": actor.get("kind"),
                    "ner_label": actor.get("ner_label"),
                    "count": 0,
                    "documents": 0,
                    "examples": [],
                },
            )
            if actor.get("name") not in c["names"]:
                c["names"].append(actor.get("name"))
            c["count"] += len(actor.get("mentions") or []) or 1
            c["documents"] += 1
            if len(c["examples"]) < 3:
                c["examples"].append(doc.get("id"))
    return sorted(clusters.values(), key=lambda c: (-c["count"], c["key"]))


def _list_unknown(args: argparse.Namespace) -> int:
    columns = ["actor_id", "kind", "count", "documents", "names"]
    if args.inputs:
        from marsad.store.cli import read_coded

        try:
            rows = unknown_from_documents(read_coded(args.inputs))
        except (OSError, ValueError) as exc:
            return _fail(str(exc))
        _write(rows[: args.limit], args.format, columns)
        return 0
    try:
        from marsad.store.core import Store
    except ImportError:
        return _fail("no store available; give coded JSON/JSONL files as input")
    with Store.open(args.db) as store:
        rows = store.unknown_actors(limit=args.limit)
    _write(rows, args.format, ["actor_id", "text", "kind", "count", "documents", "reason"])
    return 0


class TextResolver:
    """Resolves the actors of short texts with spaCy and the actor dictionary only (no other
    stage); the models and the dictionary are loaded once, for batches."""

    def __init__(self, extra_files: Iterable[str] = ()) -> None:
        from marsad.actors.kb import ActorKB
        from marsad.actors.resolver import ActorResolver
        from marsad.nlp.component import with_entity_ruler
        from marsad.nlp.loader import load_spacy

        kb = ActorKB.load(extra_files)
        nlp = with_entity_ruler(load_spacy(), kb.ruler_patterns())

        class _Services:
            actor_kb = kb

            @property
            def nlp(self) -> Any:
                return nlp

            @property
            def gazetteer(self) -> Any:
                from marsad.places.gazetteer import Gazetteer

                return Gazetteer.open(progress=False)

        self.kb = kb
        self.nlp = nlp
        self.resolver = ActorResolver(_Services())

    def __call__(self, text: str, day: date | None = None) -> list[dict[str, Any]]:
        from marsad.actors.describe import complete
        from marsad.model import Document

        doc = Document(id="resolve", text=text, date=day)
        doc.spacy_doc = self.nlp(text)
        self.resolver(doc)
        known = {a.id: a for a in doc.actors}
        rows = []
        for m in doc.actor_mentions:
            actor = known.get(m.actor_id or "")
            rows.append(
                {
                    "text": m.text,
                    "start": m.start,
                    "end": m.end,
                    "id": m.actor_id,
                    "name": m.name,
                    "kind": m.kind,
                    "sector": m.sector,
                    "country": m.country,
                    "wikidata": actor.wikidata if actor else None,
                    "method": m.method,
                    "reason": m.reason,
                }
            )
        root = next((t for t in doc.spacy_doc if t.dep_ == "ROOT"), None)
        clause = root is not None and root.pos_ in ("VERB", "AUX") and len(doc.spacy_doc) > 2
        return complete(text, rows, self.kb, day, places=self.resolver.places(), clause=clause)


def resolve_text(text: str, day: date | None = None, extra_files: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Resolve the actors of ``text`` (spaCy + the actor dictionary only, no other stage)."""
    return TextResolver(extra_files)(text, day)


def parse_query(line: str) -> tuple[str, date | None]:
    """One line of ``actors resolve -``: plain text, a JSON string, or a JSON object
    ``{"text": ..., "date": "YYYY-MM-DD"}``; ValueError when JSON is malformed."""
    stripped = line.strip()
    if not stripped.startswith(('"', "{")):
        return stripped, None
    value = json.loads(stripped)
    if isinstance(value, str):
        return value, None
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        day = value.get("date")
        return value["text"], date.fromisoformat(day) if isinstance(day, str) and day else None
    raise ValueError("a JSON query must be a string or an object with a 'text' string")


def answer(query: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The batch answer to one query: the mention covering most of it (its id, sector,
    country, method, reason) and every mention found."""
    best = max(rows, key=lambda r: (r["end"] - r["start"], -r["start"]), default=None)
    head = {k: best.get(k) if best else None for k in ("id", "name", "kind", "sector", "country", "wikidata")}
    head["method"] = best["method"] if best else None
    head["reason"] = best["reason"] if best else "no actor found in the query"
    return {"query": query, **head, "mentions": rows}


def resolve_lines(lines: Iterable[str], resolver: Any, day: date | None = None) -> Iterable[dict[str, Any]]:
    """One answer per input line, in order (a malformed line gets an ``error``)."""
    for line in lines:
        try:
            text, when = parse_query(line)
        except ValueError as exc:
            yield {"query": line.rstrip("\n"), "error": str(exc)}
            continue
        yield answer(text, resolver(text, when or day) if text.strip() else [])


def cmd_resolve(args: argparse.Namespace) -> int:
    from marsad.config import PipelineConfig

    day = None
    if args.date:
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            return _fail(f"--date must be YYYY-MM-DD, got {args.date!r}")
    try:
        resolver = TextResolver(PipelineConfig().actor_files)
    except (OSError, ValueError, RuntimeError) as exc:
        return _fail(str(exc))
    if args.text == "-":
        for row in resolve_lines(sys.stdin, resolver, day):
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            sys.stdout.flush()
        return 0
    rows = resolver(args.text, day)
    _write(rows, args.format, ["text", "id", "name", "sector", "country", "wikidata", "method", "reason"])
    return 0


__all__ = ["TextResolver", "register", "resolve_lines", "resolve_text", "unknown_from_documents"]
