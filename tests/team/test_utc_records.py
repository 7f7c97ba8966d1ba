"""Records read back in UTC from a PostgreSQL server whose time zone is not UTC."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from quizzer.store import answers, profiles, reports, sessions
from quizzer.store.opening import opened_store

from .conftest import PG_URL, _admin, drop_team, make_team, needs_postgres

pytestmark = [pytest.mark.postgres, needs_postgres]

AT = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)


@pytest.fixture
def kolkata():
    """A team database whose sessions answer in India's time zone (UTC+05:30)."""
    made = make_team({})
    database = sa.engine.make_url(made.owner).database
    with _admin(PG_URL).connect() as connection:
        connection.execute(sa.text(f"ALTER DATABASE {database} SET timezone TO 'Asia/Kolkata'"))
    yield made.owner
    drop_team(made)


def test_answers_and_sessions_read_back_in_utc(kolkata):
    with opened_store(kolkata) as engine:
        with engine.connect() as connection:
            assert connection.execute(sa.text("SHOW timezone")).scalar() == "Asia/Kolkata"
        me = profiles.get_or_create_profile(engine, name="ann")
        session = sessions.start_session(engine, profile_id=me.id, kind="practice")
        sessions.end_session(engine, session_id=session, at=AT)
        answers.record_answer(
            engine,
            session_id=session,
            profile_id=me.id,
            question_id="q1",
            content_hash="h",
            response=0,
            correct=True,
            score=1.0,
            time_ms=1_000,
            answered_at=AT,
        )
        (answer,) = answers.all_answers(engine, profile_id=me.id)
        (row,) = reports.answer_rows(engine, profile_id=me.id)
        (recent,) = sessions.recent_sessions(engine, profile_id=me.id)
    assert answer.answered_at == AT and answer.answered_at.utcoffset() == dt.timedelta(0)
    assert row.answered_at.isoformat() == "2026-03-01T23:30:00+00:00"  # as exported
    assert recent.ended_at.isoformat() == "2026-03-01T23:30:00+00:00"
