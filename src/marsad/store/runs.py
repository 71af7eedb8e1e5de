"""Runs: one ``runs`` row per ingest batch, owned by the process that runs it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine

from marsad.store import schema as S
from marsad.store.connection import bump_version, now_utc
from marsad.store.locking import write_transaction
from marsad.store.owner import owner_alive, process_owner

if TYPE_CHECKING:
    from marsad.store.writer import IngestResult


@dataclass
class RunResult:
    """What ``Store.ingest_many`` did with a batch."""

    run_id: int
    counts: Counter = field(default_factory=Counter)
    results: list[IngestResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "counts": dict(self.counts)}


def run_status_for(exc: BaseException) -> str:
    """The status of a run stopped by ``exc``: interrupted (Ctrl-C, a signal), else failed."""
    return "interrupted" if isinstance(exc, KeyboardInterrupt | SystemExit) else "failed"


class Runs:
    """The ``runs`` table: ``start_run``, ``finish_run``, ``mark_dead_runs``."""

    engine: Engine

    def start_run(self, *, pipeline: str = "marsad", version: str | None = None, config: Any = None) -> int:
        """Record the start of an ingest batch (owned by this process); returns the run id.

        Runs left "running" by a process of this host that has died are marked interrupted first."""
        if version is None:
            from marsad import __version__

            version = __version__
        self.mark_dead_runs()
        with write_transaction(self.engine) as conn:
            res = conn.execute(
                insert(S.runs),
                dict(
                    pipeline=pipeline,
                    version=version,
                    config=config,
                    started_at=now_utc(),
                    status="running",
                    documents_done=0,
                    owner=process_owner(),
                ),
            )
            bump_version(conn)
            return int(res.inserted_primary_key[0])

    def mark_dead_runs(self) -> list[int]:
        """Mark "interrupted" the runs still "running" whose process (on this host) has ended
        without finishing them (killed, crashed, powered off); returns their ids."""
        r = S.runs.c
        with write_transaction(self.engine) as conn:
            rows = conn.execute(
                select(r.id, r.owner).where(r.status == "running", r.owner.is_not(None))
            ).all()
            dead = [row.id for row in rows if owner_alive(row.owner) is False]
            for run_id in dead:
                conn.execute(
                    update(S.runs)
                    .where(r.id == run_id, r.status == "running")
                    .values(
                        status="interrupted",
                        finished_at=now_utc(),
                        error="the process running it ended before it finished (killed or crashed)",
                    )
                )
        return dead

    def finish_run(self, run_id: int, *, status: str = "done", error: str | None = None) -> None:
        with write_transaction(self.engine) as conn:
            conn.execute(
                update(S.runs)
                .where(S.runs.c.id == run_id)
                .values(finished_at=now_utc(), status=status, error=error)
            )
            bump_version(conn)
