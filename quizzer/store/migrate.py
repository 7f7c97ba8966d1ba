"""Bring a database to the newest schema with Alembic, keeping every learner's history.

Runs the migration scripts in ``quizzer/store/migrations/versions`` in order. Called once at
start-up (off the first paint) and by ``quizzer db upgrade``.

On SQLite the whole upgrade is one transaction: Python's sqlite3 driver would commit each
``CREATE TABLE`` on its own, so it is switched to autocommit and the transaction is begun
explicitly (SQLAlchemy's documented recipe for transactional DDL with pysqlite). A killed
upgrade therefore leaves the old schema, untouched. Leftovers of an upgrade interrupted by an
older quizzer (tables created, revision not recorded) are found and undone before upgrading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine

from quizzer.errors import EnvironmentFailure

if TYPE_CHECKING:  # Alembic costs a quarter of a second: imported only when an upgrade is due
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION = re.compile(
    r"^(down_revision|revision)\b[^=]*=\s*['\"]?([\w-]+|None)['\"]?\s*$", re.MULTILINE
)


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest revision, from the scripts' ``revision`` lines (Alembic only if they fork)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(script.read_text(encoding="utf-8")))
        revisions.add(found.get("revision", "None"))
        parents.add(found.get("down_revision", "None"))
    heads = revisions - parents - {"None"}
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None  # the shipped migrations are never empty
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, by one plain query (no Alembic); None if unstamped."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> list[str]:
    """Apply every pending migration (a no-op when already at ``revision``), all or nothing.

    Returns what was undone of an earlier, interrupted upgrade (empty when nothing was). On
    PostgreSQL the team groups then get their privileges again, so tables a migration adds under
    row-level security are usable by team logins at once.
    """
    from alembic import command

    from quizzer.store import team

    config = _config()
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:  # PostgreSQL's DDL is transactional as it is
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            team.grant(connection)
        return []
    with _sqlite_transaction(engine) as connection:
        undone = undo_leftovers(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return undone


@contextmanager
def _sqlite_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection inside ``BEGIN IMMEDIATE`` that DDL does not commit; committed at the end.

    IMMEDIATE takes the write lock at once, so another process's writes wait (busy timeout)
    instead of interleaving with the upgrade.
    """
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None  # an open connection has its driver's connection
        previous = raw.isolation_level
        raw.isolation_level = None  # the driver stops issuing (and committing) on its own
        try:
            with connection.begin():  # SQLAlchemy's commit/rollback now end our BEGIN
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                yield connection
        finally:
            raw.isolation_level = previous


def _schema(connection: Connection) -> dict[str, tuple[str, str | None, set[str]]]:
    """name -> (type, table, column names) for every table and index (not SQLite's own)."""
    rows = connection.exec_driver_sql(
        "SELECT name, type, tbl_name FROM sqlite_master "
        "WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%'"
    ).all()
    schema = {}
    for name, kind, table in rows:
        columns = set()
        if kind == "table":
            quoted = name.replace('"', '""')
            info = connection.exec_driver_sql(f'PRAGMA table_info("{quoted}")')
            columns = {row[1] for row in info}
        schema[name] = (kind, table, columns)
    return schema


def expected_schema(revision: str | None) -> dict[str, tuple[str, str | None, set[str]]]:
    """The schema that the migrations up to ``revision`` build, read from a scratch database."""
    from alembic import command

    scratch = create_engine("sqlite://")
    try:
        with scratch.begin() as connection:
            if revision is not None:
                config = _config()
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
            return _schema(connection)
    finally:
        scratch.dispose()


def undo_leftovers(connection: Connection) -> list[str]:
    """Drop what an interrupted upgrade added beyond the recorded revision; returns what it was.

    Only empty tables are dropped: an interrupted migration never committed rows into them,
    and the migration that runs next rebuilds them from the recorded history. Anything else
    unexpected is refused rather than deleted.
    """
    from alembic.runtime.migration import MigrationContext

    current = MigrationContext.configure(connection).get_current_revision()
    actual = _schema(connection)
    actual.pop("alembic_version", None)
    if current is None and not actual:
        return []
    expected = expected_schema(current)
    expected.pop("alembic_version", None)
    undone: list[str] = []
    for name, (kind, _table, _columns) in actual.items():
        if kind == "table" and name not in expected:
            quoted = name.replace('"', '""')
            rows = connection.exec_driver_sql(f'SELECT count(*) FROM "{quoted}"').scalar_one()
            if rows:
                raise EnvironmentFailure(
                    f"The database has a table {name!r} with {rows} row(s) that its schema "
                    f"revision ({current or 'none'}) does not have, so quizzer will not upgrade "
                    "it; restore the backup kept beside it (named ...before-...), or pass --db "
                    "to use another database."
                )
            connection.exec_driver_sql(f'DROP TABLE "{quoted}"')
            undone.append(f"table {name}")
    for name, (kind, table, columns) in actual.items():
        if kind == "index" and name not in expected and table in expected:
            connection.exec_driver_sql(f'DROP INDEX "{name}"')
            undone.append(f"index {name}")
        elif kind == "table" and name in expected:
            for column in sorted(columns - expected[name][2]):
                connection.exec_driver_sql(f'ALTER TABLE "{name}" DROP COLUMN "{column}"')
                undone.append(f"column {name}.{column}")
    return undone
