"""Review cards: one FSRS spaced-repetition card per learner and question.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "review_card",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("profile_id", sa.Integer, sa.ForeignKey("profile.id"), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("card", sa.JSON, nullable=False),
        sa.Column("log", sa.JSON, nullable=False),
        sa.Column("state", sa.Integer, nullable=False),
        sa.Column("due", UTC, nullable=False),
        sa.Column("last_review", UTC),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.Column("lapses", sa.Integer, nullable=False),
        sa.UniqueConstraint("profile_id", "question_id", name="uq_review_card_profile_question"),
    )
    # Due cards are always looked up per learner: one index serves "due before now" for a profile.
    op.create_index("ix_review_card_profile_due", "review_card", ["profile_id", "due"])


def downgrade() -> None:
    op.drop_index("ix_review_card_profile_due", table_name="review_card")
    op.drop_table("review_card")
