"""Synthetic learners with known mastery, to check that the readiness forecast is calibrated.

Each learner has a shared level of preparation ``m ~ Beta(a, b)`` and per-domain masteries
``p_d ~ Beta(k m, k (1 - m))`` (``k`` = :data:`~quizzer.learning.readiness.DOMAIN_SPREAD`). They
answer the exam's bank questions in a random order, right with the mastery of the question's
domain(s), and then sit one real exam of the blueprint's length: per domain, its weighted
number of questions, each right with the domain's mastery. The forecast made from their answers
is scored against that sitting: calibration of P(pass), coverage of the 80% interval, Brier.

The population is broader than one learner's history can be: a learner's own answers are no
calibration sample. Used by tests/learning/test_readiness_calibration.py and benchmarks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from quizzer.bank.loader import Bank
from quizzer.learning.mastery import covered_weights, question_tags
from quizzer.learning.readiness import DOMAIN_SPREAD, MIN_QUESTIONS_PER_DOMAIN, forecast
from quizzer.scoring import scaled_score

AT = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Answer:
    question_id: str
    score: float
    answered_at: dt.datetime = AT


@dataclass(frozen=True)
class Outcome:
    """One forecast after ``answers`` answers, against the learner's real sitting."""

    answers: int
    pass_probability: float
    shown: bool
    """Whether the app would show this P(pass) (enough answers in every domain)."""
    low: float
    high: float
    fraction: float
    passed: bool


def covered_bank(bank: Bank, exam_id: str) -> Bank:
    """The bank with the exam's blueprint cut down to the domains the bank covers."""
    blueprint = bank.blueprints[exam_id]
    covered = covered_weights(bank, blueprint)
    cut = blueprint.model_copy(
        update={"domains": [d for d in blueprint.domains if d.id in covered]}
    )
    return Bank(bank.root, bank.questions, {**bank.blueprints, exam_id: cut}, bank.topics)


def sitting_counts(weights: dict[str, float], length: int) -> dict[str, int]:
    """Questions per domain in one sitting of ``length``: largest remainder over the weights."""
    exact = {d: length * w for d, w in weights.items()}
    counts = {d: int(x) for d, x in exact.items()}
    for d in sorted(exact, key=lambda d: exact[d] - counts[d], reverse=True)[
        : length - sum(counts.values())
    ]:
        counts[d] += 1
    return counts


def simulate(
    bank: Bank,
    exam_id: str,
    *,
    learners: int,
    checkpoints: Sequence[int],
    seed: int = 0,
    level_prior: tuple[float, float] = (6.0, 3.0),
    spread: float = DOMAIN_SPREAD,
    draws: int = 2000,
) -> list[Outcome]:
    """Forecasts at each answer count in ``checkpoints`` for ``learners`` synthetic learners."""
    bank = covered_bank(bank, exam_id)
    blueprint = bank.blueprints[exam_id]
    weights = covered_weights(bank, blueprint)
    domains = list(weights)
    tags = question_tags(bank, blueprint)
    ids = sorted(tags)
    where = {q: [domains.index(t.domain_id) for t in tags[q]] for q in ids}
    counts = sitting_counts(weights, blueprint.questions)
    rng = np.random.default_rng(seed)
    outcomes = []
    for learner in range(learners):
        level = rng.beta(*level_prior)
        mastery = rng.beta(spread * level, spread * (1 - level), size=len(domains))
        right = sum(rng.binomial(counts[d], mastery[i]) for i, d in enumerate(domains))
        fraction = right / blueprint.questions
        scaled = scaled_score(fraction, blueprint)
        mark = blueprint.passing_score
        passed = scaled >= mark if scaled is not None and mark is not None else fraction >= 0.7
        order = rng.permutation(len(ids))[: max(checkpoints, default=0)]
        answers = [
            Answer(ids[i], float(rng.random() < mastery[where[ids[i]]].mean())) for i in order
        ]
        for n in checkpoints:
            r = forecast(
                bank,
                exam_id,
                answers[:n],
                at=AT,
                seed=learner,
                draws=draws,
                min_questions=0,
                tags=tags,
            )
            seen = Counter(
                d for a in answers[:n] for d in {domains[i] for i in where[a.question_id]}
            )
            shown = all(seen[d] >= MIN_QUESTIONS_PER_DOMAIN for d in domains)
            # min_questions=0: every forecast of an exam with domains carries a P(pass)
            assert r.pass_probability is not None
            outcomes.append(
                Outcome(n, r.pass_probability, shown, r.low, r.high, fraction, bool(passed))
            )
    return outcomes


def expected_calibration_error(outcomes: Sequence[Outcome], bins: int = 10) -> float:
    """Mean |forecast - observed pass rate| over equal-width probability bins, weighted by count."""
    total = len(outcomes)
    error = 0.0
    for b in range(bins):
        members = [
            o
            for o in outcomes
            if b / bins <= o.pass_probability < (b + 1) / bins
            or (b == bins - 1 and o.pass_probability == 1)
        ]
        if members:
            forecast_mean = sum(o.pass_probability for o in members) / len(members)
            observed = sum(o.passed for o in members) / len(members)
            error += len(members) / total * abs(forecast_mean - observed)
    return error


def coverage(outcomes: Sequence[Outcome]) -> float:
    """Share of sittings whose score fell inside the forecast's interval."""
    return sum(o.low <= o.fraction <= o.high for o in outcomes) / len(outcomes)


def brier(outcomes: Sequence[Outcome]) -> float:
    return sum((o.pass_probability - o.passed) ** 2 for o in outcomes) / len(outcomes)
