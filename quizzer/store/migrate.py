"""Bring a database to the newest schema with Alembic, keeping every learner's history.

Runs the migration scripts in ``quizzer/store/migrations/versions`` in order. Called once at
start-up (off the first paint) and by ``quizzer db upgrade``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every pending migration (a no-op when already at ``revision``).

    On PostgreSQL the team groups then get their privileges again, so tables a migration adds
    under row-level security are usable by team logins at once.
    """
    from quizzer.store import team

    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        team.grant(connection)
