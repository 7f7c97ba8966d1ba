"""``quizzer check`` reads answers line by line; ``quizzer irt calibrate`` fits pooled mocks."""

from __future__ import annotations

import io

import numpy as np
import pytest
from learning_helpers import FIXTURE_BANK

from quizzer.bank.loader import load_bank
from quizzer.cli import main
from quizzer.commands.check import parse
from quizzer.learning.irt_fit import fit_2pl
from quizzer.mock_data import MockItemGrade, MockResult, MockTerms
from quizzer.store import answers as answer_store
from quizzer.store import item_parameters, profiles, sessions


def test_parse_accepts_only_answers_to_the_question():
    bank = load_bank(FIXTURE_BANK)
    by_type = {q.type: q for q in bank.questions.values()}
    assert parse(by_type["single"], "B") == 1
    assert parse(by_type["single"], "z") is None
    multiple = by_type["multiple"]
    assert parse(multiple, "abcdefghij"[: multiple.choose]) == list(range(multiple.choose))
    assert parse(multiple, "a" * multiple.choose) is None
    assert parse(by_type["true_false"], "false") is False
    yes_no = by_type["yes_no"]
    assert parse(yes_no, "y" * len(yes_no.statements)) == [True] * len(yes_no.statements)
    assert parse(yes_no, "y") is None
    assert parse(by_type["numeric"], " 3.5 ") == 3.5 and parse(by_type["numeric"], "x") is None


def test_check_records_each_answer_and_reports_a_result(db_url, monkeypatch, capsys, engine):
    monkeypatch.setenv("QUIZZER_BANK", str(FIXTURE_BANK))
    monkeypatch.setattr("sys.stdin", io.StringIO("nonsense\n" + "a\nab\nt\nyy\n1\n" * 3))
    assert main(["--db", db_url, "--profile", "ada", "check", "TEST-EXAM", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "not an answer" in out and "Adaptive check:" in out and "P(pass)" in out
    assert "priors from authored difficulty" in out
    profile = profiles.get_or_create_profile(engine, name="ada")
    answers = answer_store.all_answers(engine, profile_id=profile.id)
    assert answers and all(a.kind == "check" for a in answers)


def test_check_refuses_a_negative_seed(db_url):
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db_url, "check", "TEST-EXAM", "--seed", "-1"])
    assert exit_info.value.code == 2


def test_mml_fit_recovers_item_difficulty():
    rng = np.random.default_rng(0)
    persons, items = 300, 20
    a = np.exp(rng.normal(0, 0.3, items))
    b = rng.normal(0, 1, items)
    theta = rng.normal(0, 1, persons)
    p = 1 / (1 + np.exp(-a * (theta[:, None] - b)))
    y = (rng.random((persons, items)) < p).astype(float)
    observed = rng.random((persons, items)) < 0.7
    fit = fit_2pl(y, observed, np.ones(items), np.zeros(items), steps=300)
    assert np.corrcoef(fit.b, b)[0, 1] > 0.9
    assert np.sqrt(np.mean((fit.b - b) ** 2)) < 0.4


def test_calibrate_needs_an_instructor_and_enough_responses(db_url, engine, monkeypatch, capsys):
    monkeypatch.setenv("QUIZZER_BANK", str(FIXTURE_BANK))
    profiles.get_or_create_profile(engine, name="ada")
    assert main(["--db", db_url, "--profile", "ada", "irt", "calibrate"]) == 2
    assert "as an instructor" in capsys.readouterr().err
    profiles.get_or_create_profile(engine, name="teacher", role="instructor")
    assert main(["--db", db_url, "--profile", "teacher", "irt", "calibrate"]) == 0
    assert "every item keeps its prior" in capsys.readouterr().out
    assert item_parameters.fitted(engine) == {}
    # 40 learners' mocks over the fixture bank: every item now has enough responses.
    bank = load_bank(FIXTURE_BANK)
    ids = sorted(bank.questions)
    rng = np.random.default_rng(5)
    for learner in range(40):
        profile = profiles.get_or_create_profile(engine, name=f"l{learner}")
        items = [
            {"question_id": q, "domain_id": None, "content_hash": bank.content_hash(q)} for q in ids
        ]
        mock = sessions.create_mock(
            engine,
            profile_id=profile.id,
            exam_id="TEST-EXAM",
            seed=0,
            terms=MockTerms(),
            items=items,
            time_limit_s=60,
        )
        scores = [float(rng.random() < 0.3 + 0.1 * k) for k in range(len(ids))]
        for position in range(len(scores)):
            sessions.save_mock_answer(
                engine, session_id=mock, position=position, response=0, time_ms=1, time_left_s=1
            )
        sessions.finish_mock(
            engine,
            session_id=mock,
            result=MockResult(),
            time_left_s=0,
            graded=[MockItemGrade(k, s == 1.0, s) for k, s in enumerate(scores)],
        )
    assert (
        main(["--db", db_url, "--profile", "teacher", "irt", "calibrate", "--min-responses", "20"])
        == 0
    )
    assert f"fitted {len(ids)} item(s) from 40 mocks" in capsys.readouterr().out
    fitted = item_parameters.fitted(engine)
    assert set(fitted) == {(q, bank.content_hash(q)) for q in ids}
    # items answered right more often come out easier
    b = [fitted[(q, bank.content_hash(q))].b for q in ids]
    assert b[0] > b[-1]


def test_parse_keeps_a_short_answer_as_typed(types_bank_root):
    short = load_bank(types_bank_root).questions["t-short"]
    assert parse(short, "  AdamW \n") == "AdamW" and parse(short, "   \n") is None
