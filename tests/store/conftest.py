"""Store fixtures: a fresh store on SQLite, and on PostgreSQL when MARSAD_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "fixtures" / "dedup_corpus.json"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> str:
    """A URL/path for an empty store of each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "marsad.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_url):
    from marsad.store import Store

    s = Store.open(store_url)
    yield s
    s.close()


@pytest.fixture(scope="session")
def corpus() -> dict:
    """The hand-written dedup corpus: documents and the expected event clusters."""
    return json.loads(CORPUS.read_text(encoding="utf-8"))


def lookup_plans(store, marker: str) -> list[str]:  # type: ignore[no-untyped-def]
    """SQLite's plan of each neighbour lookup (a statement reading ``event_sources`` joined with
    ``events`` whose text holds ``marker``) that ``store`` runs from now on, as they come."""
    from sqlalchemy import event

    plans: list[str] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def explain(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        if "FROM event_sources JOIN events" in statement and marker in statement:
            rows = cursor.connection.execute("EXPLAIN QUERY PLAN " + statement, params).fetchall()
            plans.append(" | ".join(str(r[-1]) for r in rows))

    return plans
