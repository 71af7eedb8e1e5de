"""event_aliases: the ids an event had before a re-clustering renamed it; source date index

Cross-document merging re-clusters the reports of a neighbourhood whenever a report joins or
leaves it, so that the result does not depend on the order documents arrive in. An event then
takes the id of its earliest report; ``event_aliases`` keeps the ids it had before (a review,
a link, a note made with the old id still finds it).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_aliases",
        sa.Column("old_id", sa.String(length=100), nullable=False),
        sa.Column("new_id", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("old_id", name=op.f("pk_event_aliases")),
    )
    with op.batch_alter_table("event_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_aliases_new_id"), ["new_id"], unique=False)
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.create_index("ix_event_sources_date_start", ["date_start"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.drop_index("ix_event_sources_date_start")
    with op.batch_alter_table("event_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_aliases_new_id"))
    op.drop_table("event_aliases")
