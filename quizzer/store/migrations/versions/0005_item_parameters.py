"""Item parameters: fitted 2PL discrimination and difficulty per question version.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_parameter",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("a", sa.Float, nullable=False),
        sa.Column("b", sa.Float, nullable=False),
        sa.Column("responses", sa.Integer, nullable=False),
        sa.Column("fitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("question_id", "content_hash", name="uq_item_parameter_version"),
    )


def downgrade() -> None:
    op.drop_table("item_parameter")
