"""Mastery of a group of questions as a Beta posterior over recent, recall-discounted results.

Pure functions. Evidence is counted per *distinct question*, because an exam asks questions
the learner has not seen: answering one question ten times says little more about a domain
than answering it once. For each question answered before ``at``:

- ``s`` is its recency-weighted mean score (weight ``0.5 ** (age / half_life)`` per answer);
- ``x = s * R`` where ``R`` is FSRS's probability that it is still recalled at ``at`` (when the
  question has a card), so old successes fade as FSRS expects them to be forgotten;
- it adds ``n * x`` successes and ``n * (1 - x)`` failures, where ``n = min(1, sum of weights)``:
  stale evidence counts for less than one fresh question.

The prior is a weak Beta(1, 1): with no evidence, mastery is anywhere between 0 and 1.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from quizzer.bank.blueprint import Blueprint
from quizzer.bank.loader import Bank
from quizzer.exam_tags import (
    Tag,
    domain_counts,
    question_tags,
)
from quizzer.utc import as_utc


class ScoredAnswer(Protocol):
    """What mastery needs of an answer (``quizzer.store.records.AnswerRecord`` has it)."""

    @property
    def question_id(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def answered_at(self) -> dt.datetime: ...


@dataclass(frozen=True)
class MasteryConfig:
    half_life_days: float = 30.0
    prior_alpha: float = 1.0
    prior_beta: float = 1.0


DEFAULT_MASTERY = MasteryConfig()


@dataclass(frozen=True)
class Posterior:
    """Beta(alpha, beta) over the chance of a right answer, with the evidence behind it."""

    alpha: float
    beta: float
    answers: int
    questions: int
    evidence: float
    """Effective number of questions: each fresh question counts 1, stale ones less."""
    recall: float | None
    """Mean FSRS recall probability over the answered questions that have a card."""

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)


def question_scores(
    answers: Iterable[ScoredAnswer],
    *,
    at: dt.datetime,
    half_life_days: float = DEFAULT_MASTERY.half_life_days,
) -> dict[str, tuple[float, float, int]]:
    """Question id -> (recency-weighted mean score, sum of weights, answer count), up to ``at``."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for answer in answers:
        answered = as_utc(answer.answered_at)
        if answered > at:
            continue
        age_days = (at - answered).total_seconds() / 86_400
        weight = 0.5 ** (age_days / half_life_days)
        entry = sums[answer.question_id]
        entry[0] += weight * min(1.0, max(0.0, answer.score))
        entry[1] += weight
        entry[2] += 1
    return {q: (s / w if w else 0.0, w, int(n)) for q, (s, w, n) in sums.items()}


def posterior(
    scores: Mapping[str, tuple[float, float, int]],
    question_ids: Iterable[str],
    *,
    recall: Mapping[str, float] | None = None,
    config: MasteryConfig = DEFAULT_MASTERY,
    shares: Mapping[str, float] | None = None,
) -> Posterior:
    """The posterior for the questions in ``question_ids``, from :func:`question_scores` output.

    ``shares`` (question id -> share in (0, 1]) splits a question's evidence: a question tagged
    to two domains of an exam counts half in each, so that it counts once in all.
    """
    alpha, beta = config.prior_alpha, config.prior_beta
    answers = questions = 0
    evidence = 0.0
    recalls: list[float] = []
    for question_id in dict.fromkeys(question_ids):
        if question_id not in scores:
            continue
        mean, weight, count = scores[question_id]
        r = (recall or {}).get(question_id)
        if r is not None:
            recalls.append(r)
        x = mean * (r if r is not None else 1.0)
        n = min(1.0, weight) * (shares or {}).get(question_id, 1.0)
        alpha += n * x
        beta += n * (1.0 - x)
        answers += count
        questions += 1
        evidence += n
    return Posterior(
        alpha, beta, answers, questions, evidence, sum(recalls) / len(recalls) if recalls else None
    )


def _raw_weights(blueprint: Blueprint) -> dict[str, float]:
    return {
        d.id: (d.weight_value if d.weight_value is not None else 1.0) for d in blueprint.domains
    }


def _covered(blueprint: Blueprint, counts: Mapping[str, int]) -> list[str]:
    """Domains that have at least one question (as in mock assembly, whatever ``in_bank`` says)."""
    return [d.id for d in blueprint.domains if counts.get(d.id)]


def _counts(
    bank: Bank,
    blueprint: Blueprint,
    tags: Mapping[str, tuple[Tag, ...]] | None,
    counts: Mapping[str, int] | None,
) -> Mapping[str, int]:
    if counts is not None:
        return counts
    return domain_counts(question_tags(bank, blueprint) if tags is None else tags)


def covered_share(
    bank: Bank,
    blueprint: Blueprint,
    tags: Mapping[str, tuple[Tag, ...]] | None = None,
    counts: Mapping[str, int] | None = None,
) -> float:
    """The share of the exam's printed weight that the bank's covered domains make up.

    ``tags`` (from :func:`question_tags`) or ``counts`` (from :func:`domain_counts`) save
    scanning the bank again."""
    raw = _raw_weights(blueprint)
    covered = _covered(blueprint, _counts(bank, blueprint, tags, counts))
    return sum(raw[d] for d in covered) / (sum(raw.values()) or 1.0)


def covered_weights(
    bank: Bank,
    blueprint: Blueprint,
    tags: Mapping[str, tuple[Tag, ...]] | None = None,
    counts: Mapping[str, int] | None = None,
) -> dict[str, float]:
    """Domains the bank covers (in scope, with questions) -> weight share summing to 1.

    The same rule as mock assembly: the printed weight's midpoint, scaled over covered domains.
    ``tags`` or ``counts`` save scanning the bank again, as for :func:`covered_share`.
    """
    raw = _raw_weights(blueprint)
    covered = _covered(blueprint, _counts(bank, blueprint, tags, counts))
    total = sum(raw[d] for d in covered) or 1.0
    return {d: raw[d] / total for d in covered}
