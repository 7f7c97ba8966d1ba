"""Keyword-only queries over review cards (one FSRS card per learner and question)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import delete, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizzer.store.models import ReviewCard
from quizzer.store.records import CardRecord
from quizzer.utc import as_utc


def _stored(value: dt.datetime) -> dt.datetime:
    """UTC, so that SQLite (which drops the offset) compares like PostgreSQL."""
    return value.astimezone(dt.UTC)


def _record(row: ReviewCard) -> CardRecord:
    return CardRecord(
        row.question_id,
        dict(row.card),
        tuple((int(r), str(t)) for r, t in row.log or ()),
        row.state,
        as_utc(row.due),
        as_utc(row.last_review),
        row.reps,
        row.lapses,
    )


def get_card(engine: Engine, *, profile_id: int, question_id: str) -> CardRecord | None:
    with Session(engine) as db:
        row = db.exec(
            select(ReviewCard).where(
                ReviewCard.profile_id == profile_id, ReviewCard.question_id == question_id
            )
        ).first()
        return _record(row) if row is not None else None


def put_card(engine: Engine, *, profile_id: int, record: CardRecord) -> None:
    """Insert or replace the card of ``record.question_id`` and commit."""
    with Session(engine) as db:
        row = db.exec(
            select(ReviewCard).where(
                ReviewCard.profile_id == profile_id, ReviewCard.question_id == record.question_id
            )
        ).first()
        if row is None:
            row = ReviewCard(
                profile_id=profile_id,
                question_id=record.question_id,
                state=record.state,
                due=_stored(record.due),
            )
        row.card = dict(record.card)
        row.log = [list(entry) for entry in record.log]
        row.state = record.state
        row.due = _stored(record.due)
        row.last_review = _stored(record.last_review) if record.last_review is not None else None
        row.reps = record.reps
        row.lapses = record.lapses
        db.add(row)
        db.commit()


def cards(
    engine: Engine, *, profile_id: int, question_ids: Collection[str] | None = None
) -> list[CardRecord]:
    """Every card of a profile (optionally only some questions), soonest due first."""
    with Session(engine) as db:
        query = select(ReviewCard).where(ReviewCard.profile_id == profile_id)
        if question_ids is not None:
            query = query.where(col(ReviewCard.question_id).in_(list(question_ids)))
        rows = db.exec(query.order_by(col(ReviewCard.due), col(ReviewCard.question_id))).all()
        return [_record(r) for r in rows]


def due_cards(
    engine: Engine, *, profile_id: int, before: dt.datetime, limit: int | None = None
) -> list[CardRecord]:
    """Cards due at or before ``before``, most overdue first."""
    with Session(engine) as db:
        query = (
            select(ReviewCard)
            .where(ReviewCard.profile_id == profile_id, ReviewCard.due <= _stored(before))
            .order_by(col(ReviewCard.due), col(ReviewCard.question_id))
        )
        if limit is not None:
            query = query.limit(limit)
        return [_record(r) for r in db.exec(query).all()]


def count_due(engine: Engine, *, profile_id: int, before: dt.datetime) -> int:
    with Session(engine) as db:
        query = (
            select(func.count())
            .select_from(ReviewCard)
            .where(ReviewCard.profile_id == profile_id, ReviewCard.due <= _stored(before))
        )
        return int(db.exec(query).one())


def delete_cards(engine: Engine, *, profile_id: int) -> int:
    """Remove every card of a profile (before rebuilding them from the answer history)."""
    with Session(engine) as db:
        result = db.exec(delete(ReviewCard).where(col(ReviewCard.profile_id) == profile_id))
        db.commit()
        return int(result.rowcount or 0)
