"""Ingest stage: files, stdin and uploads → :class:`marsad.model.Document`.

Registered as ``marsad.ingest@1.0`` in every output's ``pipeline.components``.
"""

from marsad.ingest.errors import DocumentError, IngestError
from marsad.ingest.ids import content_hash, document_id
from marsad.ingest.readers import (
    document_from_record,
    document_from_text,
    read_bytes,
    read_html,
    read_path,
)

INGEST_COMPONENT = "marsad.ingest@1.0"

__all__ = [
    "INGEST_COMPONENT",
    "DocumentError",
    "IngestError",
    "content_hash",
    "document_from_record",
    "document_from_text",
    "document_id",
    "read_bytes",
    "read_html",
    "read_path",
]
