"""Read-only, mistyped, new and damaged database files: each is said plainly, none is guessed at."""

from __future__ import annotations

import datetime as dt
import shutil
import stat
from pathlib import Path

import pytest

from quizzer.cli import main
from quizzer.failures import ReadOnly
from quizzer.store import opening, profiles
from quizzer.store.opening import StoreNotes, open_store

FIXTURES = Path(__file__).parents[1] / "fixtures"


def _pretend_read_only(monkeypatch, path: Path) -> None:
    """Tests run as root, who may write anything: the check is told the file is read-only, and
    the engine it then opens (SQLite's mode=ro) is read-only for root too."""
    real = opening.os.access
    monkeypatch.setattr(
        opening.os, "access", lambda p, mode: False if Path(p) == path else real(p, mode)
    )


def test_a_read_only_database_is_opened_read_only_and_says_so(tmp_path, monkeypatch):
    from quizzer import learner
    from quizzer.context import load_context
    from quizzer.saving import Unsaved

    path = tmp_path / "q.db"
    engine = open_store(f"sqlite:///{path}")
    profiles.get_or_create_profile(engine, name="default")
    engine.dispose()
    _pretend_read_only(monkeypatch, path)

    ctx = load_context(
        bank_root=FIXTURES / "bank",
        db_url=f"sqlite:///{path}",
        profile_name="default",
        registry=None,
    )
    assert ctx.read_only and any("read-only" in line for line in ctx.notices)
    told = []
    ctx.unsaved = Unsaved(lambda text, severity: told.append(text))
    session = 1
    learner.record_answer(
        ctx,
        session_id=session,
        question=ctx.bank.questions["t-single"],
        response=0,
        correct=True,
        score=1.0,
        time_ms=5,
        certainty=None,
        exam_id=None,
        now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )  # detected at open; the first write no longer crashes
    assert told and "read-only" in told[0] and len(ctx.unsaved) == 1
    ctx.engine.dispose()


def test_a_read_only_database_that_needs_an_upgrade_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "q.db"
    shutil.copy(FIXTURES / "db" / "schema-0002.sqlite", path)
    _pretend_read_only(monkeypatch, path)
    with pytest.raises(ReadOnly, match="read-only and needs a schema upgrade"):
        open_store(f"sqlite:///{path}")


def test_a_tilde_in_a_sqlite_url_is_the_home_folder(tmp_path, monkeypatch, capsys):
    home, elsewhere = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    elsewhere.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(elsewhere)
    assert main(["--db", "sqlite:///~/x.db", "profile", "add", "ada"]) == 0
    assert (home / "x.db").exists()
    assert list(elsewhere.iterdir()) == [], "no folder named '~' in the working directory"
    assert f"Created a new database at {home / 'x.db'}" in capsys.readouterr().err


def test_a_new_database_is_private_and_said_once(tmp_path, capsys):
    path = tmp_path / "new" / "q.db"
    assert main(["--db", f"sqlite:///{path}", "profile", "list"]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert f"Created a new database at {path}" in capsys.readouterr().err
    assert main(["--db", f"sqlite:///{path}", "profile", "list"]) == 0
    assert "Created" not in capsys.readouterr().err
    notes = StoreNotes()
    open_store(f"sqlite:///{tmp_path / 'other.db'}", notes=notes).dispose()
    assert notes.created == tmp_path / "other.db"


def test_one_copy_per_distinct_damage(tmp_path, capsys):
    path = tmp_path / "q.db"
    path.write_bytes(b"not a database at all\n" * 50)
    for _ in range(3):
        assert main(["--db", f"sqlite:///{path}", "profile", "list"]) == 3
    assert len(list(tmp_path.glob("q.db.damaged-*"))) == 1
    path.write_bytes(b"damaged differently\n" * 50)
    assert main(["--db", f"sqlite:///{path}", "profile", "list"]) == 3
    assert len(list(tmp_path.glob("q.db.damaged-*"))) == 2
    assert "Traceback" not in capsys.readouterr().err
