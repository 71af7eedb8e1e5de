"""Run the benchmarks: `python -m benchmarks.run` (all) or `python -m benchmarks.run geoparse events`.

Each benchmark is a module `benchmarks/<name>.py` with a `main()`; data-hungry ones read the
development data from `MARSAD_DEV_DATA` (default `../shared/data`) and skip when it is absent.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def available() -> list[str]:
    here = Path(__file__).parent
    return sorted(
        m.name
        for m in pkgutil.iter_modules([str(here)])
        if m.name not in {"run", "common"} and not m.name.startswith("_")
    )


def main(argv: list[str] | None = None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or available()
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{name}")
        saved = sys.argv
        sys.argv = [name]
        try:
            module.main()
        finally:
            sys.argv = saved
        print(f"--- {name}: {time.perf_counter() - started:.1f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
