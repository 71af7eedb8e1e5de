"""A Dask cluster: the scheduler at ``scheduler``, or a local cluster of ``workers`` processes.

Install with ``pip install "marsad[distributed]"``. Each Dask worker keeps one pipeline,
built on first use from the same config, so a cluster codes exactly like one machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from marsad.config import PipelineConfig
from marsad.engine.base import CodingError, Engine, PipelineFactory, code_one
from marsad.engine.window import ordered_window
from marsad.model import Document

_PIPELINES: dict[str, Any] = {}


def _work(doc: Document, config: PipelineConfig, factory: PipelineFactory) -> Document | CodingError:
    key = f"{factory!r}:{config.to_dict()!r}"
    if key not in _PIPELINES:
        _PIPELINES[key] = factory(config)
    return code_one(_PIPELINES[key], doc)


class DaskEngine(Engine):
    name = "dask"

    def __init__(
        self,
        config: PipelineConfig | None = None,
        *,
        pipeline_factory: PipelineFactory,
        workers: int = 2,
        scheduler: str | None = None,
    ) -> None:
        super().__init__(config, pipeline_factory=pipeline_factory)
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise RuntimeError(
                'the dask engine needs dask.distributed: pip install "marsad[distributed]"'
            ) from exc
        self._cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self.client = Client(self._cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def map(self, docs: Iterable[Document]) -> Iterator[Document | CodingError]:
        def submit(doc: Document) -> Any:
            return self.client.submit(_work, doc, self.config, self.pipeline_factory, pure=False)

        def result(future: Any) -> Document | CodingError:
            try:
                return future.result()
            except Exception as exc:
                return CodingError("<dask worker>", f"{type(exc).__name__}: {exc}")

        yield from ordered_window(docs, submit, result, self.workers * 4)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
