"""The adaptive check against a fixed-form mock, on simulated learners (seeded).

Learners have ability ``theta ~ N(0, 1)``. Items are the exam's bank questions, with true 2PL
parameters drawn around their priors (discrimination x lognormal(0, 0.3), difficulty + N(0, 0.5));
both methods are given those parameters, as after a calibration. Each learner takes a fixed
mock (the blueprint's length, questions drawn per domain by weight, as mock assembly does) and
the adaptive check. Reported: RMSE of the ability estimate, and agreement of the pass/fail
decision (estimate above the ability at the cut) with the learner's true pass/fail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from quizzer.bank.loader import Bank
from quizzer.learning.adaptive import AdaptiveCheck, AdaptiveConfig
from quizzer.learning.irt import ItemParameters, ability_at, estimate, exam_form, prior_parameters
from quizzer.learning.mastery import covered_weights, question_tags
from quizzer.learning.simulation import sitting_counts
from quizzer.scoring import DEFAULT_CUT


@dataclass(frozen=True)
class Comparison:
    learners: int
    mock_length: int
    mock_rmse: float
    mock_agreement: float
    adaptive_rmse: dict[int, float]
    """Questions asked -> RMSE of the adaptive estimate after that many."""
    adaptive_agreement: dict[int, float]


def exam_items(bank: Bank, exam_id: str) -> tuple[dict[str, list[str]], dict[str, float]]:
    """Domain -> question ids (each question in its first covered domain), and domain weights."""
    blueprint = bank.blueprints[exam_id]
    tags = question_tags(bank, blueprint)
    weights = covered_weights(bank, blueprint, tags)
    domains: dict[str, list[str]] = {d: [] for d in weights}
    for question_id in sorted(tags):
        home = next((t.domain_id for t in tags[question_id] if t.domain_id in weights), None)
        if home is not None:
            domains[home].append(question_id)
    return domains, weights


def _true_parameters(
    bank: Bank, ids: Sequence[str], rng: np.random.Generator
) -> dict[str, ItemParameters]:
    params = {}
    for q in ids:
        prior = prior_parameters(q, bank.questions[q].difficulty)
        a = prior.a * float(np.exp(rng.normal(0.0, 0.3)))
        b = prior.b + float(rng.normal(0.0, 0.5))
        params[q] = ItemParameters(q, a, b, "fitted")
    return params


def compare(
    bank: Bank,
    exam_id: str,
    *,
    learners: int,
    lengths: Sequence[int] = (20, 30, 40),
    seed: int = 0,
) -> Comparison:
    rng = np.random.default_rng(seed)
    domains, weights = exam_items(bank, exam_id)
    params = _true_parameters(bank, [q for ids in domains.values() for q in ids], rng)
    form = exam_form(params, domains, weights)
    theta_cut = ability_at(DEFAULT_CUT, *form)
    length = bank.blueprints[exam_id].questions
    counts = sitting_counts(weights, length)
    config = AdaptiveConfig(target_se=0.0, min_items=max(lengths), max_items=max(lengths))
    mock_errors, mock_agree = [], []
    errors: dict[int, list[float]] = {n: [] for n in lengths}
    agree: dict[int, list[bool]] = {n: [] for n in lengths}

    index = {q: i for i, q in enumerate(params)}
    draws: np.ndarray = np.empty(0)

    def answer(q: str, theta: float) -> float:
        p = 1.0 / (1.0 + np.exp(-params[q].a * (theta - params[q].b)))
        return float(draws[index[q]] < p)

    for learner in range(learners):
        theta = float(rng.normal())
        # One uniform draw per learner and question, shared by both methods: a question answered
        # in the mock and in the check gets the same answer, so the comparison is paired.
        draws = rng.random(len(index))
        passed = theta > theta_cut
        mock = [
            q
            for d, n in counts.items()
            for q in rng.choice(domains[d], size=min(n, len(domains[d])), replace=False)
        ]
        estimate_mock = estimate([(params[q], answer(q, theta)) for q in mock])
        mock_errors.append(estimate_mock.mean - theta)
        mock_agree.append((estimate_mock.mean > theta_cut) == passed)
        check = AdaptiveCheck(
            params, domains, weights, cut=DEFAULT_CUT, seed=learner, config=config, form=form
        )
        while (q := check.next_question()) is not None:
            ability = check.record(q, answer(q, theta))
            asked = len(check.asked)
            if asked in errors:
                errors[asked].append(ability.mean - theta)
                agree[asked].append((ability.mean > theta_cut) == passed)

    def rmse(values: Sequence[float]) -> float:
        return float(np.sqrt(np.mean(np.square(values))))

    return Comparison(
        learners,
        length,
        rmse(mock_errors),
        float(np.mean(mock_agree)),
        {n: rmse(e) for n, e in errors.items()},
        {n: float(np.mean(a)) for n, a in agree.items()},
    )
