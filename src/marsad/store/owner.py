"""Which process runs a batch, and whether it is still alive.

A run's ``owner`` is ``host:pid:start`` (``start`` is the process start time in clock ticks
from ``/proc``, so that a recycled pid is not taken for the process that died). A run still
"running" whose owner is on this host and no longer alive was interrupted (killed, crashed):
:meth:`marsad.store.Store.start_run` marks such runs before it records a new one.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path


def _start_ticks(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # the command name (field 2) may hold spaces; the fields after its ")" are plain
    return stat.rsplit(")", 1)[-1].split()[19]


def process_owner(pid: int | None = None) -> str:
    """``host:pid:start`` of this process (or of ``pid`` on this host)."""
    pid = pid or os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid)}"


def owner_alive(owner: str) -> bool | None:
    """Whether the process named by ``owner`` still runs: None when it is on another host
    (or unreadable), since its liveness cannot be told from here."""
    parts = owner.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return None
    pid, start = int(parts[1]), parts[2]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, another user's
    except OSError:
        return None
    return not start or _start_ticks(pid) in ("", start)
