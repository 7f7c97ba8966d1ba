"""Fitted IRT parameters per question version: read them all, or replace a calibration's set."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.engine import Engine
from sqlmodel import col

from quizzer.store.models import ItemParameter, utcnow
from quizzer.store.records import FittedItem


def fitted(engine: Engine) -> dict[tuple[str, str], FittedItem]:
    """(question id, content hash) -> its fitted parameters."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                col(ItemParameter.question_id),
                col(ItemParameter.content_hash),
                col(ItemParameter.a),
                col(ItemParameter.b),
                col(ItemParameter.responses),
            )
        )
        return {(r[0], r[1]): FittedItem(*r) for r in rows}


def save(engine: Engine, items: Iterable[FittedItem]) -> int:
    """Store (replacing earlier fits of the same versions) in one transaction; returns the count."""
    items = list(items)
    now = utcnow()
    with engine.begin() as connection:
        if items:
            keys = [(i.question_id, i.content_hash) for i in items]
            version = tuple_(col(ItemParameter.question_id), col(ItemParameter.content_hash))
            connection.execute(delete(ItemParameter).where(version.in_(keys)))
            connection.execute(
                insert(ItemParameter),
                [
                    {
                        "question_id": i.question_id,
                        "content_hash": i.content_hash,
                        "a": i.a,
                        "b": i.b,
                        "responses": i.responses,
                        "fitted_at": now,
                    }
                    for i in items
                ],
            )
    return len(items)
