"""A fast sample of the fuzz benchmark (``python -m benchmarks.fuzz``): 2,000 hostile and good
inputs through ingest, a dozen of them through ``marsad code --db``; every goal is 0."""

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_fuzz_sample_loses_nothing_and_never_aborts():
    sys.path.insert(0, str(REPO))
    from benchmarks import fuzz

    figures = fuzz.run(inputs=2000, coded=12, heavy=False)
    assert figures.inputs >= 2000 and figures.good >= 500
    assert figures.refused > 500 and figures.documents > 500  # the hostile lines were refused, by line
    assert figures.coded_sample == 12 and figures.cli_exit in (0, 1)
    assert (figures.crashes, figures.good_lost, figures.half_written, figures.batches_aborted) == (
        0,
        0,
        0,
        0,
    ), figures.problems
