"""The readiness forecast scored against synthetic learners with known mastery (seeded).

Learners answer shipped-bank AIF-C01 questions at random and then sit a simulated exam; see
quizzer/learning/simulation.py. Larger runs: benchmarks/readiness_bench.py.
"""

from __future__ import annotations

import pytest

from quizzer.bank.loader import load_bank
from quizzer.learning.simulation import brier, coverage, expected_calibration_error, simulate


@pytest.fixture(scope="module")
def bank():
    return load_bank(None)


def test_pass_chance_is_calibrated_and_intervals_cover_from_50_answers(bank):
    # ECE over ten bins is biased upward by sampling noise: 1,000 learners keep that bias near 0.02.
    outcomes = simulate(bank, "AIF-C01", learners=1000, checkpoints=[50], seed=0, draws=400)
    assert expected_calibration_error(outcomes) <= 0.05
    assert 0.75 <= coverage(outcomes) <= 0.85


def test_brier_score_improves_with_answers(bank):
    checkpoints = [0, 20, 50, 100, 200]
    outcomes = simulate(bank, "AIF-C01", learners=100, checkpoints=checkpoints, seed=1, draws=500)
    scores = [brier([o for o in outcomes if o.answers == n]) for n in checkpoints]
    assert scores[0] > 0.2  # with no answers the forecast knows only the prior
    assert scores[-1] < scores[2] < scores[0] and scores[-1] < 0.15
    # P(pass) is shown only with enough answers in every domain: never at 0 or 20 answers.
    shown = {n: any(o.shown for o in outcomes if o.answers == n) for n in checkpoints}
    assert not shown[0] and not shown[20] and shown[200]
