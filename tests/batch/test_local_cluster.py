"""The local cluster of ``marsad batch``: its workers keep no profile history."""

from __future__ import annotations

import pytest


def _profiling(dask_worker) -> bool:
    return "profile" in dask_worker.periodic_callbacks


def test_the_workers_of_a_local_cluster_run_without_the_dask_profiler():
    """Dask's statistical profiler keeps the call trees of the last 1,000 seconds: over 100 MiB
    a worker gained in its first 17 minutes of coding, so ``marsad batch`` turns it off."""
    pytest.importorskip("distributed")
    from distributed import Client

    from marsad.batch.job import local_cluster

    with local_cluster(2) as cluster, Client(cluster) as client:
        assert list(client.run(_profiling).values()) == [False, False]
