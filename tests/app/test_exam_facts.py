"""What the screens say about an exam: status, unconfirmed facts, pass marks, coverage, results."""

from __future__ import annotations

import datetime as dt

from quizzer import exam_facts as facts
from quizzer.keymap import KeymapError, read_keymap
from quizzer.mock_data import MockResult, MockTerms
from quizzer.mock_session import build_result

from .answering import correct_response


def test_retired_exam_names_its_successor_and_marks_unconfirmed(bank):
    blueprint = bank.blueprints["TEST-EXAM"].model_copy(
        update={
            "retired": dt.date(2026, 6, 30),
            "successor": "NEW-EXAM",
            "status_confirmed": False,
            "scale_confirmed": False,
        }
    )
    assert (
        facts.status_text(blueprint, dt.date(2026, 7, 1))
        == "retired 2026-06-30 → NEW-EXAM (unconfirmed)"
    )
    assert (
        facts.status_text(blueprint, dt.date(2026, 1, 1))
        == "retires 2026-06-30 → NEW-EXAM (unconfirmed)"
    )
    assert facts.pass_mark_text(blueprint) == "pass mark 700 (unconfirmed scale 100–1000)"


def test_exam_without_a_scale_uses_the_practice_target(bank):
    blueprint = bank.blueprints["TEST-EXAM"].model_copy(
        update={
            "passing_score": None,
            "scale_min": None,
            "scale_max": None,
            "questions_confirmed": False,
        }
    )
    assert facts.pass_mark_text(blueprint) == "no published scale: practice target 70%"
    assert facts.length_text(blueprint) == "6 questions (unconfirmed)"
    questions = [bank.questions[q] for q in ("t-single", "t-true-false", "t-numeric")]
    from quizzer.assembly import Item

    items = [Item(q.id, "1" if q.id != "t-numeric" else "2", None) for q in questions]
    responses = [
        correct_response(questions[0]),
        not questions[1].answer,
        correct_response(questions[2]),
    ]
    result, graded = build_result(
        blueprint,
        questions,
        items,
        responses,
        terms=MockTerms(pass_target_pct=60),
        seed=3,
        time_limit_s=600,
        time_left_s=100,
        timed_out=False,
    )
    assert result.scaled is None and result.passed  # 2/3 = 67% >= 60%
    assert result.time_used_s == 500
    assert [g.correct for g in graded] == [True, False, True]
    assert facts.score_text(result) == "67% ✓"


def test_coverage_counts_domains(bank):
    coverage = facts.coverage(bank, bank.blueprints["TEST-EXAM"])
    assert coverage.tagged == 8
    assert [d.id for d in coverage.covered] == ["1", "2"]
    assert [d.id for d in coverage.out_of_scope] == ["3"]
    assert coverage.summary() == "8 questions; 2/3 domains covered (not: 3)"


def test_clock_text():
    assert facts.clock_text(0) == "00:00"
    assert facts.clock_text(0.2) == "00:01"
    assert facts.clock_text(599.5) == "10:00"
    assert facts.clock_text(3725) == "1:02:05"


def test_keymap_reader(tmp_path):
    path = tmp_path / "keymap.toml"
    assert read_keymap(path) == {}
    path.write_text('"exam.flag" = ["ctrl+k", "f6"]\n[keymap]\n"app.help" = "f9"\n')
    assert read_keymap(path) == {"exam.flag": "ctrl+k,f6", "app.help": "f9"}
    path.write_text("not toml = = =")
    try:
        read_keymap(path)
    except KeymapError as exc:
        assert "keymap.toml" in str(exc)
    else:
        raise AssertionError("a broken keymap must be reported")


def test_last_and_best_keep_the_latest_result_and_the_highest_per_exam():
    from quizzer.store.records import MockScore

    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    def score(exam: str, result: MockResult) -> MockScore:
        return MockScore(0, exam, at, at, result)

    scores = [
        score("A", MockResult(scaled=600)),
        score("B", MockResult(fraction=0.5)),
        score("A", MockResult(scaled=800)),
        score("A", MockResult(scaled=700)),
    ]
    assert facts.last_and_best(scores) == {
        "A": (MockResult(scaled=700), MockResult(scaled=800)),
        "B": (MockResult(fraction=0.5), MockResult(fraction=0.5)),
    }
