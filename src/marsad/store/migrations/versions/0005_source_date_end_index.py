"""event_sources: an index on date_end, for the reports whose dates span long

A report dated over a long range ("in 2015") can match an event of any day of that range. The
lookup of a new report's possible matches reads short reports by the start date index; the few
long ones it reads by their end date, instead of widening the start date range for everyone.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.create_index("ix_event_sources_date_end", ["date_end"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.drop_index("ix_event_sources_date_end")
