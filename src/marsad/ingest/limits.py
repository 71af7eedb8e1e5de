"""What ingest accepts: limits that turn hostile or broken input into a clear refusal.

Each limit guards something that would otherwise fail far from the input (Python's
recursion limit in the JSON decoder, its 4,300-digit integer limit, the store's column
sizes) or grow without bound (lines, characters). A document over a limit is refused
with a reason naming the limit; the batch goes on.
"""

from __future__ import annotations

MAX_DOCUMENT_BYTES = 10_000_000  # one file, one JSONL line, one record's text
MAX_JSON_DEPTH = 32  # nesting of arrays and objects in one JSONL line (a record needs 2)
MAX_INT_DIGITS = 100  # digits of one JSON integer (Python refuses over 4,300)
MAX_LINES = 20_000  # lines of one document's text
MAX_ID_CHARS = 100  # the store's documents.id column
MAX_SHORT_FIELD_CHARS = 200  # author, publication: the store's columns
MAX_TITLE_CHARS = 1_000
MAX_URL_CHARS = 4_000
MAX_DATE_CHARS = 100
