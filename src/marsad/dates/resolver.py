"""The registered dates component."""

from __future__ import annotations

from marsad import registry
from marsad.dates.expressions import find_expressions
from marsad.model import Document, TimeExpression


@registry.register("dates", "marsad.date_resolver", "1.0")
class DateResolver:
    """Input: a Document with ``text``, ``zones`` and ``date`` (the anchor, may be None).
    Output: ``doc.time_expressions``, every time expression in the coded zones with the
    closed date range it denotes (``reason`` says how it was resolved). No services:
    ``DateResolver()``."""

    def __call__(self, doc: Document) -> Document:
        found: list[TimeExpression] = []
        for zone in doc.coded_zones():
            for f in find_expressions(doc.text, doc.date, start=zone.start, end=zone.end):
                found.append(TimeExpression(f.text, f.start, f.end, f.range))
        doc.time_expressions = sorted(found, key=lambda t: t.start)
        return doc
