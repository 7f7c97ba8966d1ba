"""Question scores: each learner's recency-weighted results per question, backfilled from answers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)
HALF_LIFE_DAYS = 30.0  # as in quizzer.store.question_scores when this migration was written


def _aware(value) -> dt.datetime:
    at = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.timezone.utc)


def upgrade() -> None:
    table = op.create_table(
        "question_score",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("profile_id", sa.Integer, sa.ForeignKey("profile.id"), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("score_sum", sa.Float, nullable=False),
        sa.Column("weight_sum", sa.Float, nullable=False),
        sa.Column("answers", sa.Integer, nullable=False),
        sa.Column("last_at", UTC, nullable=False),
        sa.UniqueConstraint("profile_id", "question_id", name="uq_question_score_profile_question"),
    )
    op.create_index("ix_question_score_profile_id", "question_score", ["profile_id"])
    # Fold every existing answer in, oldest first, so history recorded before this table counts.
    sums: dict[tuple[int, str], list] = {}
    answers = op.get_bind().execute(sa.text("SELECT profile_id, question_id, score, answered_at FROM answer ORDER BY answered_at, id"))
    for profile_id, question_id, score, answered_at in answers:
        at, score = _aware(answered_at), min(1.0, max(0.0, float(score)))
        entry = sums.get((profile_id, question_id))
        if entry is None:
            sums[(profile_id, question_id)] = [score, 1.0, 1, at]
            continue
        factor = 0.5 ** ((at - entry[3]).total_seconds() / 86_400 / HALF_LIFE_DAYS)
        entry[0], entry[1], entry[2], entry[3] = entry[0] * factor + score, entry[1] * factor + 1.0, entry[2] + 1, at
    rows = [
        {"profile_id": p, "question_id": q, "score_sum": s, "weight_sum": w, "answers": n, "last_at": at}
        for (p, q), (s, w, n, at) in sums.items()
    ]
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("question_score")
