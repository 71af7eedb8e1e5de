"""Actors looked up outside the pipeline: in a short text, a batch of queries, or coded documents.

- :class:`TextResolver` / :func:`resolve_text`: the actors of a short text, with spaCy and the
  actor dictionary only (``marsad actors resolve``);
- :func:`parse_query`, :func:`answer`, :func:`resolve_lines`: one JSON answer per query line;
- :func:`unknown_from_documents`: the actors of coded documents not in the dictionary,
  clustered by normalised name (``marsad actors --unknown -i FILE``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from marsad.actors.normalize import actor_key


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


class TextResolver:
    """Resolves the actors of short texts with spaCy and the actor dictionary only (no other
    stage); the models and the dictionary are loaded once, for batches."""

    def __init__(self, extra_files: Iterable[str] = ()) -> None:
        from marsad.actors.kb import ActorKB
        from marsad.actors.resolver import ActorResolver
        from marsad.nlp.component import with_entity_ruler
        from marsad.nlp.loader import load_spacy
        from marsad.places.gazetteer import Gazetteer

        kb = ActorKB.load(extra_files)
        nlp = with_entity_ruler(load_spacy(), kb.ruler_patterns())
        self.kb = kb
        self.nlp = nlp
        self.resolver = ActorResolver(actor_kb=kb, gazetteer=Gazetteer.open(progress=False), nlp=nlp)
        self._truecaser: Any = None

    def truecaser(self) -> Any:
        """The pipeline's truecaser (:mod:`marsad.nlp.truecase`) over the dictionary's names and
        the gazetteer's, built on the first text that needs it (about 2 s)."""
        if self._truecaser is None:
            from marsad.nlp.truecase import Truecaser

            patterns = self.kb.ruler_patterns()
            gazetteer = self.resolver.gazetteer()
            if gazetteer is not None:
                patterns = patterns + gazetteer.ruler_patterns()
            self._truecaser = Truecaser(self.nlp, patterns, gazetteer.demonyms() if gazetteer else ())
        return self._truecaser

    def parse(self, text: str) -> tuple[str, Any]:
        """The text the resolver reads and its parse. A text in capitals (MUC-4 wire copy) is
        parsed on its truecased copy and carried back, as in the pipeline; a text in lower case
        (:func:`marsad.nlp.truecase.written_case`: IndiaPoliceEvents) is read as its truecased
        copy — the same length, only the case of letters changed — so that names, acronyms
        ("vhp" → "VHP") and the entity recogniser work; the answers keep the query's own text."""
        from marsad.nlp.truecase import cased_copy, parse_truecased, written_case

        case = written_case(text)
        if case == "capitals":
            return text, parse_truecased(self.nlp, self.truecaser(), text)
        cased = cased_copy(self.truecaser(), text, case) if case else None
        if cased is not None:
            return cased, self.nlp(cased)
        return text, self.nlp(text)

    def __call__(self, text: str, day: date | None = None) -> list[dict[str, Any]]:
        from marsad.actors.describe import complete
        from marsad.model import Document

        read, sdoc = self.parse(text)
        doc = Document(id="resolve", text=read, date=day)
        doc.spacy_doc = sdoc
        self.resolver(doc)
        known = {a.id: a for a in doc.actors}
        rows = []
        for m in doc.actor_mentions:
            actor = known.get(m.actor_id or "")
            rows.append(
                {
                    "text": text[m.start : m.end] if read is not text else m.text,
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
        return complete(
            text,
            rows,
            self.kb,
            day,
            places=self.resolver.places(),
            clause=clause,
            is_place=self.resolver.place_names(),
        )


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


__all__ = [
    "TextResolver",
    "answer",
    "parse_query",
    "resolve_lines",
    "resolve_text",
    "unknown_from_documents",
]
