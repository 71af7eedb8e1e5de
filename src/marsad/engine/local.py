"""A pool of local processes, each with its own pipeline."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from marsad.config import PipelineConfig
from marsad.engine.base import CodingError, Engine, code_one
from marsad.engine.window import ordered_window
from marsad.model import Document

_WORKER_PIPELINE: Any = None


def _init_worker(config: PipelineConfig) -> None:
    global _WORKER_PIPELINE
    from marsad import Pipeline

    _WORKER_PIPELINE = Pipeline(config)


def _work(doc: Document) -> Document | CodingError:
    return code_one(_WORKER_PIPELINE, doc)


class ProcessEngine(Engine):
    """Codes documents in ``workers`` processes; results come back in input order."""

    name = "local"

    def __init__(self, config: PipelineConfig | None = None, *, workers: int = 2) -> None:
        super().__init__(config)
        self.workers = workers
        ctx = multiprocessing.get_context("spawn")  # spaCy and SQLite are not fork-safe
        self.pool = ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_init_worker, initargs=(self.config,)
        )

    def map(self, docs: Iterable[Document]) -> Iterator[Document | CodingError]:
        def result(future: Future[Any]) -> Document | CodingError:
            try:
                return future.result()
            except Exception as exc:  # a worker died: report the document, go on
                return CodingError("<worker>", f"{type(exc).__name__}: {exc}")

        yield from ordered_window(docs, lambda d: self.pool.submit(_work, d), result, self.workers * 4)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
