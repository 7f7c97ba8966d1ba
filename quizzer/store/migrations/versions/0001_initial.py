"""Initial schema: profiles, study sessions, answers, mock exams and their items.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "profile",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("role", sa.String(20), nullable=False, server_default="learner"),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
    )
    op.create_index("ix_profile_name", "profile", ["name"], unique=True)
    op.create_table(
        "study_session",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("profile_id", sa.Integer, sa.ForeignKey("profile.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("exam_id", sa.String(40)),
        sa.Column("filters", sa.JSON, nullable=False),
        sa.Column("started_at", UTC, nullable=False),
        sa.Column("ended_at", UTC),
    )
    op.create_index("ix_study_session_profile_id", "study_session", ["profile_id"])
    op.create_table(
        "answer",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("study_session.id"), nullable=False),
        sa.Column("profile_id", sa.Integer, sa.ForeignKey("profile.id"), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("content_hash", sa.String(32), nullable=False),
        sa.Column("response", sa.JSON),
        sa.Column("correct", sa.Boolean, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("time_ms", sa.Integer, nullable=False),
        sa.Column("certainty", sa.Integer),
        sa.Column("answered_at", UTC, nullable=False),
    )
    op.create_index("ix_answer_session_id", "answer", ["session_id"])
    op.create_index("ix_answer_profile_id", "answer", ["profile_id"])
    op.create_index("ix_answer_question_id", "answer", ["question_id"])
    op.create_index("ix_answer_answered_at", "answer", ["answered_at"])
    op.create_table(
        "mock_exam",
        sa.Column("session_id", sa.Integer, sa.ForeignKey("study_session.id"), primary_key=True),
        sa.Column("exam_id", sa.String(40), nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("length", sa.Integer, nullable=False),
        sa.Column("time_limit_s", sa.Integer, nullable=False),
        sa.Column("time_left_s", sa.Float, nullable=False),
        sa.Column("current", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("plan", sa.JSON, nullable=False),
        sa.Column("result", sa.JSON),
        sa.Column("updated_at", UTC, nullable=False),
    )
    op.create_index("ix_mock_exam_status", "mock_exam", ["status"])
    op.create_table(
        "mock_item",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("mock_exam.session_id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("domain_id", sa.String(40)),
        sa.Column("content_hash", sa.String(32), nullable=False),
        sa.Column("display_order", sa.JSON),
        sa.Column("response", sa.JSON),
        sa.Column("flagged", sa.Boolean, nullable=False),
        sa.Column("time_ms", sa.Integer, nullable=False),
        sa.Column("answered_at", UTC),
        sa.UniqueConstraint("session_id", "position"),
    )
    op.create_index("ix_mock_item_session_id", "mock_item", ["session_id"])


def downgrade() -> None:
    for table in ("mock_item", "mock_exam", "answer", "study_session", "profile"):
        op.drop_table(table)
