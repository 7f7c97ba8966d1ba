"""Certainty-based marking: Moodle's marks and calibration per certainty level and per domain."""

from __future__ import annotations

import pytest
from learning_helpers import T0, Ans

from quizzer.learning.cbm import calibration, calibration_by_domain, cbm_mark


@pytest.mark.parametrize(
    ("score", "certainty", "mark"),
    [
        (1.0, 1, 1.0),
        (1.0, 2, 2.0),
        (1.0, 3, 3.0),
        (0.0, 1, 0.0),
        (0.0, 2, -2.0),
        (0.0, 3, -6.0),
        (0.5, 3, 1.5),
        (0.5, 2, 1.0),
    ],
)
def test_marks(score, certainty, mark):
    assert cbm_mark(score, certainty) == mark


def test_certainty_must_be_one_two_or_three():
    with pytest.raises(ValueError):
        cbm_mark(1.0, 4)


def _answers(level: int, right: int, wrong: int) -> list[Ans]:
    return [Ans("q", 1.0, T0, certainty=level)] * right + [
        Ans("q", 0.0, T0, certainty=level)
    ] * wrong


def test_calibration_per_level():
    answers = (
        _answers(1, 9, 1)  # 90% right while "not sure": under-confident
        + _answers(2, 3, 1)  # 75% right, 4 answers: too few for a verdict
        + _answers(3, 6, 4)  # 60% right while "sure": over-confident
        + [Ans("q", 1.0, T0, certainty=None)]  # certainty not asked: ignored
    )
    result = calibration(answers)
    assert result.answers == 24
    assert result.accuracy == pytest.approx(18 / 24)
    # marks: 9*1 + 0 | 3*2 - 2 | 6*3 - 4*6 = 9 + 4 - 6 = 7
    assert result.total_marks == pytest.approx(7.0)
    assert result.average_mark == pytest.approx(7 / 24)
    low, mid, high = result.levels
    assert (low.certainty, low.answers, low.accuracy, low.verdict) == (
        1,
        10,
        0.9,
        "under-confident",
    )
    assert (mid.answers, mid.accuracy, mid.verdict) == (4, 0.75, "too few answers")
    assert (high.answers, high.accuracy, high.verdict) == (10, 0.6, "over-confident")
    assert high.average_mark == pytest.approx((6 * 3 - 4 * 6) / 10)
    assert (mid.optimal_low, mid.optimal_high) == pytest.approx((2 / 3, 0.8))


def test_calibrated_learner_and_empty_levels():
    result = calibration(_answers(3, 9, 1) + _answers(1, 3, 2))
    assert [lv.verdict for lv in result.levels] == ["calibrated", "no answers", "calibrated"]
    assert result.levels[1].accuracy is None
    assert calibration([]).average_mark is None


def test_calibration_by_domain(fixture_bank):
    answers = [
        Ans("t-single", 1.0, T0, certainty=3),  # domain 1
        Ans("t-matching", 0.0, T0, certainty=3),  # domain 1
        Ans("t-numeric", 1.0, T0, certainty=2),  # domain 2
        Ans("not-in-bank", 1.0, T0, certainty=2),
    ]
    by_domain = calibration_by_domain(fixture_bank, "TEST-EXAM", answers)
    assert list(by_domain) == ["1", "2"]
    assert by_domain["1"].levels[2].answers == 2 and by_domain["1"].levels[2].accuracy == 0.5
    assert by_domain["1"].total_marks == 3 - 6
    assert by_domain["2"].answers == 1 and by_domain["2"].total_marks == 2


def test_partial_answers_are_judged_by_their_marks_not_their_accuracy():
    from quizzer.learning.cbm import best_level

    half = [Ans(f"q{i}", 0.5, T0, certainty=3) for i in range(10)]
    result = calibration(half)
    # Always half right: 1.5 marks at certainty 3, 1.0 at 2, 0.5 at 1. Certainty 3 is best.
    assert best_level([0.5] * 10) == 3
    assert result.levels[2].verdict == "calibrated"
    # Right-or-wrong answers keep the accuracy windows: 60% right is best at certainty 1.
    mixed = [1.0] * 6 + [0.0] * 4
    assert best_level(mixed) == 1
    assert (
        calibration([Ans(f"q{i}", s, T0, certainty=3) for i, s in enumerate(mixed)])
        .levels[2]
        .verdict
        == "over-confident"
    )
    assert (
        calibration([Ans(f"q{i}", s, T0, certainty=1) for i, s in enumerate([1.0] * 10)])
        .levels[0]
        .verdict
        == "under-confident"
    )
