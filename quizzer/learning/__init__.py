"""The learning engine: spaced repetition, drills, readiness, CBM, item statistics and gating."""

from quizzer.learning.srs import due_count, due_question_ids, review

__all__ = ["due_count", "due_question_ids", "review"]
