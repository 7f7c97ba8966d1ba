"""Fitted IRT parameters per question version: read them all, or replace a calibration's set."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.engine import Engine

from quizzer.store.models import ItemParameter, utcnow
from quizzer.store.records import FittedItem


def fitted(engine: Engine) -> dict[tuple[str, str], FittedItem]:
    """(question id, content hash) -> its fitted parameters."""
    table = ItemParameter.__table__
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                table.c.question_id, table.c.content_hash, table.c.a, table.c.b, table.c.responses
            )
        )
        return {(r[0], r[1]): FittedItem(*r) for r in rows}


def save(engine: Engine, items: Iterable[FittedItem]) -> int:
    """Store (replacing earlier fits of the same versions) in one transaction; returns the count."""
    table = ItemParameter.__table__
    items = list(items)
    now = utcnow()
    with engine.begin() as connection:
        if items:
            keys = [(i.question_id, i.content_hash) for i in items]
            connection.execute(
                delete(table).where(tuple_(table.c.question_id, table.c.content_hash).in_(keys))
            )
            connection.execute(
                insert(table),
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
