"""IRT and the adaptive check: estimates, item choice, stopping, and a seeded simulation."""

from __future__ import annotations

import numpy as np
import pytest

from quizzer.learning.adaptive import AdaptiveCheck, AdaptiveConfig
from quizzer.learning.irt import ItemParameters, ability_at, estimate, information, prior_parameters


def _pool(n: int = 60) -> tuple[dict[str, ItemParameters], dict[str, list[str]], dict[str, float]]:
    rng = np.random.default_rng(3)
    params = {
        f"q{i}": ItemParameters(
            f"q{i}", float(rng.uniform(0.7, 1.6)), float(rng.normal()), "fitted"
        )
        for i in range(n)
    }
    domains = {"A": [f"q{i}" for i in range(0, n, 2)], "B": [f"q{i}" for i in range(1, n, 2)]}
    return params, domains, {"A": 0.75, "B": 0.25}


def test_estimate_moves_with_answers_and_narrows():
    item = ItemParameters("x", 1.2, 0.0)
    prior = estimate([])
    assert prior.mean == pytest.approx(0.0, abs=1e-6) and prior.se == pytest.approx(1.0, abs=0.01)
    right = estimate([(item, 1.0)] * 5)
    wrong = estimate([(item, 0.0)] * 5)
    assert right.mean > 0.5 > -0.5 > wrong.mean and right.se < prior.se
    half = estimate([(item, 0.5)] * 5)  # a half-right answer counts as half a success
    assert abs(half.mean) < 0.05


def test_priors_follow_authored_difficulty_and_information_peaks_at_b():
    assert prior_parameters("x", 1).b < prior_parameters("x", 2).b < prior_parameters("x", 3).b
    a, b = np.array([1.0, 1.0]), np.array([-1.0, 1.0])
    assert np.argmax(information(0.9, a, b)) == 1 and np.argmax(information(-0.9, a, b)) == 0


def test_check_keeps_blueprint_shares_and_does_not_repeat():
    params, domains, weights = _pool()
    check = AdaptiveCheck(
        params,
        domains,
        weights,
        cut=0.7,
        seed=1,
        config=AdaptiveConfig(target_se=0.0, max_items=20),
    )
    while (q := check.next_question()) is not None:
        check.record(q, 1.0 if params[q].b < 0.3 else 0.0)
    asked = [q for q, _, _ in check.asked]
    assert len(asked) == 20 == len(set(asked))
    share_a = sum(d == "A" for _, d, _ in check.asked) / 20
    assert abs(share_a - 0.75) <= 2 / 20 + 1e-9  # within the balancing slack of two questions


def test_check_stops_at_the_target_error_and_reports_pass_chance():
    params, domains, weights = _pool()
    check = AdaptiveCheck(
        params,
        domains,
        weights,
        cut=0.7,
        seed=2,
        config=AdaptiveConfig(target_se=0.45, min_items=5),
    )
    while (q := check.next_question()) is not None:
        check.record(q, 1.0 if params[q].b < 1.5 else 0.0)  # a strong learner
    result = check.result()
    assert result.se <= 0.45 and 5 <= result.questions < 40
    assert result.theta_low < result.theta < result.theta_high
    assert result.fraction_low < result.fraction < result.fraction_high
    assert result.pass_probability > 0.9 and not result.priors_only
    assert check.theta_cut == pytest.approx(ability_at(0.7, *check.form))


def test_exposure_control_varies_the_first_question():
    params, domains, weights = _pool()
    first = {
        AdaptiveCheck(params, domains, weights, cut=0.7, seed=s).next_question() for s in range(12)
    }
    assert len(first) > 1


def test_adaptive_check_matches_a_fixed_mock_with_fewer_questions():
    from quizzer.bank.loader import load_bank
    from quizzer.learning.adaptive_simulation import compare

    result = compare(load_bank(None), "AIF-C01", learners=150, lengths=(20, 30, 40), seed=0)
    # A 65-question mock's precision is reached by about 30 adaptive questions, and the pass/fail
    # decision agrees with the truth as often. Figures at scale (4,000 learners): docs/adaptive.md;
    # 150 learners leave about 0.01 of sampling noise in the paired difference.
    assert result.adaptive_rmse[20] > result.adaptive_rmse[30] > result.adaptive_rmse[40]
    assert result.adaptive_rmse[30] <= result.mock_rmse + 0.02
    assert result.adaptive_rmse[40] < result.mock_rmse
    assert result.adaptive_agreement[30] >= result.mock_agreement - 0.03
