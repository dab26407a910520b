"""Knowledge-base events: unanswered questions and answer feedback.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """One row per 'none' answer and per 有帮助/没帮助 click."""
    op.create_table(
        "kb_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(32)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("faq_id", sa.String(128)),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_kb_events_kind", "kb_events", ["kind", "created_at"])


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("kb_events")
