"""Corpus jobs on a Dask cluster (``marsad batch``): the client plans and watches, the workers
read their own partitions, code them and write the store (and optional PLOVER partitions).

- :mod:`marsad.batch.plan`: inputs (globs, folders, fsspec URLs) → :class:`Partition` s;
- :mod:`marsad.batch.partition`: a worker reads one partition's documents;
- :mod:`marsad.batch.work`: a worker codes one partition into the store, skipping what is stored;
- :mod:`marsad.batch.job`: the client submits the partitions, shows progress, sums up.

A job is resumable and exactly-once: each document is stored in one transaction, a document
whose id and text are already stored is skipped before coding, and the store's ingest is
idempotent, so a partition redone after a lost worker or a second start of the same command
stores every document once.
"""

from marsad.batch.plan import Partition, plan_partitions
from marsad.batch.work import PartitionResult, PartitionTask, run_partition

__all__ = ["Partition", "PartitionResult", "PartitionTask", "plan_partitions", "run_partition"]
