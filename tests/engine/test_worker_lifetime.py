"""``--workers`` children end with their parent, even when it is killed outright."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from marsad.engine.local import _watch_parent

PARENT = textwrap.dedent(
    """
    import sys, time
    from marsad.config import PipelineConfig
    from marsad.engine.local import ProcessEngine
    from marsad.pipeline import Pipeline

    engine = ProcessEngine(PipelineConfig(), pipeline_factory=Pipeline, workers=1)
    engine.pool.submit(time.sleep, 0).result()  # the worker is up
    print(*[p.pid for p in engine.pool._processes.values()], flush=True)
    time.sleep(600)
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie awaiting its reaper is dead too
        return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.slow
def test_workers_die_when_their_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert workers and all(_alive(pid) for pid in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers)
    finally:
        parent.kill()


def test_the_watchdog_exits_when_the_parent_changes(monkeypatch):
    exits = []
    monkeypatch.setattr(os, "getppid", lambda: 1)
    monkeypatch.setattr(os, "_exit", exits.append)
    _watch_parent(parent=12345, interval=0)
    assert exits == [1]
