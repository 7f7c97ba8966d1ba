"""Every sub-command over bad arguments and bad environments: never a traceback, never exit 0.

Runs ``quizzer.cli.main`` in-process (fast), plus one real process to see what a terminal sees.
``lab run`` of a real lab is left to the lab tests: it starts JAX, which is too slow here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from quizzer.cli import main

ROOT = Path(__file__).resolve().parents[2]
HUGE = "x" * 10_000

#: Commands that open the database, each run against every bad database below.
DB_COMMANDS = [
    ["db", "info"],
    ["db", "upgrade"],
    ["export"],
    ["export", "--format", "csv", "--table", "mocks"],
    ["stats", "items"],
    ["profile", "list"],
    ["profile", "add", "ada"],
    ["profile", "role", "ada", "instructor"],
]

#: name -> a function of the temporary folder giving (--db value or None, extra environment).
BAD_DATABASES = {
    "damaged-file": lambda tmp: (_garbage(tmp / "damaged.db"), {}),
    "a-folder": lambda tmp: (_folder(tmp / "folder.db"), {}),
    "not-a-url": lambda tmp: ("this is not a url", {}),
    "unknown-dialect": lambda tmp: ("nosuchdialect://host/db", {}),
    "missing-driver": lambda tmp: ("mysql+nosuchdriver://user@localhost/db", {}),
    "server-down": lambda tmp: ("postgresql+psycopg://quizzer@127.0.0.1:1/quizzer", {}),
    "cannot-create": lambda tmp: ("sqlite:////proc/quizzer-cannot-be-here/q.db", {}),
    "home-is-a-file": lambda tmp: (None, {"QUIZZER_HOME": str(_garbage(tmp / "home-file"))}),
}


def _garbage(path: Path) -> str:
    path.write_bytes(b"\x00 definitely not a database \xff" * 64)
    return f"sqlite:///{path}" if path.suffix == ".db" else str(path)


def _folder(path: Path) -> str:
    path.mkdir()
    return f"sqlite:///{path}"


def _bad_arguments(tmp: Path) -> list[list[str]]:
    a_file = tmp / "plain.txt"
    a_file.write_text("not a bank")
    return [
        ["no-such-command"],
        ["bank"],
        ["bank", "check", str(tmp / "missing-bank")],
        ["bank", "check", str(a_file)],
        ["bank", "stats", str(tmp / "missing-bank")],
        ["bank", "schema", "extra"],
        ["lab"],
        ["lab", "run"],
        ["lab", "run", "no-such-lab"],
        ["lab", "run", "no-such-lab", "--seed", "-1"],
        ["lab", "list", "--json", "extra"],
        ["stats"],
        ["stats", "items", "--min-attempts", "0"],
        ["stats", "items", "--min-attempts", "-1"],
        ["stats", "items", "--min-attempts", "many"],
        ["export", "--format", "xml"],
        ["export", "--table", "nope"],
        ["export", "--out", str(tmp)],
        ["export", "--out", str(tmp / "missing" / "e.json")],
        ["export", "--all-profiles"],
        ["db"],
        ["db", "nope"],
        ["profile"],
        ["profile", "add", ""],
        ["profile", "add", HUGE],
        ["profile", "role", "nobody", "learner"],
        ["profile", "role", "default", "god"],
        ["--profile", HUGE, "export"],
        ["--profile", "", "stats", "items"],
        ["--profile", "nobody", "export"],
    ]


def _run(argv: list[str], capsys) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # the parser's usage errors
        code = exc.code if isinstance(exc.code, int) else 2
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_every_database_command_on_every_bad_database(tmp_path, monkeypatch, capsys):
    failures = []
    for name, make in BAD_DATABASES.items():
        for command in DB_COMMANDS:
            case = tmp_path / f"{name}-{len(failures)}-{'-'.join(command)}"
            case.mkdir()
            db, env = make(case)
            with monkeypatch.context() as patch:
                for key, value in env.items():
                    patch.setenv(key, value)
                argv = (["--db", db] if db else []) + command
                code, output = _run(argv, capsys)
            if code == 0 or "Traceback" in output:
                failures.append(f"{name}: quizzer {' '.join(command)} -> exit {code}\n{output}")
    assert not failures, "\n".join(failures)


def test_every_command_with_bad_arguments(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'q.db'}"
    assert main(["--db", db, "profile", "add", "default"]) == 0
    capsys.readouterr()
    failures = []
    for argv in _bad_arguments(tmp_path):
        code, output = _run(["--db", db, *argv], capsys)
        if code == 0 or "Traceback" in output:
            failures.append(
                f"quizzer {' '.join(a[:40] for a in argv)} -> exit {code}\n{output[-2000:]}"
            )
    assert not failures, "\n".join(failures)


def test_a_real_process_shows_one_sentence(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QUIZZER_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "quizzer", "--db", "nosuchdialect://x/y", "profile", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1 and "--db" in result.stderr
