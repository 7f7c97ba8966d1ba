"""The schema check without Alembic agrees with Alembic."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from quizzer.store import migrate
from quizzer.store.engine import make_engine


def test_head_revision_is_alembics_head():
    assert (
        migrate.head_revision() == ScriptDirectory.from_config(migrate._config()).get_current_head()
    )


def test_current_revision_of_an_empty_and_an_upgraded_database(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'q.db'}")
    try:
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine, "0001")
        assert migrate.current_revision(engine) == "0001"
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()
