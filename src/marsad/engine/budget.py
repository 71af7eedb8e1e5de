"""A time budget per document: a document that takes longer is skipped with a reason.

Where it can, the budget interrupts the work: in the main thread of a process on a system
with ``SIGALRM`` (Linux, macOS), a one-shot ``setitimer`` alarm raises :class:`DocumentTimeout`
inside whatever stage is running. That is the case of ``marsad code`` and of every
``--workers`` process. A signal handler runs only between Python bytecodes, so a single long
call in C (one regular-expression search, one spaCy component over a huge text) ends before
the alarm is seen; the size limits of ingest keep those calls short.

Elsewhere (a thread of the server, a Dask worker thread, Windows) signals cannot be used:
the pipeline then checks the deadline between stages, so a slow document is still skipped,
but only once the stage it is in has finished.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from marsad.ingest.errors import DocumentTimeout

__all__ = ["DocumentTimeout", "can_interrupt", "time_budget"]


def can_interrupt() -> bool:
    """Whether an alarm can interrupt work here: main thread, SIGALRM, and no alarm in use."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )


@contextmanager
def time_budget(seconds: float | None) -> Iterator[bool]:
    """Raise :class:`DocumentTimeout` in the body after ``seconds``; yields whether the alarm
    is armed (False: no budget, or this thread cannot be interrupted — check a deadline)."""
    if not seconds or seconds <= 0 or not can_interrupt():
        yield False
        return
    armed = True

    def on_alarm(_signum: int, _frame: FrameType | None) -> None:
        if armed:  # an alarm already on its way when the body finished is ignored
            raise DocumentTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
