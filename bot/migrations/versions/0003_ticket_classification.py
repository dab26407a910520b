"""Ticket classification (type, urgency, topic path, department, due time), corrections.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _ticket_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    """Fresh column objects each time (a Column belongs to one table)."""
    return [
        sa.Column("request_type", sa.String(8)),
        sa.Column("urgency", sa.String(8)),
        sa.Column("emergency", sa.String(4)),
        sa.Column("topic_path", sa.JSON),
        sa.Column("department", sa.String(64)),
        sa.Column("due_at", sa.DateTime(timezone=True)),
        sa.Column("time_limit", sa.String(16)),
        sa.Column("confidence", sa.Float),
        sa.Column("classified_by", sa.String(64)),
    ]


def upgrade() -> None:
    """Nullable classification columns on tickets (older ones have none); corrections."""
    with op.batch_alter_table("tickets") as batch:
        for column in _ticket_columns():
            batch.add_column(column)
    op.create_table(
        "classification_corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "ticket_id", sa.Integer, sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("field", sa.String(16), nullable=False),
        sa.Column("old_value", sa.Text),
        sa.Column("new_value", sa.Text),
        sa.Column("agent", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_corrections_created", "classification_corrections", ["created_at"])


def downgrade() -> None:
    """Drop the corrections table and the classification columns."""
    op.drop_table("classification_corrections")
    with op.batch_alter_table("tickets") as batch:
        for column in reversed(_ticket_columns()):
            batch.drop_column(column.name)
