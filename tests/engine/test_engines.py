"""Every engine codes a batch like the pipeline itself, in input order, past failures."""

import importlib.util

import pytest

from marsad.engine import CodingError, Engine, make_engine
from marsad.ingest import document_from_text
from marsad.pipeline import Pipeline

pytestmark = pytest.mark.slow

TEXTS = [
    "Gunmen killed three soldiers near Kirkuk on Monday.",
    "Police arrested ten protesters in Basra.",
    "Rebels shelled Aleppo on Sunday, killing two civilians.",
]


def _docs():
    return [document_from_text(t, date="2016-03-02") for t in TEXTS]


class _Exploding:
    """A pipeline whose run fails on one document, to check that the batch goes on."""

    def __init__(self, pipeline):
        self.pipeline = pipeline

    def parse_many(self, docs):
        return self.pipeline.parse_many(docs)

    def run(self, doc, parsed=False):
        if "Basra" in doc.text:
            raise ValueError("boom")
        return self.pipeline.run(doc, parsed=parsed)


class _ExplodingParse(_Exploding):
    """A pipeline whose batch parse fails because of one document."""

    def parse_many(self, docs):
        if any("Basra" in d.text for d in docs):
            raise ValueError("bad batch")
        return self.pipeline.parse_many(docs)


def test_inline_engine_reports_failures_and_goes_on(pipeline):
    results = list(Engine(pipeline=_Exploding(pipeline)).map(_docs()))
    assert isinstance(results[1], CodingError) and "boom" in results[1].reason
    assert [r.text for r in (results[0], results[2])] == [TEXTS[0], TEXTS[2]]


def test_process_pool_matches_inline(pipeline):
    inline = [d.to_dict() for d in Engine(pipeline=pipeline).map(_docs())]
    with make_engine("local", workers=2, pipeline_factory=Pipeline) as engine:
        pooled = [d.to_dict() for d in engine.map(_docs())]
    assert [d["id"] for d in pooled] == [d["id"] for d in inline]
    assert [[e["id"] for e in d["events"]] for d in pooled] == [
        [e["id"] for e in d["events"]] for d in inline
    ]


@pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None, reason="dask.distributed is not installed"
)
def test_dask_engine_matches_inline(pipeline):
    inline = [d.to_dict() for d in Engine(pipeline=pipeline).map(_docs())]
    with make_engine("dask", workers=1, pipeline_factory=Pipeline) as engine:
        distributed = [d.to_dict() for d in engine.map(_docs())]
    assert [[e["id"] for e in d["events"]] for d in distributed] == [
        [e["id"] for e in d["events"]] for d in inline
    ]


def test_unknown_engine():
    with pytest.raises(ValueError, match="unknown engine"):
        make_engine("spark")


def test_a_failed_batch_parse_costs_only_the_bad_document(pipeline):
    results = list(Engine(pipeline=_ExplodingParse(pipeline)).map(_docs()))
    assert [isinstance(r, CodingError) for r in results] == [False, True, False]
    assert results[0].events and results[2].events  # parsed one by one after the batch failed


def test_pipe_parses_in_batches_and_codes_as_run_does(pipeline):
    one_by_one = [pipeline.run(d) for d in _docs()]
    batched = list(pipeline.pipe(_docs()))
    assert [len(d.events) for d in batched] == [len(d.events) for d in one_by_one]
    assert [[e.type for e in d.events] for d in batched] == [[e.type for e in d.events] for d in one_by_one]
