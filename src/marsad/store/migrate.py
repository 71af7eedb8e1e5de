"""Run the store's Alembic migrations programmatically (no ``alembic.ini`` needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

from marsad.store.locking import schema_lock

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations and at ``url``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind ``engine`` to ``revision`` (default: the latest).

    Under the database's schema lock: a process that opens a new database while another
    creates it waits, then finds it at ``revision``."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with schema_lock(engine), engine.begin() as conn:
        _run(cfg, conn, revision)


def _run(cfg: Config, conn: Connection, revision: str) -> None:
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, revision)


def drop_schema(url: str) -> None:
    """Every store table and Alembic's record of them dropped: a throwaway database (tests,
    benchmarks) made empty again, for the next ``upgrade``."""
    from sqlalchemy import create_engine, text

    from marsad.store.connection import normalize_url
    from marsad.store.schema import metadata

    engine = create_engine(normalize_url(url))
    with engine.begin() as conn:
        metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
