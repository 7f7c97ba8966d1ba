"""Readiness forecast: per-domain mastery, the expected scaled score with an interval, P(pass).

A learner's domains share one level of preparation and differ from it a little: each domain's
mastery is drawn around a shared level (a hierarchical Beta model, see docs/readiness.md). A
seeded Monte-Carlo draws the shared level from its posterior, then each domain's mastery, weights
them by the blueprint, adds the sampling noise of a real exam of the blueprint's length, and maps
each draw through :func:`quizzer.scoring.scaled_score`.

P(pass) is only given when it means something: when every covered domain has at least
:data:`MIN_QUESTIONS_PER_DOMAIN` answered questions, and when the bank covers the whole exam.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy.engine import Engine

from quizzer.bank.blueprint import Blueprint
from quizzer.bank.loader import Bank
from quizzer.exam_tags import (
    Tag,
    domain_counts,
    exam_domain_counts,
    question_tags,
    tag_index,
    tags_of,
)
from quizzer.learning.mastery import (
    DEFAULT_MASTERY,
    MasteryConfig,
    Posterior,
    ScoredAnswer,
    covered_share,
    covered_weights,
    posterior,
    question_scores,
)
from quizzer.scoring import DEFAULT_CUT, scaled_score

MIN_QUESTIONS_PER_DOMAIN = 5
"""Distinct answered questions each covered domain needs before P(pass) is shown."""
DOMAIN_SPREAD = 15.0
"""Concentration of domain masteries around the shared level: mastery_d ~ Beta(k m, k (1 - m)).

At 15 a learner whose shared level is 0.7 has domains spread with a standard deviation of about
0.11. The calibration simulation (tests/learning/test_readiness_calibration.py) checks it.
"""
_GRID = np.linspace(0.0025, 0.9975, 200)


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
    pass_probability: float | None
    """None while the forecast is unknown or covers only part of the exam (see ``reason``)."""
    exam_questions: int
    covered_share: float = 1.0
    """Share of the exam's printed weight that the forecast speaks for."""
    needed: tuple[tuple[str, int], ...] = ()
    """(domain id, more distinct questions to answer) for each domain short of evidence."""

    @property
    def status(self) -> str:
        """ "unknown" (too little evidence), "partial" (part of the exam) or "known"."""
        if self.needed or not self.domains:
            return "unknown"
        return "partial" if self.covered_share < 1 - 1e-9 else "known"

    @property
    def reason(self) -> str | None:
        """Why there is no P(pass), in a sentence; None when there is one."""
        if not self.domains:
            return "the bank has no questions for this exam"
        reasons = []
        if self.needed:
            more = sum(n for _, n in self.needed)
            where = ", ".join(f"{d}: {n}" for d, n in self.needed)
            reasons.append(
                f"answer {more} more question{'s' if more != 1 else ''} first "
                f"(at least {MIN_QUESTIONS_PER_DOMAIN} per domain; {where})"
            )
        if self.covered_share < 1 - 1e-9:
            reasons.append(
                f"the bank covers {round(100 * self.covered_share)}% of this exam, "
                f"so no pass chance is given for the whole exam"
            )
        return "; ".join(reasons) or None


def quantile(sorted_values: Sequence[float] | np.ndarray, q: float) -> float:
    """Linear-interpolation quantile of already sorted values."""
    if len(sorted_values) == 0:
        raise ValueError("no values")
    position = q * (len(sorted_values) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    return float(
        sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * (position - lower)
    )


def _log_beta(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    lgamma = np.frompyfunc(math.lgamma, 1, 1)
    return (lgamma(a) + lgamma(b) - lgamma(a + b)).astype(float)


def shared_level_weights(
    posts: Sequence[Posterior], config: MasteryConfig, spread: float
) -> np.ndarray:
    """Posterior of the shared level on :data:`_GRID` (flat prior), from every domain's evidence.

    Each domain's successes and failures are Beta-Binomial given the shared level ``m``: the
    domain's mastery integrated out, ``B(k m + s, k (1 - m) + f) / B(k m, k (1 - m))``.
    """
    a, b = spread * _GRID, spread * (1 - _GRID)
    log_p = np.zeros_like(_GRID)
    for post in posts:
        s, f = post.alpha - config.prior_alpha, post.beta - config.prior_beta
        if s + f > 0:
            log_p += _log_beta(a + s, b + f) - _log_beta(a, b)
    weights = np.exp(log_p - log_p.max())
    return weights / weights.sum()


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
    spread: float = DOMAIN_SPREAD,
    min_questions: int = MIN_QUESTIONS_PER_DOMAIN,
    tags: Mapping[str, tuple[Tag, ...]] | None = None,
    counts: Mapping[str, int] | None = None,
) -> Readiness:
    """Forecast one exam from a learner's answers (pure; the same inputs give the same result).

    ``scores`` (question id -> mean, weight, count, as :func:`question_scores` returns) may be
    given instead of ``answers``, e.g. from the store's running totals. ``tags`` (from
    :func:`~quizzer.exam_tags.question_tags`) saves scanning the bank on every call;
    ``counts`` (from :func:`~quizzer.exam_tags.domain_counts`) saves it too, and then
    only the answered questions' tags are read: the forecast costs the learner's answers, not
    the bank's size.
    """
    blueprint = bank.blueprints[exam_id]
    if at.tzinfo is None:
        raise ValueError("pass a timezone-aware datetime (UTC)")
    if counts is None:
        tags = question_tags(bank, blueprint) if tags is None else tags
        counts = domain_counts(tags)
    weights = covered_weights(bank, blueprint, counts=counts)
    tagged = _lookup(bank, blueprint, tags)
    if scores is None:
        scores = question_scores(
            [a for a in answers if tagged(a.question_id)],
            at=at,
            half_life_days=config.half_life_days,
        )
    else:
        scores = {q: v for q, v in scores.items() if tagged(q)}
    # A question tagged to several domains counts once in all: a share of it in each.
    domains_of = {q: {t.domain_id for t in tagged(q) if t.domain_id in weights} for q in scores}
    shares = {q: 1 / len(ds) for q, ds in domains_of.items() if ds}
    covered = [d for d in blueprint.domains if d.id in weights]
    posts = [
        posterior(
            scores,
            [q for q, ds in domains_of.items() if d.id in ds],
            recall=recall,
            config=config,
            shares=shares,
        )
        for d in covered
    ]
    uncovered = tuple(d.id for d in blueprint.domains if d.id not in weights)
    length = blueprint.questions
    needed = tuple(
        (d.id, min_questions - p.questions)
        for d, p in zip(covered, posts, strict=True)
        if p.questions < min_questions
    )
    share = covered_share(bank, blueprint, counts=counts)
    if not covered:
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
            None,
            length,
            share,
            needed,
        )

    rng = np.random.default_rng(seed)
    tail = (1 - level) / 2
    cells = rng.choice(len(_GRID), size=draws, p=shared_level_weights(posts, config, spread))
    step = _GRID[1] - _GRID[0]
    shared = np.clip(_GRID[cells] + rng.uniform(-step / 2, step / 2, draws), 1e-4, 1 - 1e-4)
    samples = np.stack(
        [
            rng.beta(
                spread * shared + p.alpha - config.prior_alpha,
                spread * (1 - shared) + p.beta - config.prior_beta,
            )
            for p in posts
        ]
    )
    domains = tuple(
        DomainReadiness(
            d.id,
            d.name,
            d.weight,
            weights[d.id],
            float(drawn.mean()),
            quantile(np.sort(drawn), tail),
            quantile(np.sort(drawn), 1 - tail),
            p.answers,
            p.questions,
            counts[d.id],
            p.evidence,
            p.recall,
        )
        for d, p, drawn in zip(covered, posts, samples, strict=True)
    )
    total_answers = sum(v[2] for v in scores.values())

    w = np.array([d.weight for d in domains])[:, None]
    mean = (w * samples).sum(axis=0)
    # A real exam asks only `length` questions: add that sampling noise (normal approx.).
    variance = (w * samples * (1 - samples)).sum(axis=0) / length
    fractions = np.sort(np.clip(rng.normal(mean, np.sqrt(variance)), 0.0, 1.0)).tolist()
    expected = sum(d.weight * d.mastery for d in domains)
    low, high = quantile(fractions, tail), quantile(fractions, 1 - tail)

    mark = blueprint.passing_score
    # Where the vendor has no scale, "pass" means reaching the practice cut (as in scoring).
    # Fractions are sorted and the scaled score grows with them: find the first passing draw.
    if mark is not None and scaled_score(0.0, blueprint, cut) is not None:
        first_pass = bisect.bisect_left(
            fractions, True, key=lambda f: (scaled_score(f, blueprint, cut) or 0) >= mark
        )
    else:
        first_pass = bisect.bisect_left(fractions, cut)
    known = not needed and share >= 1 - 1e-9
    return Readiness(
        exam_id,
        at,
        level,
        domains,
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
        (len(fractions) - first_pass) / draws if known else None,
        length,
        share,
        needed,
    )


def _lookup(
    bank: Bank, blueprint: Blueprint, tags: Mapping[str, tuple[Tag, ...]] | None
) -> Callable[[str], tuple[Tag, ...]]:
    """A question id -> its tags in the exam (empty when it has none or left the bank)."""
    if tags is not None:
        return lambda q: tags.get(q, ())
    index = tag_index(blueprint)
    found: dict[str, tuple[Tag, ...]] = {}

    def tagged(q: str) -> tuple[Tag, ...]:
        if q not in found:
            question = bank.questions.get(q)
            found[q] = () if question is None else tags_of(question.objectives, blueprint, index)
        return found[q]

    return tagged


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
    # The exam's counts per domain are the same for every forecast of this bank: kept with it
    # (and in the bank cache, see assembly.index_bank), so that a forecast reads only the
    # answered questions' tags (a scan of 50,000 questions took 0.5 s of CPU per forecast).
    return forecast(
        bank,
        exam_id,
        (),
        at=at,
        recall=recall(engine, profile_id=profile_id, at=at),
        seed=seed,
        scores=scores_at(engine, profile_id=profile_id, at=at),
        counts=exam_domain_counts(bank, exam_id),
    )
