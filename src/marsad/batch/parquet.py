"""PLOVER records as a Parquet table (``marsad batch --out DIR --out-format parquet``).

One row per event, one column per PLOVER field, with the same schema in every partition's
file so that a folder of them reads as one dataset (``pyarrow.dataset``, DuckDB's
``read_parquet('DIR/*.parquet')``, pandas). Scalars keep their type; lists of strings
(``event``, ``mode``, ``context``, ``event_text``, ``marsad_document_ids``) are list columns;
objects (``actor``, ``recipient``, ``event_loc``, ``text_info``, ``cite_info``, ``size``,
``marsad_acled``) are JSON text, as in the PLOVER JSONL. ``document_id`` (the coded document's
id) comes first, for joins with the store.

Needs pyarrow: ``pip install "marsad[parquet]"``.
"""

from __future__ import annotations

import json
from typing import IO, Any

STRING, BOOL, INT, FLOAT, STRINGS, JSON = "string", "bool", "int64", "float64", "strings", "json"
COLUMNS: tuple[tuple[str, str], ...] = (
    ("document_id", STRING),
    ("id", STRING),
    ("has_event", BOOL),
    ("date", STRING),
    ("enddate", STRING),
    ("actor", JSON),
    ("recipient", JSON),
    ("event", STRINGS),
    ("mode", STRINGS),
    ("context", STRINGS),
    ("event_loc", JSON),
    ("event_text", STRINGS),
    ("quad_code", INT),
    ("event_scale", FLOAT),
    ("text_info", JSON),
    ("cite_info", JSON),
    ("coder", STRING),
    ("size", JSON),
    ("comment", STRING),
    ("marsad_acled", JSON),
    ("marsad_certainty", STRING),
    ("marsad_confidence", FLOAT),
    ("marsad_source_count", INT),
    ("marsad_document_ids", STRINGS),
)


def require_pyarrow() -> None:
    """Raise a RuntimeError saying how to install pyarrow when it is missing."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:
        raise RuntimeError('Parquet output needs pyarrow: pip install "marsad[parquet]"') from exc


def schema() -> Any:
    import pyarrow as pa

    types = {
        STRING: pa.string(),
        BOOL: pa.bool_(),
        INT: pa.int64(),
        FLOAT: pa.float64(),
        STRINGS: pa.list_(pa.string()),
        JSON: pa.string(),
    }
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS])


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == JSON:
        return json.dumps(value, ensure_ascii=False, default=str)
    if kind == STRINGS:
        return [str(v) for v in value]
    if kind == INT:
        return int(value)
    if kind == FLOAT:
        return float(value)
    if kind == BOOL:
        return bool(value)
    return str(value)


def row(record: dict[str, Any]) -> dict[str, Any]:
    """A PLOVER record as a row of :func:`schema`."""
    cited = record.get("cite_info") or {}
    values = {"document_id": cited.get("citation"), **record}
    return {name: _cell(values.get(name), kind) for name, kind in COLUMNS}


class ParquetPlover:
    """Writes the PLOVER records of a partition's documents to ``stream`` as one Parquet file,
    in row groups of ``ROW_GROUP`` events (a partition is never held whole in memory)."""

    ROW_GROUP = 10_000

    def __init__(self, stream: IO[bytes]) -> None:
        require_pyarrow()
        import pyarrow.parquet as pq

        self.schema = schema()
        self.writer = pq.ParquetWriter(stream, self.schema, compression="zstd")
        self.rows: list[dict[str, Any]] = []

    def add(self, data: dict[str, Any]) -> None:
        """Add the events of one coded-document dict."""
        from marsad.export import plover_records

        self.rows.extend(row(r) for r in plover_records(data))
        if len(self.rows) >= self.ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        """Write what is left and the file's footer (a partition without events: no rows)."""
        self._flush()
        self.writer.close()
