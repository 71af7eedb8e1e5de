"""The engine interface and the in-process engine."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from marsad.batching import batched
from marsad.config import PipelineConfig
from marsad.engine.budget import DocumentTimeout, time_budget
from marsad.ingest.errors import DocumentError
from marsad.model import Document

#: what an engine builds its pipeline with, in this process or in each worker: called with the
#: config, it returns an object with ``run``, ``parse_many`` and ``memory_zone`` (``marsad.Pipeline``).
#: It must pickle (a class or a module-level function) to reach worker processes.
PipelineFactory = Callable[[PipelineConfig], Any]


@dataclass
class CodingError:
    """A document the pipeline could not code: where it came from and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: could not be coded: {self.reason}"


def _budget(pipeline: Any) -> float | None:
    return getattr(getattr(pipeline, "config", None), "time_budget_s", None)


def failure_reason(exc: BaseException) -> str:
    """Why a document could not be coded, in words for whoever reads the report."""
    if isinstance(exc, DocumentError | DocumentTimeout):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "its text is structured too deeply for the coder (a chain or list too long: RecursionError)"
    if isinstance(exc, MemoryError):
        return "it needed more memory than there is (MemoryError)"
    return f"{type(exc).__name__}: {str(exc)[:300]}"


def code_one(pipeline: Any, doc: Document, *, parsed: bool = False) -> Document | CodingError:
    """Run the pipeline over one document (already parsed by its batch when ``parsed``), within
    the config's time budget; any failure becomes a CodingError."""
    seconds = _budget(pipeline)
    try:
        with time_budget(seconds) as interrupting:
            if seconds and not interrupting:  # no alarm here: the pipeline checks between stages
                coded = pipeline.run(doc, parsed=parsed, deadline=time.monotonic() + seconds)
            else:
                coded = pipeline.run(doc, parsed=parsed)
    except Exception as exc:  # one bad document must not stop the batch
        return CodingError(doc.source or doc.id, failure_reason(exc))
    coded.spacy_doc = None  # not needed downstream, and not worth shipping between processes
    return coded


def code_batch(pipeline: Any, docs: list[Document]) -> list[Document | CodingError]:
    """Code a batch: spaCy parses it at once, then each document runs alone. Should the
    batch's parse fail (or go over the batch's time budget), every document is parsed on its
    own, so one bad text costs only itself.

    The batch is coded inside the pipeline's memory zone (:meth:`marsad.Pipeline.memory_zone`):
    the spaCy strings and lexemes its texts added are freed when it ends, so that a process
    coding millions of documents keeps the vocabulary it had after its first batch."""
    zone = getattr(pipeline, "memory_zone", None)
    try:
        with zone() if zone is not None else nullcontext():
            return _code_batch(pipeline, docs)
    finally:
        for doc in docs:  # spaCy's objects from the zone are invalid after it
            doc.spacy_doc = None


def _code_batch(pipeline: Any, docs: list[Document]) -> list[Document | CodingError]:
    seconds = _budget(pipeline)
    if len(docs) == 1:  # parsed within its own budget by code_one, not once more after a timeout
        return [code_one(pipeline, docs[0])]
    try:
        with time_budget(seconds * len(docs) if seconds else None):
            parsed = {id(d) for d in pipeline.parse_many(docs)}
    except Exception:  # find the culprit document by document
        parsed = set()
    return [code_one(pipeline, doc, parsed=id(doc) in parsed) for doc in docs]


class Engine:
    """Codes documents in this process (the default, and the reference for the others)."""

    name = "inline"

    def __init__(
        self,
        config: PipelineConfig | None = None,
        *,
        pipeline: Any = None,
        pipeline_factory: PipelineFactory | None = None,
    ) -> None:
        self.config = config or PipelineConfig()
        self._pipeline = pipeline
        self.pipeline_factory = pipeline_factory
        if pipeline is None and pipeline_factory is None:
            raise ValueError("an engine needs a pipeline or a pipeline_factory (e.g. marsad.Pipeline)")

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:
            assert self.pipeline_factory is not None
            self._pipeline = self.pipeline_factory(self.config)
        return self._pipeline

    def map(self, docs: Iterable[Document]) -> Iterator[Document | CodingError]:
        for batch in batched(docs, self.config.batch_size):
            yield from code_batch(self.pipeline, batch)

    def close(self) -> None:
        """Release workers (nothing to release in this process)."""

    def abort(self) -> None:
        """Stop at once, leaving work undone (an interrupted run): workers are ended, not awaited."""
        self.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def make_engine(
    kind: str = "inline",
    *,
    workers: int = 1,
    scheduler: str | None = None,
    config: PipelineConfig | None = None,
    pipeline: Any = None,
    pipeline_factory: PipelineFactory | None = None,
) -> Engine:
    """``inline`` (this process), ``local`` (a pool of ``workers`` processes) or ``dask``
    (a Dask cluster at ``scheduler``, or a local Dask cluster of ``workers`` processes).

    Each builds its pipeline(s) with ``pipeline_factory(config)`` (the caller passes
    ``marsad.Pipeline``: the engines do not import the pipeline); the inline engine may be
    given a ``pipeline`` instead."""
    if kind not in ("inline", "local", "dask"):
        raise ValueError(f"unknown engine {kind!r} (inline, local, dask)")
    if kind == "inline" or (kind == "local" and workers <= 1):
        return Engine(config, pipeline=pipeline, pipeline_factory=pipeline_factory)
    if pipeline_factory is None:
        raise ValueError(f"the {kind} engine needs a pipeline_factory (e.g. marsad.Pipeline)")
    if kind == "local":
        from marsad.engine.local import ProcessEngine

        return ProcessEngine(config, pipeline_factory=pipeline_factory, workers=workers)
    from marsad.engine.dask import DaskEngine

    return DaskEngine(config, pipeline_factory=pipeline_factory, workers=workers, scheduler=scheduler)
