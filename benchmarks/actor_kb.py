"""The actor knowledge base: entries per source, load time, memory, resolution throughput.

    python -m benchmarks.actor_kb [--queries N]

Needs no shared data (the Phoenix index is built from the file shipped in the package).
Reports: curated entries per file (actors.yaml, conflicts.yaml, regions.yaml, user files), states, agent
nouns, Phoenix entries per dictionary; the time and memory to load the YAML dictionary, to
build the Phoenix index (cold, into a temporary folder) and to open it (warm); and lookups
per second for dictionary names, Phoenix names, and whole ``actors resolve`` queries.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, seconds, peak MiB allocated by Python): timed once as is, then run again
    under tracemalloc (which slows it) for the memory figure."""
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    result = fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, seconds, peak


def _rate(fn: Callable[[str], Any], items: list[str]) -> float:
    started = time.perf_counter()
    for item in items:
        fn(item)
    return len(items) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", type=int, default=2000, help="names looked up per throughput figure")
    args = ap.parse_args(argv)
    from marsad.actors.kb import ActorKB
    from marsad.actors.phoenix import SHIPPED
    from marsad.actors.world import WorldKB, build

    kb, yaml_s, yaml_mib = _timed(lambda: ActorKB.load(world=False))
    by_file = Counter(a.source.split("+")[0].removeprefix("marsad:") for a in kb)
    print("curated entries:", dict(by_file), f"(total {len(kb)})")
    print(f"states: {len(kb.states)}, agent nouns: {len(kb.agent_nouns)}, role nouns: {len(kb.role_nouns)}")
    print(f"YAML dictionary load: {yaml_s:.3f} s, {yaml_mib:.1f} MiB allocated (peak)")
    print(f"shipped Phoenix file: {SHIPPED.stat().st_size / 2**20:.2f} MiB")

    states = frozenset(kb.states)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "world.sqlite"
        _, build_s, build_mib = _timed(lambda: build(path, states=states, progress=False))
        world, open_s, open_mib = _timed(lambda: WorldKB(path, states))
        counts = world.counts()
        print(
            "Phoenix entries:",
            {k: counts.get(k, 0) for k in ("countries", "international", "nonstate", "agents")},
        )
        print(f"Phoenix names indexed: {counts.get('names', 0)}; country blocks left to the state rules: "
              f"{counts.get('skipped_places', 0)}")  # fmt: skip
        print(f"Phoenix index: cold build {build_s:.2f} s ({build_mib:.1f} MiB peak), "
              f"{path.stat().st_size / 2**20:.1f} MiB on disk; open {open_s * 1000:.1f} ms "
              f"({open_mib:.2f} MiB)")  # fmt: skip

        rng = random.Random(12)
        curated = [n for a in kb for n in a.all_names()]
        with gzip.open(SHIPPED, "rt", encoding="utf-8") as fh:
            phoenix = [json.loads(line).get("name") for line in fh]
        phoenix = [n for n in phoenix if n]
        misses = [f"Nobody Called {i}" for i in range(200)]
        sample_c = rng.choices(curated, k=args.queries)
        sample_p = rng.choices(phoenix, k=args.queries)
        kb._world, kb.use_world = world, True
        print(f"dictionary lookups: {_rate(kb.lookup, sample_c):,.0f} names/s")
        print(f"Phoenix lookups (cold cache): {_rate(kb.lookup_world, sample_p):,.0f} names/s")
        print(f"Phoenix lookups (warm cache): {_rate(kb.lookup_world, sample_p):,.0f} names/s")
        print(f"misses (both): {_rate(lambda q: kb.lookup(q) or kb.lookup_world(q), misses):,.0f} names/s")

        from marsad.actors.lookup import TextResolver

        resolver, load_s, _ = _timed(TextResolver)
        resolver.kb._world, resolver.kb.use_world = world, True
        texts = [f"{n} attacked the town" for n in rng.choices(curated + phoenix, k=200)]
        print(
            f"actors resolve: load {load_s:.1f} s; {_rate(resolver, texts):,.1f} queries/s (spaCy included)"
        )
        world.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process (spaCy included): {rss:.0f} MiB; pid {os.getpid()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
