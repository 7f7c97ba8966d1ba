"""Grading of every type (including partial credit), the scaled score, and per-domain results."""

from __future__ import annotations

import pytest

from quizzer.scoring import ScoredItem, grade, scaled_score, score_exam


def q(bank, qid):
    return bank.questions[qid]


def test_single(bank):
    question = q(bank, "t-single")
    assert grade(question, 0).correct
    assert grade(question, 1).score == 0
    assert grade(question, 99).score == 0  # out of range never raises
    assert grade(question, None).score == 0


def test_multiple_all_or_nothing(bank):
    question = q(bank, "t-multiple")
    assert grade(question, [0, 1]).correct
    assert grade(question, [1, 0]).correct
    assert grade(question, [0]).score == 0
    assert grade(question, [0, 1, 2]).score == 0


def test_multiple_partial_subtracts_wrong_picks(bank):
    question = q(bank, "t-multiple-partial")
    assert grade(question, [0, 1, 2]).score == 1
    assert grade(question, [0, 1]).score == pytest.approx(2 / 3)
    assert grade(question, [0, 1, 3]).score == pytest.approx(1 / 3)
    assert grade(question, [3, 4]).score == 0  # floored at zero


def test_true_false(bank):
    question = q(bank, "t-true-false")
    assert grade(question, True).correct
    assert not grade(question, False).correct
    assert grade(question, 1).score == 0  # only a real boolean counts


def test_yes_no_partial_per_statement(bank):
    question = q(bank, "t-yes-no")
    assert grade(question, [True, False, True]).correct
    assert grade(question, [True, True, True]).score == pytest.approx(2 / 3)
    assert grade(question, [True, None, None]).score == pytest.approx(1 / 3)


def test_ordering_partial_by_position(bank):
    question = q(bank, "t-ordering")
    assert grade(question, [0, 1, 2, 3]).correct
    assert grade(question, [1, 0, 2, 3]).score == pytest.approx(0.5)
    assert grade(question, [0, 0, 1, 2]).score == 0  # not a permutation


def test_matching_partial(bank):
    question = q(bank, "t-matching")
    choices = question.choices()
    assert choices == ["Sigmoid", "Softmax", "Linear", "Tanh"]
    assert grade(question, [0, 1, 2]).correct
    assert grade(question, [0, 1, 3]).score == pytest.approx(2 / 3)
    assert grade(question, [None, None, 2]).score == pytest.approx(1 / 3)


def test_numeric_tolerance(bank):
    question = q(bank, "t-numeric")
    assert grade(question, 100).correct
    assert grade(question, "100").correct
    assert not grade(question, 100.5).correct
    assert grade(question, float("nan")).score == 0


def test_scaled_score_anchors(bank):
    blueprint = bank.blueprints["TEST-EXAM"]  # 100..1000, pass 700
    assert scaled_score(0.0, blueprint) == 100
    assert scaled_score(0.70, blueprint) == 700
    assert scaled_score(1.0, blueprint) == 1000
    assert scaled_score(0.35, blueprint) == 400
    assert scaled_score(0.85, blueprint) == 850
    values = [scaled_score(i / 20, blueprint) for i in range(21)]
    assert values == sorted(values)


def test_no_scale_gives_none(bank):
    blueprint = bank.blueprints["TEST-EXAM"].model_copy(update={"passing_score": None})
    assert scaled_score(0.9, blueprint) is None


def test_score_exam_per_domain(bank):
    blueprint = bank.blueprints["TEST-EXAM"]
    items = [
        ScoredItem(q(bank, "t-single"), "1", 0),  # right
        ScoredItem(q(bank, "t-true-false"), "1", False),  # wrong
        ScoredItem(q(bank, "t-yes-no"), "2", [True, True, True]),  # 2/3
        ScoredItem(q(bank, "t-numeric"), "2", None),  # unanswered
    ]
    result = score_exam(blueprint, items)
    assert result.possible == 4
    assert result.earned == pytest.approx(1 + 2 / 3)
    by_domain = {d.domain_id: d for d in result.domains}
    assert by_domain["1"].fraction == pytest.approx(0.5)
    assert by_domain["2"].fraction == pytest.approx(1 / 3)
    assert "3" not in by_domain
    assert result.scaled == scaled_score(result.fraction, blueprint)
    assert not result.passed
