"""The marsad store: coded documents → a deduplicated, queryable record (SQLite or PostgreSQL).

from marsad.store import Store
store = Store.open("marsad.db")          # or "postgresql://user@host/db", or None (default path)
store.ingest(doc)                         # a Document or its to_dict() (optional "text" key)
store.events(actor="ISIS", since="2014-06-01")
"""

from marsad.store.connection import normalize_url
from marsad.store.core import Store
from marsad.store.dedup import DedupConfig
from marsad.store.merging import stable_event_id
from marsad.store.runs import RunResult, run_status_for
from marsad.store.writer import IngestResult

__all__ = [
    "DedupConfig",
    "IngestResult",
    "RunResult",
    "Store",
    "normalize_url",
    "run_status_for",
    "stable_event_id",
]
