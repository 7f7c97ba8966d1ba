"""``quizzer export`` and ``quizzer stats items`` on a temporary database."""

from __future__ import annotations

import csv
import io
import json

import pytest
from learning_helpers import T0, add_mock

from quizzer.cli import main
from quizzer.learning.srs import review
from quizzer.store import answers as answer_store
from quizzer.store import profiles as profile_store
from quizzer.store import sessions

SCORES = [
    [("i1", 1.0), ("i2", 1.0), ("i3", 0.0)],
    [("i1", 1.0), ("i2", 0.0), ("i3", 0.0)],
    [("i1", 1.0), ("i2", 1.0), ("i3", 1.0)],
    [("i1", 0.0), ("i2", 0.0), ("i3", 1.0)],
    [("i1", 0.0), ("i2", 0.5), ("i3", 0.0)],
]


@pytest.fixture
def recorded(engine, profile_id):
    session = sessions.start_session(
        engine, profile_id=profile_id, kind="practice", exam_id="TEST-EXAM"
    )
    answer_store.record_answer(
        engine,
        session_id=session,
        profile_id=profile_id,
        question_id="t-single",
        content_hash="abc123",
        response=0,
        correct=True,
        score=1.0,
        time_ms=4200,
        certainty=3,
        answered_at=T0,
    )
    review(
        engine,
        profile_id=profile_id,
        question_id="t-single",
        correct=True,
        time_ms=4200,
        certainty=3,
        now=T0,
    )
    for scores in SCORES:
        add_mock(engine, profile_id=profile_id, exam_id="TEST-EXAM", scores=scores)
    other = profile_store.get_or_create_profile(engine, name="bob").id
    add_mock(engine, profile_id=other, exam_id="AI-900", scores=[("x1", 1.0)])
    return engine


def test_export_json(recorded, db_url, tmp_path, capsys):
    out = tmp_path / "export.json"
    assert (
        main(["--db", db_url, "--profile", "ada", "export", "--format", "json", "--out", str(out)])
        == 0
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "quizzer-export" and data["profile"] == "ada"
    first = data["answers"][0]
    assert first == {
        "answer_id": first["answer_id"],
        "profile": "ada",
        "session_id": first["session_id"],
        "session_kind": "practice",
        "exam_id": "TEST-EXAM",
        "question_id": "t-single",
        "content_hash": "abc123",
        "correct": True,
        "score": 1.0,
        "time_ms": 4200,
        "certainty": 3,
        "cbm_mark": 3.0,
        "answered_at": "2026-03-01T09:00:00+00:00",
    }
    assert len(data["answers"]) == 1 + 15  # one practice answer and 5 mocks x 3 questions
    assert {a["session_kind"] for a in data["answers"][1:]} == {"mock"}
    assert [m["status"] for m in data["mocks"]] == ["submitted"] * 5
    assert all(
        m["profile"] == "ada" and m["result"]["scaled"] == m["scaled"] for m in data["mocks"]
    )
    assert [c["question_id"] for c in data["cards"]] == ["t-single"] and data["cards"][0][
        "state"
    ] == "Review"


def test_export_csv_to_stdout(recorded, db_url, capsys):
    assert main(["--db", db_url, "--profile", "ada", "export", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 16
    assert (
        rows[0]["question_id"] == "t-single"
        and rows[0]["correct"] == "True"
        and rows[0]["answered_at"].endswith("+00:00")
    )
    assert (
        main(["--db", db_url, "--profile", "ada", "export", "--format", "csv", "--table", "mocks"])
        == 0
    )
    mocks = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(mocks) == 5 and json.loads(mocks[0]["result"])["scaled"] == int(mocks[0]["scaled"])


def add_instructor(db_url, capsys):
    assert main(["--db", db_url, "profile", "add", "teacher", "--role", "instructor"]) == 0
    capsys.readouterr()


def test_export_all_profiles_and_unknown_profile(recorded, db_url, capsys):
    assert (
        main(["--db", db_url, "--profile", "ada", "export", "--all-profiles"]) == 2
    )  # a usage error
    assert "only an instructor" in capsys.readouterr().err
    add_instructor(db_url, capsys)
    assert main(["--db", db_url, "--profile", "teacher", "export", "--all-profiles"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {m["profile"] for m in data["mocks"]} == {"ada", "bob"}
    assert main(["--db", db_url, "--profile", "nobody", "export"]) == 2  # a usage error
    assert "no profile named 'nobody'" in capsys.readouterr().err


def test_stats_items_json(recorded, db_url, capsys):
    add_instructor(db_url, capsys)
    assert (
        main(
            [
                "--db",
                db_url,
                "--profile",
                "teacher",
                "stats",
                "items",
                "--exam",
                "TEST-EXAM",
                "--json",
                "--min-attempts",
                "5",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["attempts"] == 5
    items = {i["question_id"]: i for i in data["items"]}
    # hand-computed in test_item_stats.py
    assert items["i1"]["facility"] == pytest.approx(0.6)
    assert items["i2"]["discrimination"] == pytest.approx(0.353553, abs=1e-6)
    assert items["i3"]["flags"] == ["negative discrimination"] and items["i3"]["dubious"]
    assert data["quiz"]["cic"] == pytest.approx(0.225)
    # Moodle's weights: each of 3 items carries a third of the marks; no bank question, no guess.
    assert items["i1"]["intended_weight"] == pytest.approx(1 / 3)
    assert items["i1"]["random_guess"] is None
    effective = [i["effective_weight"] for i in items.values() if i["effective_weight"] is not None]
    assert sum(effective) == pytest.approx(1.0)


def test_stats_items_text(recorded, db_url, capsys):
    add_instructor(db_url, capsys)
    assert main(["--db", db_url, "--profile", "teacher", "stats", "items"]) == 0
    out = capsys.readouterr().out
    assert "6 submitted mock(s)" in out
    assert "insufficient data" in out
    assert main(["--db", db_url, "--profile", "bob", "stats", "items"]) == 0
    assert "1 submitted mock(s)" in capsys.readouterr().out


def test_commands_work_on_an_empty_home(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QUIZZER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("QUIZZER_DB", raising=False)
    assert main(["stats", "items"]) == 0
    assert "No submitted mocks yet" in capsys.readouterr().out
    assert main(["export"]) == 2  # a usage error
    assert (tmp_path / "home" / "quizzer.db").exists()


def test_readiness_command_says_unknown_with_the_reason(recorded, db_url, capsys, monkeypatch):
    from learning_helpers import FIXTURE_BANK

    monkeypatch.setenv("QUIZZER_BANK", str(FIXTURE_BANK))
    assert main(["--db", db_url, "--profile", "ada", "readiness", "TEST-EXAM", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["exam"] == "TEST-EXAM" and data["pass_probability"] is None
    assert data["status"] == "unknown" and "more question" in data["reason"]
    assert set(data["needed"]) <= {d["id"] for d in data["domains"]}
    assert main(["--db", db_url, "--profile", "ada", "readiness", "TEST-EXAM"]) == 0
    text = capsys.readouterr().out
    assert "P(pass) unknown" in text and "Not in the forecast: 3. " in text
    assert main(["--db", db_url, "readiness", "NO-SUCH-EXAM"]) == 2
    assert "choose one of" in capsys.readouterr().err
