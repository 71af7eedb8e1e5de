"""Store fixtures: a fresh store on SQLite, and on PostgreSQL when MARSAD_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "fixtures" / "dedup_corpus.json"


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    from marsad.store.core import normalize_url
    from marsad.store.schema import metadata

    engine = create_engine(normalize_url(url))
    with engine.begin() as conn:
        metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> str:
    """A URL/path for an empty store of each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "marsad.db")
    url = os.environ.get("MARSAD_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("MARSAD_TEST_POSTGRES_URL is not set (scripts/start-test-postgres.sh starts one)")
    _reset_postgres(url)
    return url


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
