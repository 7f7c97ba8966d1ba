"""One handler for every failure: a sentence naming what to change, a log entry, a distinct code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quizzer import errors
from quizzer.cli import main
from quizzer.store import profiles
from quizzer.store.opening import open_store


@pytest.fixture
def url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    engine = open_store(url)
    profiles.get_or_create_profile(engine, name="default")
    engine.dispose()
    return url


def _exit(argv: list[str]) -> int:
    """The exit status, whether main returns it or the parser exits."""
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code)


def test_an_unexpected_failure_prints_one_line_with_the_log_path(url, monkeypatch, capsys):
    from quizzer.commands import profile

    def boom(_args):
        raise RuntimeError("a bug in quizzer")

    monkeypatch.setattr(profile, "run_list", boom)
    assert main(["--db", url, "profile", "list"]) == errors.INTERNAL
    err = capsys.readouterr().err
    log = Path(os.environ["QUIZZER_HOME"]) / "quizzer.log"
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert str(log) in err and "RuntimeError" in err
    assert "Traceback" in log.read_text() and "a bug in quizzer" in log.read_text()


def test_a_known_failure_prints_its_sentence_and_is_logged(url, monkeypatch, capsys):
    from quizzer.commands import profile

    def refuse(_args):
        raise errors.InputError("Give a better argument.")

    monkeypatch.setattr(profile, "run_list", refuse)
    assert main(["--db", url, "profile", "list"]) == errors.USAGE
    assert capsys.readouterr().err.strip() == "Give a better argument."
    assert (
        "Give a better argument." in (Path(os.environ["QUIZZER_HOME"]) / "quizzer.log").read_text()
    )


def test_ctrl_c_is_one_line(url, monkeypatch, capsys):
    from quizzer.commands import profile

    def interrupted(_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(profile, "run_list", interrupted)
    assert main(["--db", url, "profile", "list"]) == 130
    assert "Interrupted" in capsys.readouterr().err


def test_export_to_a_folder_is_a_usage_error(url, tmp_path, capsys):
    assert main(["--db", url, "export", "--out", str(tmp_path)]) == errors.USAGE
    assert "is a folder: give a file name" in capsys.readouterr().err


def test_export_to_a_missing_folder_is_a_usage_error(url, tmp_path, capsys):
    out = tmp_path / "missing" / "e.json"
    assert main(["--db", url, "export", "--out", str(out)]) == errors.USAGE
    assert f"the folder {out.parent} does not exist" in capsys.readouterr().err


def test_export_to_a_read_only_place_is_an_environment_error(url, tmp_path, monkeypatch, capsys):
    from quizzer.commands import export

    monkeypatch.setattr(export.os, "access", lambda _path, _mode: False)  # root writes anywhere
    assert main(["--db", url, "export", "--out", str(tmp_path / "e.json")]) == errors.ENVIRONMENT
    assert "you may not write there" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["stats", "items", "--min-attempts", "0"], "give 1 or more"),
        (["stats", "items", "--min-attempts", "-3"], "give 1 or more"),
        (["--profile", "", "stats", "items"], "cannot be empty"),
        (["--profile", "x" * 81, "export"], "at most 80 characters"),
        (["profile", "add", "x" * 81], "at most 80 characters"),
        (["profile", "add", "   "], "cannot be empty"),
        (["profile", "role", "a\x07b", "learner"], "control characters"),
    ],
)
def test_arguments_are_checked_by_the_parser_before_the_database(tmp_path, capsys, argv, message):
    path = tmp_path / "never.db"
    assert _exit(["--db", f"sqlite:///{path}", *argv]) == errors.USAGE
    assert message in capsys.readouterr().err
    assert not path.exists(), "refused before the database was opened"


def test_seeds_are_zero_or_more():
    import argparse

    from quizzer.argtypes import non_negative_int

    assert non_negative_int("0") == 0 and non_negative_int("7") == 7
    for bad in ("-1", "x", ""):
        with pytest.raises(argparse.ArgumentTypeError):
            non_negative_int(bad)


def test_a_url_that_is_not_a_url_is_a_usage_error(capsys):
    assert main(["--db", "not a url", "profile", "list"]) == errors.USAGE
    assert "--db" in capsys.readouterr().err


def test_exit_codes_are_documented():
    text = (Path(__file__).parents[2] / "docs" / "errors.md").read_text()
    for code in (
        errors.OK,
        errors.NOT_SUPPORTED,
        errors.USAGE,
        errors.ENVIRONMENT,
        errors.INTERNAL,
        130,
    ):
        assert f"| {code} " in text


def test_the_log_entry_hides_a_database_password(capsys):
    url = "postgresql+psycopg://quizzer:s3cret-pw@127.0.0.1:1/quizzer"  # nothing listens on port 1
    assert main(["--db", url, "profile", "list"]) == errors.ENVIRONMENT
    assert "No database server answers at 127.0.0.1:1" in capsys.readouterr().err
    log = (Path(os.environ["QUIZZER_HOME"]) / "quizzer.log").read_text()
    assert "command failed" in log and "s3cret-pw" not in log
