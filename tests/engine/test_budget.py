"""The per-document time budget and plain reasons: a slow or broken document is skipped, the
batch goes on."""

import threading
import time
from types import SimpleNamespace

import pytest

from marsad.engine import CodingError, Engine
from marsad.engine.base import code_one
from marsad.engine.budget import DocumentTimeout, time_budget
from marsad.model import Document


class FakePipeline:
    """Sleeps on "slow" documents, recurses forever on "deep" ones, codes the rest."""

    def __init__(self, budget: float) -> None:
        self.config = SimpleNamespace(time_budget_s=budget, batch_size=4)
        self.deadlines: list[float | None] = []

    def parse_many(self, docs):
        return []

    def run(self, doc, *, parsed=False, deadline=None):
        self.deadlines.append(deadline)
        if doc.text == "slow":
            time.sleep(30)
        if doc.text == "deep":
            return self.run(doc)
        return doc


def _doc(text: str) -> Document:
    return Document(id=text, text=text, source=f"in.jsonl:{text}")


def test_the_alarm_interrupts_the_body_after_the_budget():
    started = time.perf_counter()
    with pytest.raises(DocumentTimeout), time_budget(0.2):
        time.sleep(30)
    assert time.perf_counter() - started < 5


def test_a_slow_and_a_deep_document_are_skipped_with_reasons_and_the_batch_goes_on():
    results = list(Engine(pipeline=FakePipeline(0.3)).map([_doc("a"), _doc("slow"), _doc("deep"), _doc("b")]))
    assert [r.id for r in results if isinstance(r, Document)] == ["a", "b"]
    slow, deep = [r for r in results if isinstance(r, CodingError)]
    assert slow.source == "in.jsonl:slow" and "time budget of 0.3 s" in slow.reason
    assert "structured too deeply" in deep.reason


def test_off_the_main_thread_the_pipeline_is_given_a_deadline():
    pipeline = FakePipeline(5)
    thread = threading.Thread(target=code_one, args=(pipeline, _doc("a")))
    thread.start()
    thread.join()
    (deadline,) = pipeline.deadlines
    assert deadline is not None and deadline > time.monotonic()


def test_the_pipeline_stops_between_stages_past_its_deadline(pipeline):
    doc = Document(id="x", text="Rebels shelled Aleppo on Sunday.")
    with pytest.raises(DocumentTimeout):
        pipeline.run(doc, deadline=time.monotonic() - 1)
