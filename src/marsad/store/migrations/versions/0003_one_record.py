"""one record: the API reads the store; reviews are stored facts; one set of status words

- ``events`` gains the flat columns the API and CLI list, facet and aggregate (``week``,
  ``month``, ``actors_text``), the range of fatality figures (``fatalities_low``/``_high``),
  the review state (``corrections``, ``needs_review``, ``review_reason``) and their indexes;
- status words: ``new`` → ``candidate``, ``confirmed`` → ``verified`` (``rejected`` stays);
- ``event_reviews`` (every review, with the event as reviewed), ``api_tokens`` and
  ``store_meta`` (the write counter) are created;
- the web app's former copy (``serve_*`` tables) is dropped: its tokens move to
  ``api_tokens``, its reviews to ``event_reviews`` (on the store event their coding feeds).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SERVE_TABLES = (
    "serve_event_actors",
    "serve_event_data",
    "serve_events",
    "serve_relations",
    "serve_actors",
    "serve_documents",
    "serve_reviews",
    "serve_meta",
    "serve_tokens",
)
STATUS = {"new": "candidate", "confirmed": "verified", "candidate": "candidate", "verified": "verified"}


def _buckets(d: date | None) -> tuple[str | None, str | None]:
    if d is None:
        return None, None
    return (d - timedelta(days=d.weekday())).isoformat(), d.replace(day=1).isoformat()


def upgrade() -> None:
    with op.batch_alter_table("relations", schema=None) as batch_op:
        batch_op.alter_column("type", existing_type=sa.String(length=30), type_=sa.String(length=32))
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.alter_column("type", existing_type=sa.String(length=30), type_=sa.String(length=32))
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.alter_column("type", existing_type=sa.String(length=30), type_=sa.String(length=32))
        batch_op.add_column(sa.Column("fatalities_low", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("fatalities_high", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("corrections", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("needs_review", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("review_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("actors_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("week", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("month", sa.String(length=10), nullable=True))
        batch_op.create_index("ix_events_status", ["status"], unique=False)
        batch_op.create_index("ix_events_certainty", ["certainty"], unique=False)
        batch_op.create_index("ix_events_month_type", ["month", "type"], unique=False)
        batch_op.create_index("ix_events_week_type", ["week", "type"], unique=False)
        batch_op.create_index("ix_events_date_id", ["date_start", "id"], unique=False)
        batch_op.create_index("ix_events_confidence_id", ["confidence", "id"], unique=False)
        batch_op.create_index("ix_events_fatalities_id", ["fatalities", "id"], unique=False)
        batch_op.create_index("ix_events_acled_event_type", ["acled_event_type"], unique=False)
        batch_op.create_index("ix_events_admin1", ["admin1"], unique=False)

    op.create_table(
        "event_reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("status_from", sa.String(length=20), nullable=True),
        sa.Column("status_to", sa.String(length=20), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_reviews")),
    )
    with op.batch_alter_table("event_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_reviews_event_id"), ["event_id"], unique=False)
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("hint", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("revoked_at", sa.String(length=32), nullable=True),
        sa.Column("last_used_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_store_meta")),
    )

    conn = op.get_bind()
    md = sa.MetaData()
    events = sa.Table("events", md, autoload_with=conn)
    event_actors = sa.Table("event_actors", md, autoload_with=conn)
    for old, new in (("new", "candidate"), ("confirmed", "verified")):
        conn.execute(sa.update(events).where(events.c.status == old).values(status=new))
    names: dict[str, list[str]] = {}
    for eid, _role, name in conn.execute(
        sa.select(event_actors.c.event_id, event_actors.c.role, event_actors.c.name).order_by(
            event_actors.c.event_id, event_actors.c.role, event_actors.c.id
        )
    ):
        if name:
            names.setdefault(eid, []).append(name)
    for eid, start, fat in conn.execute(
        sa.select(events.c.id, events.c.date_start, events.c.fatalities)
    ).all():
        week, month = _buckets(start)
        conn.execute(
            sa.update(events)
            .where(events.c.id == eid)
            .values(
                week=week,
                month=month,
                actors_text=" | ".join(names.get(eid, [])) or None,
                fatalities_low=fat,
                fatalities_high=fat,
            )
        )
    _carry_serve_tables(conn, md)
    conn.execute(sa.insert(sa.Table("store_meta", md, autoload_with=conn)).values(key="version", value=1))


def _carry_serve_tables(conn: sa.Connection, md: sa.MetaData) -> None:
    """Tokens and reviews of the former ``serve_*`` copy, then the copy itself dropped."""
    present = set(sa.inspect(conn).get_table_names())
    if "serve_tokens" in present:
        old = sa.Table("serve_tokens", md, autoload_with=conn)
        rows = [dict(r._mapping) for r in conn.execute(sa.select(old))]
        if rows:
            conn.execute(sa.insert(sa.Table("api_tokens", md, autoload_with=conn)), rows)
    if {"serve_reviews", "serve_events"} <= present:
        reviews = sa.Table("serve_reviews", md, autoload_with=conn)
        sevents = sa.Table("serve_events", md, autoload_with=conn)
        sources = sa.Table("event_sources", md, autoload_with=conn)
        events = sa.Table("events", md, autoload_with=conn)
        out = sa.Table("event_reviews", md, autoload_with=conn)
        q = (
            sa.select(reviews, sources.c.event_id.label("store_id"))
            .join(sevents, sevents.c.id == reviews.c.event_id)
            .join(
                sources,
                sa.and_(sources.c.document_id == sevents.c.doc_id, sources.c.local_id == sevents.c.local_id),
            )
            .order_by(reviews.c.id)
        )
        for r in conn.execute(q).all():
            try:
                at = datetime.fromisoformat(r.at).astimezone(UTC).replace(tzinfo=None)
            except (TypeError, ValueError):
                at = datetime.now(UTC).replace(tzinfo=None)
            try:
                changes = json.loads(r.changes)
            except (TypeError, ValueError):
                changes = {}
            status_to = STATUS.get(r.status_to or "", r.status_to)
            conn.execute(
                sa.insert(out).values(
                    event_id=r.store_id,
                    at=at,
                    reviewer=r.reviewer,
                    status_from=STATUS.get(r.status_from or "", r.status_from),
                    status_to=status_to,
                    changes=changes,
                    note=r.note,
                    snapshot=None,
                )
            )
            if status_to:
                conn.execute(sa.update(events).where(events.c.id == r.store_id).values(status=status_to))
    for name in SERVE_TABLES:
        if name in present:
            op.drop_table(name)


def downgrade() -> None:
    op.drop_table("store_meta")
    op.drop_table("api_tokens")
    with op.batch_alter_table("event_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_reviews_event_id"))
    op.drop_table("event_reviews")
    conn = op.get_bind()
    events = sa.Table("events", sa.MetaData(), autoload_with=conn)
    for old, new in (("new", "candidate"), ("confirmed", "verified")):
        conn.execute(sa.update(events).where(events.c.status == new).values(status=old))
    with op.batch_alter_table("events", schema=None) as batch_op:
        for ix in (
            "ix_events_status",
            "ix_events_certainty",
            "ix_events_month_type",
            "ix_events_week_type",
            "ix_events_date_id",
            "ix_events_confidence_id",
            "ix_events_fatalities_id",
            "ix_events_acled_event_type",
            "ix_events_admin1",
        ):
            batch_op.drop_index(ix)
        for col in (
            "month",
            "week",
            "actors_text",
            "review_reason",
            "needs_review",
            "corrections",
            "fatalities_high",
            "fatalities_low",
        ):
            batch_op.drop_column(col)
