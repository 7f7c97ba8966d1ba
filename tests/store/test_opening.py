"""A damaged database is refused with a clear message and a kept copy; upgrades keep a backup."""

from __future__ import annotations

import pytest

from quizzer.store import answers, profiles, sessions
from quizzer.store.opening import DamagedDatabase, open_store


def test_fresh_database_is_created_at_head(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'new' / 'q.db'}")
    assert profiles.get_or_create_profile(engine, name="ada").name == "ada"


def test_not_a_database_is_refused_and_kept(tmp_path):
    path = tmp_path / "q.db"
    path.write_bytes(b"this is a text file, not a database\n" * 10)
    with pytest.raises(DamagedDatabase) as info:
        open_store(f"sqlite:///{path}")
    error = info.value
    assert "not a SQLite database" in str(error) and str(path) in str(error)
    assert error.backup is not None and error.backup.read_bytes() == path.read_bytes()
    assert path.read_bytes().startswith(b"this is a text file")  # never overwritten


def test_corrupted_pages_are_refused(tmp_path):
    path = tmp_path / "q.db"
    engine = open_store(f"sqlite:///{path}")
    profile = profiles.get_or_create_profile(engine, name="ada")
    session = sessions.start_session(engine, profile_id=profile.id, kind="practice")
    for i in range(300):
        answers.record_answer(
            engine,
            session_id=session,
            profile_id=profile.id,
            question_id=f"q{i}",
            content_hash="h" * 16,
            response=[i] * 20,
            correct=True,
            score=1,
            time_ms=1,
        )
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    raw = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, min(len(raw), 6 * page)):
        raw[offset] = 0xA5  # scribble over a few b-tree pages, keep the header
    path.write_bytes(bytes(raw))
    with pytest.raises(DamagedDatabase) as info:
        open_store(f"sqlite:///{path}")
    assert info.value.backup is not None and info.value.backup.exists()


def test_unreadable_path_is_refused(tmp_path):
    path = tmp_path / "q.db"
    path.mkdir()  # unreadable as a file, even for root
    with pytest.raises(DamagedDatabase) as info:
        open_store(f"sqlite:///{path}")
    assert "cannot be read" in str(info.value)
