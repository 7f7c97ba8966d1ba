"""A database that cannot be used gets one sentence naming the problem, never a password."""

from __future__ import annotations

import logging
import socket
import stat

import pytest
from sqlalchemy.engine import make_url

from quizzer.cli import main
from quizzer.errors import EnvironmentFailure, InputError
from quizzer.logs import LogFile, log_error
from quizzer.redaction import redact
from quizzer.store.engine import BadDatabaseURL, ConnectionFailure, connected_engine
from quizzer.store.opening import open_store

from .conftest import needs_postgres


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _one_sentence(capsys, code: int, argv: list[str]) -> str:
    assert main(argv) == code
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    return err


def test_not_a_url_and_an_unknown_driver_are_input_errors(capsys):
    err = _one_sentence(capsys, 2, ["--db", "my progress", "stats", "items"])
    assert "'my progress' is not a database URL" in err
    err = _one_sentence(capsys, 2, ["--db", "oracle+nosuch://u:secret@h/db", "db", "info"])
    assert "database kind 'oracle+nosuch'" in err and "secret" not in err
    assert issubclass(BadDatabaseURL, InputError)


def test_a_missing_driver_is_named(capsys, monkeypatch):
    def missing(*_args, **_kwargs):
        raise ModuleNotFoundError("No module named 'pg8000'", name="pg8000")

    monkeypatch.setattr("quizzer.store.engine.create_engine", missing)
    err = _one_sentence(capsys, 3, ["--db", "postgresql+pg8000://a:pw@h/db", "db", "info"])
    assert "driver for 'postgresql+pg8000' is not installed (pg8000)" in err


def test_a_server_that_is_down_is_named(capsys):
    port = _free_port()
    url = f"postgresql+psycopg://ann:hunter2@127.0.0.1:{port}/team"
    err = _one_sentence(capsys, 3, ["--db", url, "stats", "items"])
    assert f"No database server answers at 127.0.0.1:{port}" in err and "hunter2" not in err
    with pytest.raises(ConnectionFailure) as caught:
        open_store(url)
    assert isinstance(caught.value, EnvironmentFailure)


def test_a_new_sqlite_file_is_private(tmp_path):
    path = tmp_path / "new" / "quizzer.db"
    open_store(f"sqlite:///{path}").dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for side in ("quizzer.db-wal", "quizzer.db-shm"):
        if (path.parent / side).exists():
            assert stat.S_IMODE((path.parent / side).stat().st_mode) & 0o077 == 0


def test_passwords_are_hidden_in_text_and_in_the_log(tmp_path):
    text = "open postgresql+psycopg://ann:s3:cr@t@db:5432/team failed; ALTER ROLE x PASSWORD 'p''w'"
    hidden = redact(text)
    assert "s3" not in hidden and "p''w" not in hidden and "ann:***@" in hidden
    log = LogFile(tmp_path / "quizzer.log")
    log.open()
    try:
        try:
            raise RuntimeError("cannot reach postgresql://tom:topsecret@host/db")
        except RuntimeError as error:
            log_error("start-up failed for postgresql://tom:topsecret@host/db", error)
    finally:
        log.close()
        logging.getLogger("quizzer").setLevel(logging.NOTSET)
    written = (tmp_path / "quizzer.log").read_text()
    assert "topsecret" not in written and written.count("tom:***@host") == 3


@pytest.mark.postgres
@needs_postgres
def test_logins_the_server_refuses(team, capsys):
    url = make_url(team.owner)
    nobody = url.set(username="nobody_at_all", password="x").render_as_string(hide_password=False)
    err = _one_sentence(capsys, 3, ["--db", nobody, "stats", "items"])
    assert "refused login 'nobody_at_all'" in err and "does not exist" in err
    wrong = url.set(username=team.logins["ann"], password="wrong-pw").render_as_string(
        hide_password=False
    )
    err = _one_sentence(capsys, 3, ["--db", wrong, "db", "info"])
    assert f"refused login '{team.logins['ann']}'" in err and "wrong-pw" not in err
    missing = url.set(database="no_such_db").render_as_string(hide_password=False)
    err = _one_sentence(capsys, 3, ["--db", missing, "db", "info"])
    assert "no database 'no_such_db'" in err and url.password not in err


@pytest.mark.postgres
@needs_postgres
def test_the_password_comes_from_pgpass_or_a_prompt(team, tmp_path, monkeypatch, capsys):
    ann = make_url(team.urls["ann"])
    bare = f"postgresql+psycopg://{ann.username}@{ann.host}:{ann.port}/{ann.database}"
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "absent"))
    with pytest.raises(ConnectionFailure, match="asks login .* for a password"):
        connected_engine(bare, prompt=False)
    err = _one_sentence(capsys, 3, ["--db", bare, "db", "info"])  # stdin is no terminal here
    assert ".pgpass" in err

    asked = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or ann.password)
    engine = connected_engine(bare, prompt=True)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT session_user").scalar_one() == ann.username
    engine.dispose()
    assert len(asked) == 1 and ann.username in asked[0]

    passfile = tmp_path / "pgpass"
    passfile.write_text(f"{ann.host}:{ann.port}:{ann.database}:{ann.username}:{ann.password}\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    monkeypatch.setenv("QUIZZER_DB", bare)
    assert main(["db", "info"]) == 0
    out = capsys.readouterr().out
    from quizzer.store.migrate import head_revision

    assert f"schema:   {head_revision()}" in out and ann.password not in out
