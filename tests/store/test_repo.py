"""Round trips through the progress store, and migrations that match the models."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from quizzer.mock_data import MockItemGrade, MockResult, MockTerms
from quizzer.store import answers, profiles, sessions
from quizzer.store.engine import make_engine
from quizzer.store.migrate import current_revision, head_revision, upgrade


def test_profile_is_created_once(engine):
    a = profiles.get_or_create_profile(engine, name="ada")
    b = profiles.get_or_create_profile(engine, name="ada")
    assert a == b
    updated = profiles.update_profile_settings(engine, profile_id=a.id, theme="light")
    assert updated.settings == {"theme": "light"}


def test_answer_round_trip_keeps_every_field(engine):
    profile = profiles.get_or_create_profile(engine, name="ada")
    session = sessions.start_session(
        engine, profile_id=profile.id, kind="practice", exam_id="TEST-EXAM"
    )
    when = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    answers.record_answer(
        engine,
        session_id=session,
        profile_id=profile.id,
        question_id="t-matching",
        content_hash="abc",
        response=[0, None, 2],
        correct=False,
        score=2 / 3,
        time_ms=4200,
        certainty=2,
        answered_at=when,
    )
    [answer] = answers.all_answers(engine, profile_id=profile.id)
    assert (
        answer.question_id,
        answer.content_hash,
        answer.correct,
        answer.time_ms,
        answer.certainty,
    ) == ("t-matching", "abc", False, 4200, 2)
    assert answer.score == pytest.approx(2 / 3)
    assert answer.answered_at == when and answer.kind == "practice"
    [recent] = sessions.recent_sessions(engine, profile_id=profile.id)
    assert (recent.answered, recent.correct, recent.exam_id) == (1, 0, "TEST-EXAM")


def test_profiles_do_not_see_each_other(engine):
    a = profiles.get_or_create_profile(engine, name="a")
    b = profiles.get_or_create_profile(engine, name="b")
    s = sessions.start_session(engine, profile_id=a.id, kind="practice")
    answers.record_answer(
        engine,
        session_id=s,
        profile_id=a.id,
        question_id="q",
        content_hash="h",
        response=0,
        correct=True,
        score=1,
        time_ms=1,
    )
    assert answers.all_answers(engine, profile_id=b.id) == []
    assert sessions.recent_sessions(engine, profile_id=b.id) == []


def make_mock(engine, profile_id: int) -> int:
    items = [
        {
            "question_id": "t-single",
            "domain_id": "1",
            "content_hash": "h1",
            "display_order": [2, 0, 1],
        },
        {"question_id": "t-numeric", "domain_id": "2", "content_hash": "h2", "display_order": None},
    ]
    return sessions.create_mock(
        engine,
        profile_id=profile_id,
        exam_id="TEST-EXAM",
        seed=5,
        terms=MockTerms(covered=("1", "2")),
        items=items,
        time_limit_s=600,
    )


def test_mock_state_resumes_exactly(tmp_path):
    url = f"sqlite:///{tmp_path / 'mock.db'}"
    engine = make_engine(url)
    upgrade(engine)
    profile = profiles.get_or_create_profile(engine, name="ada")
    mock = make_mock(engine, profile.id)
    sessions.save_mock_answer(
        engine, session_id=mock, position=0, response=1, time_ms=3000, time_left_s=570.5, current=1
    )
    sessions.set_mock_flag(engine, session_id=mock, position=1, flagged=True, time_left_s=560)
    sessions.save_mock_answer(
        engine, session_id=mock, position=0, response=2, time_ms=1000, time_left_s=550
    )
    engine.dispose()  # as if the process died

    engine = make_engine(url)
    [active] = sessions.active_mocks(engine, profile_id=profile.id)
    state = sessions.load_mock(engine, session_id=active.session_id)
    assert state.time_left_s == 550 and state.current == 1 and state.seed == 5
    first, second = state.items
    assert (first.response, first.time_ms, first.display_order, first.flagged) == (
        2,
        4000,
        (2, 0, 1),
        False,
    )
    assert (second.response, second.flagged) == (None, True)


def test_finish_mock_writes_answers_and_history(engine):
    profile = profiles.get_or_create_profile(engine, name="ada")
    mock = make_mock(engine, profile.id)
    sessions.save_mock_answer(
        engine, session_id=mock, position=0, response=0, time_ms=10, time_left_s=500
    )
    graded = [MockItemGrade(0, True, 1.0), MockItemGrade(1, False, 0.0)]
    sessions.finish_mock(
        engine, session_id=mock, result=MockResult(scaled=550), graded=graded, time_left_s=400
    )
    assert sessions.active_mocks(engine, profile_id=profile.id) == []
    [done] = sessions.mock_history(engine, profile_id=profile.id)
    assert done.result == MockResult(scaled=550) and done.ended_at is not None
    # The unanswered item scores 0 in the result but records no answer: skipping is no evidence.
    assert [
        (a.question_id, a.correct) for a in answers.all_answers(engine, profile_id=profile.id)
    ] == [("t-single", True)]
    with pytest.raises(ValueError):
        sessions.save_mock_answer(
            engine, session_id=mock, position=0, response=1, time_ms=1, time_left_s=1
        )


def test_sqlite_runs_in_wal_with_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()


def test_migrations_reach_head_and_match_the_models(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_upgrade_is_idempotent(engine):
    upgrade(engine)
    assert set(sa.inspect(engine).get_table_names()) >= {
        "profile",
        "answer",
        "mock_exam",
        "mock_item",
        "study_session",
    }
