"""Engines that run the pipeline over many documents: in this process, in a pool of local
processes, or on a Dask cluster when a corpus outgrows one machine.

Every engine takes ingested Documents and yields, in input order, either the coded
Document or a :class:`CodingError` for a document that failed; a failure never stops
the batch. Each worker builds its own pipeline once, with the ``pipeline_factory`` it is given
(:class:`marsad.Pipeline`, passed by the command line: the engines do not import the pipeline)
from the same :class:`marsad.config.PipelineConfig`, so every engine codes a document identically.
"""

from marsad.engine.base import CodingError, Engine, PipelineFactory, make_engine

__all__ = ["CodingError", "Engine", "PipelineFactory", "make_engine"]
