"""Readiness forecast: per-domain mastery, the expected scaled score with an interval, P(pass).

Each covered domain's mastery is a Beta posterior (:mod:`quizzer.learning.mastery`). A seeded
Monte-Carlo draws the domains' masteries, weights them by the blueprint, adds the sampling
noise of a real exam of the blueprint's length, and maps each draw through
:func:`quizzer.scoring.scaled_score`. Method, assumptions and limits: docs/readiness.md.
"""

from __future__ import annotations

import datetime as dt
import bisect
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sqlalchemy.engine import Engine

from quizzer.bank.loader import Bank
from quizzer.learning.mastery import (
    DEFAULT_MASTERY,
    MasteryConfig,
    ScoredAnswer,
    covered_weights,
    posterior,
    question_scores,
    question_tags,
)
from quizzer.scoring import DEFAULT_CUT, scaled_score


@dataclass(frozen=True)
class DomainReadiness:
    """One bar of the dashboard: a domain's estimated mastery and how sure that estimate is."""

    domain_id: str
    name: str
    printed_weight: str | None
    weight: float
    """Share of the forecast (weights rescaled over covered domains; sums to 1)."""
    mastery: float
    """Posterior mean chance of a right answer on a question of this domain."""
    low: float
    high: float
    answers: int
    questions_seen: int
    questions_total: int
    evidence: float
    recall: float | None


@dataclass(frozen=True)
class Readiness:
    """The forecast for one exam at one moment."""

    exam_id: str
    at: dt.datetime
    level: float
    """Probability mass inside [low, high] and [scaled_low, scaled_high], e.g. 0.8."""
    domains: tuple[DomainReadiness, ...]
    uncovered: tuple[str, ...]
    """Blueprint domains the forecast cannot speak for (out of scope or without questions)."""
    answers: int
    expected: float
    """Expected share of marks on a real exam."""
    low: float
    high: float
    scaled: int | None
    scaled_low: int | None
    scaled_high: int | None
    passing_score: int | None
    scale_min: int | None
    scale_max: int | None
    pass_probability: float
    exam_questions: int


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """Linear-interpolation quantile of already sorted values."""
    if not sorted_values:
        raise ValueError("no values")
    position = q * (len(sorted_values) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * (position - lower)


def forecast(
    bank: Bank,
    exam_id: str,
    answers: Iterable[ScoredAnswer],
    *,
    at: dt.datetime,
    recall: Mapping[str, float] | None = None,
    seed: int = 0,
    draws: int = 4000,
    level: float = 0.8,
    cut: float = DEFAULT_CUT,
    config: MasteryConfig = DEFAULT_MASTERY,
    scores: Mapping[str, tuple[float, float, int]] | None = None,
) -> Readiness:
    """Forecast one exam from a learner's answers (pure; the same inputs give the same result).

    ``scores`` (question id -> mean, weight, count, as :func:`question_scores` returns) may be
    given instead of ``answers``, e.g. from the store's running totals.
    """
    blueprint = bank.blueprints[exam_id]
    if at.tzinfo is None:
        raise ValueError("pass a timezone-aware datetime (UTC)")
    tags = question_tags(bank, blueprint)
    weights = covered_weights(bank, blueprint)
    if scores is None:
        scores = question_scores(
            [a for a in answers if a.question_id in tags], at=at, half_life_days=config.half_life_days
        )
    else:
        scores = {q: v for q, v in scores.items() if q in tags}
    rng = np.random.default_rng(seed)
    tail = (1 - level) / 2

    domains: list[DomainReadiness] = []
    samples: list[np.ndarray] = []
    for domain in blueprint.domains:
        if domain.id not in weights:
            continue
        members = [q for q, t in tags.items() if any(tag.domain_id == domain.id for tag in t)]
        post = posterior(scores, members, recall=recall, config=config)
        # Sorting every domain's draws pairs them by rank (a comonotone coupling): domains are
        # treated as perfectly correlated, the cautious choice when little is known (see docs).
        drawn = np.sort(rng.beta(post.alpha, post.beta, size=draws))
        samples.append(drawn)
        domains.append(
            DomainReadiness(
                domain.id,
                domain.name,
                domain.weight,
                weights[domain.id],
                post.mean,
                float(np.quantile(drawn, tail)),
                float(np.quantile(drawn, 1 - tail)),
                post.answers,
                post.questions,
                len(members),
                post.evidence,
                post.recall,
            )
        )
    uncovered = tuple(d.id for d in blueprint.domains if d.id not in weights)
    length = blueprint.questions
    total_answers = sum(d.answers for d in domains)

    if not domains:
        return Readiness(
            exam_id,
            at,
            level,
            (),
            uncovered,
            0,
            0.0,
            0.0,
            1.0,
            None,
            None,
            None,
            blueprint.passing_score,
            blueprint.scale_min,
            blueprint.scale_max,
            0.0,
            length,
        )

    weights = np.array([d.weight for d in domains])[:, None]
    stacked = np.stack(samples)
    mean = (weights * stacked).sum(axis=0)
    # A real exam asks only `length` questions: add that sampling noise (normal approx.).
    variance = (weights * stacked * (1 - stacked)).sum(axis=0) / length
    fractions = np.sort(np.clip(rng.normal(mean, np.sqrt(variance)), 0.0, 1.0)).tolist()
    expected = sum(d.weight * d.mastery for d in domains)
    low, high = quantile(fractions, tail), quantile(fractions, 1 - tail)

    mark = blueprint.passing_score
    # Where the vendor has no scale, "pass" means reaching the practice cut (as in scoring).
    # Fractions are sorted and the scaled score grows with them: find the first passing draw.
    if mark is not None and scaled_score(0.0, blueprint, cut) is not None:
        first_pass = bisect.bisect_left(fractions, True, key=lambda f: scaled_score(f, blueprint, cut) >= mark)
    else:
        first_pass = bisect.bisect_left(fractions, cut)
    passing = len(fractions) - first_pass
    return Readiness(
        exam_id,
        at,
        level,
        tuple(domains),
        uncovered,
        total_answers,
        expected,
        low,
        high,
        scaled_score(expected, blueprint, cut),
        scaled_score(low, blueprint, cut),
        scaled_score(high, blueprint, cut),
        blueprint.passing_score,
        blueprint.scale_min,
        blueprint.scale_max,
        passing / draws,
        length,
    )


def readiness(
    engine: Engine,
    bank: Bank,
    *,
    profile_id: int,
    exam_id: str,
    now: dt.datetime | None = None,
    at: dt.datetime | None = None,
    seed: int = 0,
) -> Readiness:
    """Forecast from the store: the profile's answers and review cards.

    ``at`` (default ``now``) is the moment forecast, e.g. the exam date: recall is what FSRS
    expects then, with no further study.
    """
    from quizzer.learning.srs import recall, utc
    from quizzer.store.question_scores import scores_at

    now = utc(now)
    at = utc(at) if at is not None else now
    return forecast(
        bank,
        exam_id,
        (),
        at=at,
        recall=recall(engine, profile_id=profile_id, at=at),
        seed=seed,
        scores=scores_at(engine, profile_id=profile_id, at=at),
    )
