"""A schema upgrade is all or nothing: killed anywhere, the database works at the old or new schema.

Also: the leftovers of an upgrade interrupted by an older quizzer are undone with a message, the
backup before an upgrade is verified, and a disk without room for it refuses the upgrade.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import time
from collections import namedtuple
from pathlib import Path

import pytest

from quizzer.failures import DiskFull
from quizzer.store import answers as answer_store
from quizzer.store import migrate
from quizzer.store.opening import StoreNotes, open_store

HEAD = migrate.head_revision()

FIXTURE = Path(__file__).parents[1] / "fixtures" / "db" / "schema-0002.sqlite"
ANSWERS = 30_000  # plus the fixture's 2: big enough that the upgrade takes a while


def _add_answers(path: Path, count: int) -> None:
    rows = (
        (
            1,
            1,
            f"q-{i % 500}",
            "0123456789abcdef",
            "0",
            i % 2,
            float(i % 2),
            1000,
            None,
            f"2026-01-{1 + i % 28:02d} 10:{i % 60:02d}:00+00:00",
        )
        for i in range(count)
    )
    connection = sqlite3.connect(path)
    connection.executemany(
        "INSERT INTO answer (session_id, profile_id, question_id, content_hash, response, correct,"
        " score, time_ms, certainty, answered_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    connection.commit()
    connection.close()


@pytest.fixture(scope="module")
def big_0002(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "schema-0002-big.sqlite"
    shutil.copy(FIXTURE, path)
    _add_answers(path, ANSWERS)
    return path


def _state(path: Path) -> tuple[str, int, str]:
    """(revision, answers, integrity) read with plain SQLite, as another program would."""
    connection = sqlite3.connect(path)
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        answers = connection.execute("SELECT count(*) FROM answer").fetchone()[0]
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    return revision, answers, integrity


def _upgrade_in_child(url: str) -> None:
    os.environ.pop("PYTEST_CURRENT_TEST", None)
    open_store(url).dispose()
    os._exit(0)


# fork: the child starts at once with everything imported, so the kills land in the upgrade
# itself rather than in interpreter start-up (Python 3.12+ warns about fork with threads).
# When the suite has imported JAX (the lab tests), JAX warns at every fork; the child here runs
# only SQLite and Alembic code, never JAX, so its threads cannot deadlock the child.
@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")
@pytest.mark.filterwarnings("ignore:os.fork\\(\\) was called:RuntimeWarning")
def test_upgrade_killed_at_random_points_leaves_a_usable_database(big_0002, tmp_path):
    fork = multiprocessing.get_context("fork")
    # One uninterrupted run tells how long an upgrade takes on this machine, to aim the kills.
    path = tmp_path / "full.db"
    shutil.copy(big_0002, path)
    started = time.perf_counter()
    child = fork.Process(target=_upgrade_in_child, args=(f"sqlite:///{path}",))
    child.start()
    child.join(120)
    span = time.perf_counter() - started
    assert child.exitcode == 0 and _state(path) == (HEAD, ANSWERS + 2, "ok")

    rng = random.Random(16)
    seen = set()
    for trial in range(4):
        path = tmp_path / f"killed-{trial}.db"
        shutil.copy(big_0002, path)
        child = fork.Process(target=_upgrade_in_child, args=(f"sqlite:///{path}",))
        child.start()
        time.sleep(rng.uniform(0.2, 0.95) * span)
        os.kill(child.pid, signal.SIGINT if trial == 0 else signal.SIGKILL)  # Ctrl-C, kill -9
        child.join(30)
        revision, answers, integrity = _state(path)
        seen.add(revision)
        assert revision in ("0002", HEAD) and answers == ANSWERS + 2 and integrity == "ok"
        assert not list(tmp_path.glob(f"killed-{trial}.db.before-*-wal")), "a backup is one file"
        for backup in tmp_path.glob(f"killed-{trial}.db.before-*"):
            assert _state(backup) == ("0002", ANSWERS + 2, "ok")  # a kept backup is whole

        notes = StoreNotes()
        engine = open_store(f"sqlite:///{path}", notes=notes)  # the next start finishes the job
        assert migrate.current_revision(engine) == HEAD
        engine.dispose()
        assert _state(path) == (HEAD, ANSWERS + 2, "ok")
        assert not list(tmp_path.glob(f".killed-{trial}.db.*partial")), "no partial backup is left"
    assert "0002" in seen, "no kill landed before the upgrade committed; the test aimed badly"


def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    """Python's sqlite3 used to commit each CREATE TABLE at once: a failure half-way left the
    table behind with the old revision, and every later start failed on it."""
    path = tmp_path / "q.db"
    shutil.copy(FIXTURE, path)
    import alembic.op

    def broken(*args, **kwargs):
        raise RuntimeError("killed half-way through the migration")

    monkeypatch.setattr(alembic.op, "bulk_insert", broken)
    with pytest.raises(RuntimeError):
        open_store(f"sqlite:///{path}")
    monkeypatch.undo()
    connection = sqlite3.connect(path)
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    connection.close()
    assert "question_score" not in tables
    assert _state(path)[0] == "0002"
    engine = open_store(f"sqlite:///{path}")
    assert migrate.current_revision(engine) == HEAD
    engine.dispose()


def test_leftovers_of_an_interrupted_upgrade_are_undone_with_a_message(tmp_path):
    path = tmp_path / "q.db"
    shutil.copy(FIXTURE, path)
    connection = sqlite3.connect(path)  # what an older quizzer, killed mid-upgrade, left behind
    connection.execute(
        "CREATE TABLE question_score (id INTEGER PRIMARY KEY, profile_id INTEGER NOT NULL, "
        "question_id VARCHAR(80) NOT NULL, score_sum FLOAT NOT NULL, weight_sum FLOAT NOT NULL, "
        "answers INTEGER NOT NULL, last_at DATETIME NOT NULL)"
    )
    connection.execute("CREATE INDEX ix_question_score_profile_id ON question_score (profile_id)")
    connection.commit()
    connection.close()

    notes = StoreNotes()
    engine = open_store(f"sqlite:///{path}", notes=notes)
    assert migrate.current_revision(engine) == HEAD
    assert [a.question_id for a in answer_store.all_answers(engine, profile_id=1)] == [
        "act-relu-default",
        "opt-adam-default",
    ]
    engine.dispose()
    said = " ".join(notes.lines())
    assert "interrupted" in said and "table question_score" in said


def test_unexpected_table_with_rows_is_refused_not_dropped(tmp_path):
    from quizzer.errors import EnvironmentFailure

    path = tmp_path / "q.db"
    shutil.copy(FIXTURE, path)
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.execute("INSERT INTO notes VALUES ('mine')")
    connection.commit()
    connection.close()
    with pytest.raises(EnvironmentFailure, match="'notes' with 1 row"):
        open_store(f"sqlite:///{path}")
    assert _state(path)[0] == "0002"


Usage = namedtuple("Usage", "total used free")


def test_no_room_for_the_backup_refuses_the_upgrade(tmp_path, monkeypatch):
    path = tmp_path / "q.db"
    shutil.copy(FIXTURE, path)
    before = path.read_bytes()
    monkeypatch.setattr(shutil, "disk_usage", lambda _where: Usage(10**9, 10**9 - 4096, 4096))
    with pytest.raises(DiskFull) as info:
        open_store(f"sqlite:///{path}")
    assert "not enough free space" in str(info.value) and "Nothing was changed" in str(info.value)
    assert "Move the file away" not in str(info.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.db"], "no backup, whole or partial"


def test_a_backup_that_cannot_be_written_whole_is_not_left_behind(tmp_path, monkeypatch):
    path = tmp_path / "q.db"
    shutil.copy(FIXTURE, path)
    import errno

    from quizzer import atomic

    def disk_fills(_path):  # the copy is written; making it durable runs out of space
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_fsync", disk_fills)
    with pytest.raises(DiskFull, match="full"):
        open_store(f"sqlite:///{path}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.db"]
    assert _state(path)[0] == "0002"
