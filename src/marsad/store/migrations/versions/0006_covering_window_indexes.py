"""event_sources: the date indexes cover the neighbour lookup; the event index covers pinning

Finding a new report's possible matches reads every report of compatible type in its date
window. With indexes on the dates alone, SQLite read each of those reports' rows, and a row
holds the coded event (``data``, a few kilobytes) before the columns the lookup needs, so a
lookup read hundreds of pages, more again whenever another worker's write emptied the page
cache. The date indexes now carry every column the lookup reads (type, the other date, event,
document, event id in the document, time written), and the event index whether a report is
pinned, so the lookup reads index pages only.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

LOOKUP = ["event_id", "document_id", "local_id", "created_at"]
INDEXES = {
    "ix_event_sources_date_start": (["date_start"], ["date_start", "type", "date_end", *LOOKUP]),
    "ix_event_sources_date_end": (["date_end"], ["date_end", "type", "date_start", *LOOKUP]),
    "ix_event_sources_event_id": (["event_id"], ["event_id", "pinned"]),
}


def upgrade() -> None:
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        for name, (_, covering) in INDEXES.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, covering, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        for name, (plain, _) in INDEXES.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, plain, unique=False)
