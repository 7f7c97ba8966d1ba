"""``quizzer db info|upgrade`` report the schema and refuse a damaged file."""

from quizzer.cli import main
from quizzer.store.migrate import head_revision


def test_upgrade_then_info(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'q.db'}"
    assert main(["--db", url, "db", "info"]) == 2  # most likely a mistyped path
    assert f"There is no database at {tmp_path / 'q.db'}" in capsys.readouterr().err
    assert not (tmp_path / "q.db").exists(), "looking at a database never creates one"
    assert main(["--db", url, "db", "upgrade"]) == 0
    assert main(["--db", url, "db", "info"]) == 0
    assert f"schema:   {head_revision()} (newest {head_revision()})" in capsys.readouterr().out


def test_damaged_file_is_reported(tmp_path, capsys):
    path = tmp_path / "q.db"
    path.write_text("not a database")
    assert main(["--db", f"sqlite:///{path}", "db", "upgrade"]) == 3  # an environment error
    err = capsys.readouterr().err
    assert "not a SQLite database" in err and "A copy was kept" in err
    assert path.read_text() == "not a database"
