"""Request bodies → Documents, and the coding of them (with progress for the web app).

Input: the bytes and content type of a ``POST /api/documents`` or ``/api/extract`` body:
``text/plain`` (an article or a scraped page), ``text/html``, ``application/json`` (one
``{"text", "title", "date", "url", "id"}`` object or a list of them),
``application/x-ndjson``/``application/jsonl`` (JSONL), or ``multipart/form-data`` (a
``file`` upload and/or a ``text`` field). Output: Documents and :class:`IngestError`s;
:class:`Jobs` runs the coding in a worker thread and reports progress.
"""

from __future__ import annotations

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
    """The documents of one request body (see the module docstring for the types)."""
    media = content_type.split(";")[0].strip().lower() or "text/plain"
    fmt = FORMATS.get(media)
    if fmt is None:
        raise BodyError(
            f"unsupported content type {media!r}; send one of {', '.join(FORMATS)} or multipart/form-data",
            415,
        )
    try:
        parse_date(date)
    except DocumentError as exc:
        raise BodyError(f"date: {exc}") from exc
    if fmt == "json":
        try:
            payload = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BodyError(f"malformed JSON: {exc}") from exc
        records = payload if isinstance(payload, list) else [payload]
        if not records:
            raise BodyError("empty list: no documents")
        results: list[Result] = []
        for i, record in enumerate(records, start=1):
            where = f"{name}[{i}]" if isinstance(payload, list) else name
            try:
                doc = document_from_record(record)
            except DocumentError as exc:
                results.append(IngestError(where, str(exc)))
                continue
            doc.source = where
            results.append(_defaults(doc, date, title))
        return results
    return [
        r if isinstance(r, IngestError) else _defaults(r, date, title)
        for r in read_bytes(data, name, fmt=fmt, date=date)
    ]


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
                        job.errors.append(
                            {"source": r.source or r.id, "reason": f"{type(exc).__name__}: {exc}"}
                        )
                job.done += 1
            job.status = "done"
        except Exception as exc:  # pragma: no cover - defensive
            job.status = "failed"
            job.errors.append({"source": "job", "reason": str(exc)})
