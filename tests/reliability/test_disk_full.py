"""A full disk: answers are kept and saved again, logging never crashes, exports stay whole."""

from __future__ import annotations

import datetime as dt
import errno
import io
import logging
import sqlite3
from collections import namedtuple
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from quizzer import atomic
from quizzer.cli import main
from quizzer.store import repo
from quizzer.store.opening import open_store

FIXTURE_BANK = Path(__file__).parents[1] / "fixtures" / "bank"
NOW = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


def _full_error() -> OperationalError:
    """The error SQLite really raises when a page cannot be added (max_page_count reached)."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (x BLOB)")
    connection.execute("PRAGMA max_page_count = 2")
    try:
        connection.execute("INSERT INTO t VALUES (zeroblob(100000))")
    except sqlite3.OperationalError as exc:
        return OperationalError("INSERT ...", {}, exc)
    raise AssertionError("SQLite did not run out of pages")


class Disk:
    """Makes the store's writes fail as on a full disk while ``full`` is set."""

    def __init__(self, monkeypatch):
        self.full = False
        error = _full_error()
        for name in (
            "record_answer",
            "save_mock_answer",
            "set_mock_flag",
            "save_mock_clock",
            "finish_mock",
        ):
            real = getattr(repo, name)

            def wrapper(*args, _real=real, **kwargs):
                if self.full:
                    raise error
                return _real(*args, **kwargs)

            monkeypatch.setattr(repo, name, wrapper)


@pytest.fixture
def ctx(tmp_path):
    from quizzer.bank.loader import load_bank
    from quizzer.context import Context
    from quizzer.saving import Unsaved

    engine = open_store(f"sqlite:///{tmp_path / 'q.db'}")
    told: list[tuple[str, str]] = []
    context = Context(
        load_bank(FIXTURE_BANK), engine, repo.get_or_create_profile(engine, name="ada")
    )
    context.unsaved = Unsaved(lambda text, severity: told.append((text, severity)))
    context.told = told
    yield context
    engine.dispose()


def test_a_practice_answer_that_cannot_be_saved_is_told_kept_and_saved_later(ctx, monkeypatch):
    from quizzer import study

    disk = Disk(monkeypatch)
    session = repo.start_session(ctx.engine, profile_id=ctx.profile.id, kind="practice")
    question = ctx.bank.questions["t-single"]
    answer = dict(
        session_id=session,
        question=question,
        response=0,
        correct=True,
        score=1.0,
        time_ms=10,
        certainty=None,
        exam_id="TEST-EXAM",
    )
    disk.full = True
    study.record_answer(ctx, now=NOW, **answer)  # no exception reaches the screen
    [(text, severity)] = ctx.told
    assert severity == "error" and "Not saved" in text and "full" in text and "Move" not in text
    assert repo.answers(ctx.engine, profile_id=ctx.profile.id) == []
    assert len(ctx.unsaved) == 1

    disk.full = False
    study.record_answer(ctx, now=NOW + dt.timedelta(seconds=5), **answer)
    assert len(repo.answers(ctx.engine, profile_id=ctx.profile.id)) == 2, "the kept answer too"
    assert len(ctx.unsaved) == 0 and "Saved again" in ctx.told[-1][0]


def test_a_mock_can_be_finished_and_submitted_once_space_is_back(ctx, monkeypatch):
    from quizzer.assembly import assemble_mock
    from quizzer.mock_session import MockSession, MockSettings, start_mock
    from quizzer.saving import NotSaved

    disk = Disk(monkeypatch)
    plan = assemble_mock(ctx.bank, ctx.blueprint("TEST-EXAM"), seed=3)
    session_id = start_mock(ctx, MockSettings("TEST-EXAM", 6, 10, 3, pass_mark=700), plan)
    session = MockSession.open(ctx, session_id, clock=lambda: 0.0)
    disk.full = True
    assert session.answer(0, 1) is False and session.responses[0] == 1
    assert session.set_flag(1, True) is False and session.save_clock() is False
    with pytest.raises(NotSaved, match="not submitted"):
        session.finish()
    assert not session.finished and len(ctx.told) == 1, "told once, not at every write"

    disk.full = False
    result = session.finish()
    assert session.finished and result["answered"] == 1
    record = repo.load_mock(ctx.engine, session_id=session_id)
    assert record.status != "active" and record.items[0].response == 1 and record.items[1].flagged


def test_logging_on_a_full_disk_drops_the_line_quietly(tmp_path, capsys):
    from quizzer.logs import LogFile, log_error

    class FullStream(io.StringIO):
        def write(self, text):
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self):
            raise OSError(errno.ENOSPC, "No space left on device")

    log = LogFile(tmp_path / "quizzer.log")
    log.open()
    log._handler.stream = FullStream()
    try:
        raise ValueError("something to log")
    except ValueError as exc:
        log_error("a failure", exc)
    log.close()  # closing flushes: it raised ENOSPC and took the app down
    assert capsys.readouterr().err == ""
    assert not [h for h in logging.getLogger("quizzer").handlers if h is log._handler]


def test_a_full_disk_is_named_as_such_never_as_damage(tmp_path, monkeypatch, capsys):
    from quizzer.store import opening

    path = tmp_path / "q.db"
    open_store(f"sqlite:///{path}").dispose()

    class Full:
        def execute(self, _sql):
            raise sqlite3.OperationalError("disk I/O error")

        def close(self):
            pass

    Usage = namedtuple("Usage", "total used free")
    monkeypatch.setattr(opening.sqlite3, "connect", lambda *a, **k: Full())
    monkeypatch.setattr(opening.shutil, "disk_usage", lambda _p: Usage(2 << 20, 2 << 20, 0))
    assert main(["--db", f"sqlite:///{path}", "stats", "items"]) == 3
    err = capsys.readouterr().err
    assert "is full" in err and "free some space" in err
    assert "Move the file away" not in err and "cannot be used" not in err
    assert "Traceback" not in err
    assert not list(tmp_path.glob("q.db.damaged-*")), "a full disk is no damage: no copy"


def test_export_on_a_full_disk_keeps_the_previous_export_whole(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'q.db'}"
    engine = open_store(url)
    repo.get_or_create_profile(engine, name="default")
    engine.dispose()
    out = tmp_path / "export.json"
    assert main(["--db", url, "export", "--out", str(out)]) == 0
    previous = out.read_bytes()

    def disk_fills(_path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_fsync", disk_fills)
    assert main(["--db", url, "export", "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert "is full" in err and "Traceback" not in err
    assert out.read_bytes() == previous
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(atomic.PARTIAL)]


def test_atomic_write_replaces_whole_or_not_at_all(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic.replacing(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("killed")
    assert target.read_text() == "old" and sorted(tmp_path.iterdir()) == [target]
    atomic.write_text(target, "new")
    assert target.read_text() == "new" and sorted(tmp_path.iterdir()) == [target]
