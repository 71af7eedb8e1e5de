"""Request bodies → Documents, and the coding of them (with progress for the web app).

Input: the bytes and content type of a ``POST /api/documents`` or ``/api/extract`` body:
``text/plain`` (an article or a scraped page), ``text/html``, ``application/json`` (one
``{"text", "title", "date", "url", "id"}`` object or a list of them),
``application/x-ndjson``/``application/jsonl`` (JSONL), or ``multipart/form-data`` (a
``file`` upload and/or a ``text`` field). Output: Documents and :class:`IngestError`s;
:class:`Jobs` runs the coding in a worker thread and reports progress.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from marsad.ingest import DocumentError, IngestError, document_from_record, read_bytes
from marsad.ingest.readers import parse_date
from marsad.model import Document
from marsad.serve.security import short_reason
from marsad.store.review import MAX_DATE, MIN_DATE

Result = Document | IngestError


class BodyError(ValueError):
    """The body cannot be read at all (malformed JSON, unsupported type): a 400/415."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


FORMATS = {
    "text/plain": "text",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json": "json",
}


def documents_from_body(
    data: bytes, content_type: str, *, name: str = "upload", date: str | None = None, title: str | None = None
) -> list[Result]:
    """The documents of one request body (see the module docstring for the types).

    Raises :class:`BodyError` when the body as a whole cannot be read; a record that cannot be
    read is an :class:`IngestError` among the results, the others go on.
    """
    media = content_type.split(";")[0].strip().lower() or "text/plain"
    fmt = FORMATS.get(media)
    if fmt is None:
        raise BodyError(
            f"unsupported content type {media[:60]!r}; send one of {', '.join(FORMATS)} or multipart/form-data",
            415,
        )
    check_date(date, "date")
    try:
        if fmt == "json":
            return _json_documents(data, name, date, title)
        return [_checked(r, date, title) for r in read_bytes(data, name, fmt=fmt, date=date)]
    except BodyError:
        raise
    except (ValueError, RecursionError, DocumentError) as exc:  # the reader gave up on the whole body
        raise BodyError(f"cannot read the body: {short_reason(exc)}") from exc


def check_date(value: str | None, what: str) -> dt.date | None:
    """A readable date within the read model's range, else :class:`BodyError` (400)."""
    try:
        day = parse_date(value)
    except (DocumentError, ValueError, OverflowError) as exc:
        raise BodyError(f"{what}: {exc if isinstance(exc, DocumentError) else short_reason(exc)}") from exc
    if day is not None and not MIN_DATE <= day <= MAX_DATE:
        raise BodyError(f"{what}: {day.isoformat()} is outside {MIN_DATE}..{MAX_DATE}")
    return day


def _json_documents(data: bytes, name: str, date: str | None, title: str | None) -> list[Result]:
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:  # malformed, too deep, or an integer too long
        raise BodyError(f"malformed JSON: {short_reason(exc)}") from exc
    records = payload if isinstance(payload, list) else [payload]
    if not records:
        raise BodyError("empty list: no documents")
    results: list[Result] = []
    for i, record in enumerate(records, start=1):
        where = f"{name}[{i}]" if isinstance(payload, list) else name
        try:
            doc = document_from_record(record)
        except (DocumentError, ValueError, TypeError, AttributeError, RecursionError) as exc:
            reason = str(exc) if isinstance(exc, DocumentError) else short_reason(exc)
            results.append(IngestError(where, reason))
            continue
        doc.source = where
        results.append(_checked(doc, date, title))
    return results


def _checked(result: Result, date: str | None, title: str | None) -> Result:
    """A document with the upload's defaults, or an error when its date is out of range."""
    if isinstance(result, IngestError):
        return result
    doc = _defaults(result, date, title)
    if doc.date is not None and not MIN_DATE <= doc.date <= MAX_DATE:
        return IngestError(doc.source or doc.id, f"date {doc.date} is outside {MIN_DATE}..{MAX_DATE}")
    return doc


def _defaults(doc: Document, date: str | None, title: str | None) -> Document:
    if title and not doc.title:
        doc.title = title
    if date and doc.date is None:
        doc.date, doc.date_reason = parse_date(date), "given with the upload"
    return doc


@dataclass
class Job:
    id: str
    total: int
    done: int = 0
    status: str = "queued"  # queued, running, done, failed
    documents: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Jobs:
    """Background coding of uploads, one at a time, with progress (documents done/total)."""

    def __init__(self, max_jobs: int = 200) -> None:
        self._jobs: dict[str, Job] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="marsad-ingest")
        self._lock = threading.Lock()
        self.max_jobs = max_jobs

    def submit(self, results: list[Result], code_one: Callable[[Document], dict[str, Any]]) -> Job:
        job = Job(uuid.uuid4().hex[:12], total=len(results))
        with self._lock:
            if len(self._jobs) >= self.max_jobs:  # forget the oldest finished jobs
                for old in [j for j in self._jobs.values() if j.status in ("done", "failed")][
                    : self.max_jobs // 2
                ]:
                    del self._jobs[old.id]
            self._jobs[job.id] = job
        self._pool.submit(self._run, job, results, code_one)
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    @staticmethod
    def _run(job: Job, results: list[Result], code_one: Callable[[Document], dict[str, Any]]) -> None:
        job.status = "running"
        try:
            for r in results:
                if isinstance(r, IngestError):
                    job.errors.append({"source": r.source, "reason": r.reason})
                else:
                    try:
                        job.documents.append(code_one(r))
                    except Exception as exc:  # one bad document does not stop the batch
                        job.errors.append({"source": r.source or r.id, "reason": short_reason(exc)})
                job.done += 1
            job.status = "done"
        except Exception as exc:  # pragma: no cover - defensive
            job.status = "failed"
            job.errors.append({"source": "job", "reason": short_reason(exc)})
