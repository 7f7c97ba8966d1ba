"""Migration 0002 adds review cards to a database created at 0001, losing nothing."""

from __future__ import annotations

import datetime as dt

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from quizzer.learning.srs import due_count, rebuild_cards, review
from quizzer.store import answers as answer_store
from quizzer.store import migrate
from quizzer.store.engine import make_engine

TABLES = ("profile", "study_session", "answer", "mock_exam", "mock_item")
ROWS = {
    "profile": "INSERT INTO profile (id, name, role, created_at, settings) VALUES "
    "(1, 'ada', 'learner', '2026-01-02 10:00:00', '{\"exam_dates\": {\"AIF-C01\": "
    '"2026-02-01"}}\')',
    "study_session": "INSERT INTO study_session (id, profile_id, kind, exam_id, filters, "
    "started_at, ended_at) VALUES "
    "(1, 1, 'practice', 'AIF-C01', '{}', '2026-01-02 10:00:00', NULL), "
    "(2, 1, 'mock', 'AIF-C01', '{\"seed\": 4}', '2026-01-03 10:00:00', '2026-01-03 11:00:00')",
    "answer": "INSERT INTO answer (id, session_id, profile_id, question_id, content_hash, "
    "response, correct, score, "
    "time_ms, certainty, answered_at) VALUES "
    "(1, 1, 1, 'q-one', 'h1', '0', 1, 1.0, 9000, 3, '2026-01-02 10:01:00'), "
    "(2, 1, 1, 'q-two', 'h2', '[1, 2]', 0, 0.0, 30000, NULL, '2026-01-02 10:02:00'), "
    "(3, 2, 1, 'q-one', 'h1', '1', 0, 0.5, 12000, NULL, '2026-01-03 10:30:00')",
    "mock_exam": "INSERT INTO mock_exam (session_id, exam_id, seed, length, time_limit_s, "
    "time_left_s, current, "
    "status, plan, result, updated_at) VALUES "
    "(2, 'AIF-C01', 4, 1, 5400, 100.5, 0, 'submitted', '{\"items\": []}', '{\"scaled\": 480}', "
    "'2026-01-03 11:00:00')",
    "mock_item": "INSERT INTO mock_item (id, session_id, position, question_id, domain_id, "
    "content_hash, display_order, "
    "response, flagged, time_ms, answered_at) VALUES "
    "(1, 2, 0, 'q-one', '1', 'h1', '[2, 0, 1]', '1', 1, 12000, '2026-01-03 10:30:00')",
}


def _dump(engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {
            t: [tuple(r) for r in connection.execute(text(f"SELECT * FROM {t} ORDER BY 1"))]
            for t in TABLES
        }


def _database_at_0001(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate.upgrade(engine, "0001")
    with engine.begin() as connection:
        for statement in ROWS.values():
            connection.execute(text(statement))
    return engine


def test_upgrade_keeps_every_row_and_adds_review_cards(tmp_path):
    engine = _database_at_0001(tmp_path)
    try:
        before = _dump(engine)
        assert "review_card" not in inspect(engine).get_table_names()
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        assert _dump(engine) == before
        assert sum(len(rows) for rows in before.values()) == 1 + 2 + 3 + 1 + 1
        inspector = inspect(engine)
        assert "review_card" in inspector.get_table_names()
        assert {i["name"] for i in inspector.get_indexes("review_card")} == {
            "ix_review_card_profile_due"
        }
        # the repository still reads the old rows as before
        answers = answer_store.all_answers(engine, profile_id=1)
        assert [(a.question_id, a.score, a.certainty, a.kind) for a in answers] == [
            ("q-one", 1.0, 3, "practice"),
            ("q-two", 0.0, None, "practice"),
            ("q-one", 0.5, None, "mock"),
        ]
        assert answers[0].answered_at == dt.datetime(2026, 1, 2, 10, 1, tzinfo=dt.UTC)
        # and old answers can seed the new cards
        assert rebuild_cards(engine, profile_id=1) == 2
        assert due_count(engine, profile_id=1, now=dt.datetime(2026, 6, 1, tzinfo=dt.UTC)) == 2
    finally:
        engine.dispose()


def test_review_card_table_matches_the_model(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"render_as_batch": True})
        diffs = [
            d for d in compare_metadata(context, SQLModel.metadata) if "review_card" in repr(d)
        ]
    assert diffs == []


def test_downgrade_to_0001_drops_only_review_cards(tmp_path):
    engine = _database_at_0001(tmp_path)
    try:
        migrate.upgrade(engine)
        review(
            engine,
            profile_id=1,
            question_id="q-one",
            correct=True,
            time_ms=1000,
            now=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        )
        before = _dump(engine)
        config = Config()
        config.set_main_option("script_location", str(migrate.MIGRATIONS))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
        assert migrate.current_revision(engine) == "0001"
        assert "review_card" not in inspect(engine).get_table_names()
        assert _dump(engine) == before
    finally:
        engine.dispose()
