"""A pool of local processes, each with its own pipeline.

Workers end with their parent: on Linux the kernel kills them when it dies
(``PR_SET_PDEATHSIG``), and everywhere a watchdog thread in each worker exits when its
parent is gone (it is reparented). An interrupted run (:meth:`ProcessEngine.abort`)
terminates them rather than waiting for the documents in flight.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from marsad.config import PipelineConfig
from marsad.engine.base import CodingError, Engine, PipelineFactory, code_one
from marsad.engine.window import ordered_window
from marsad.model import Document

_WORKER_PIPELINE: Any = None


def _init_worker(config: PipelineConfig, factory: PipelineFactory, parent: int) -> None:
    global _WORKER_PIPELINE
    _die_with_parent(parent)
    _WORKER_PIPELINE = factory(config)


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="marsad-parent-watch").start()


def _watch_parent(parent: int, interval: float = 1.0) -> None:
    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(1)


def _work(doc: Document) -> Document | CodingError:
    return code_one(_WORKER_PIPELINE, doc)


class ProcessEngine(Engine):
    """Codes documents in ``workers`` processes; results come back in input order."""

    name = "local"

    def __init__(
        self, config: PipelineConfig | None = None, *, pipeline_factory: PipelineFactory, workers: int = 2
    ) -> None:
        super().__init__(config, pipeline_factory=pipeline_factory)
        self.workers = workers
        ctx = multiprocessing.get_context("spawn")  # spaCy and SQLite are not fork-safe
        self.pool = ProcessPoolExecutor(
            workers,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(self.config, pipeline_factory, os.getpid()),
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

    def abort(self) -> None:
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        for process in processes:
            process.terminate()
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(timeout=5)
