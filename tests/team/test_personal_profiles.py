"""Profiles on a personal (SQLite) database: --profile chooses one; roles scope item statistics."""

from __future__ import annotations

import json

from quizzer.cli import main
from quizzer.store import answers, profiles, sessions
from quizzer.store.opening import open_store

from .mocks import submit_mock


def finish_mock(engine, name: str, scores: list[float]) -> None:
    submit_mock(engine, profiles.get_or_create_profile(engine, name=name).id, scores)


def test_roles_scope_item_statistics(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'personal.db'}"
    engine = open_store(url)
    finish_mock(engine, "ada", [1.0, 0.0])
    finish_mock(engine, "bob", [1.0, 1.0])
    finish_mock(engine, "bob", [0.0, 1.0])
    assert main(["--db", url, "profile", "add", "teacher", "--role", "instructor"]) == 0
    assert main(["--db", url, "profile", "add", "teacher"]) == 2  # a usage error
    assert main(["--db", url, "profile", "list"]) == 0
    listing = capsys.readouterr().out
    assert "teacher" in listing and "instructor" in listing and "ada" in listing

    def attempts(name: str) -> tuple[int, str]:
        assert main(["--db", url, "--profile", name, "stats", "items", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        return data["attempts"], data["scope"]

    assert attempts("ada") == (1, "own")
    assert attempts("bob") == (2, "own")
    assert attempts("teacher") == (3, "all learners")
    assert main(["--db", url, "profile", "role", "teacher", "learner"]) == 0
    capsys.readouterr()
    assert attempts("teacher") == (0, "own")
    engine.dispose()


def test_learners_histories_are_separate(engine):
    finish_mock(engine, "ada", [1.0])
    finish_mock(engine, "bob", [0.0, 0.0])
    ada = profiles.get_or_create_profile(engine, name="ada")
    bob = profiles.get_or_create_profile(engine, name="bob")
    assert [a.question_id for a in answers.all_answers(engine, profile_id=ada.id)] == ["q0"]
    assert len(answers.all_answers(engine, profile_id=bob.id)) == 2
    assert len(sessions.mock_history(engine, profile_id=ada.id)) == 1
    assert all(s.answered == 2 for s in sessions.recent_sessions(engine, profile_id=bob.id))
