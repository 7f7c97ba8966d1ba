"""Item statistics over mock attempts, with Moodle's quiz-statistics definitions.

Pure functions on an attempt matrix: each :class:`Attempt` is a submitted mock, a row of
(question id, score in [0, 1]) by position. Mocks draw questions at random, so a question
appears in only some rows; like Moodle's statistics for random questions, each item is
analysed over the ``s`` attempts that contain it, with sample (``s - 1``) variances:

- facility index: mean score (every item is worth one mark);
- discrimination index: correlation between the item score ``x`` and the rest of the test
  ``y``: ``cov(x, y) / sqrt(var(x) var(y))``. Mocks differ in length (and exam), so ``y`` is the
  rest-of-test *fraction* ``(total - x) / (length - 1)``: a raw rest-of-test total would mix a
  learner's ability with the length of the mock they happened to take;
- discriminative efficiency: ``cov(x, y) / cov_max``, where ``cov_max`` pairs the sorted
  ``x`` with the sorted ``y`` (the largest covariance those two score lists allow);
- random guess score: the mean score of a random response (:mod:`quizzer.learning.guessing`);
- intended weight: the share of a mock's marks the item carries (one mark of ``length``),
  averaged over the attempts that contain it;
- effective weight: how much of the spread of total scores the item accounts for,
  ``sqrt(cov(x, T)) / sum over items of sqrt(cov(x_j, T))`` with ``T`` the total fraction; no
  value when the covariance is not positive (Moodle shows none then either);
- coefficient of internal consistency (Cronbach's alpha; KR-20 for right/wrong items):
  ``k / (k - 1) * (1 - sum of item variances / variance of totals)``.

Moodle displays these indices as percentages; here they are fractions (0.25 = 25%).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from quizzer.bank.loader import Bank
    from quizzer.store.records import MockAttempt

#: Fewer attempts than this and an item is reported as "insufficient data", not judged.
MIN_ATTEMPTS = 10
#: Discrimination below this (or negative) makes an item dubious.
LOW_DISCRIMINATION = 0.2


@dataclass(frozen=True)
class Attempt:
    """One submitted mock: (question id, score) in position order."""

    attempt_id: int
    items: tuple[tuple[str, float], ...]

    @property
    def total(self) -> float:
        return sum(score for _, score in self.items)


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    attempts: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None
    flags: tuple[str, ...]
    random_guess: float | None = None
    intended_weight: float | None = None
    effective_weight: float | None = None

    @property
    def dubious(self) -> bool:
        return any(f in ("negative discrimination", "low discrimination") for f in self.flags)


@dataclass(frozen=True)
class QuizStats:
    """Statistics of the whole mock, over the attempts that have the most common length."""

    attempts: int
    items: int
    """Columns used for the internal consistency (questions, or positions; see ``by``)."""
    by: str
    """'question' when every attempt asked the same questions, else 'position' (as Moodle does)."""
    mean: float | None
    sd: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Sample covariance (denominator n - 1); needs at least two values."""
    mx, my = _mean(xs), _mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


def discrimination_index(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Correlation of item scores with rest-of-test scores; None when either does not vary."""
    if len(xs) < 2:
        return None
    product = _covariance(xs, xs) * _covariance(ys, ys)
    if product <= 0:
        return None
    return _covariance(xs, ys) / math.sqrt(product)


def discriminative_efficiency(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """cov(x, y) over the covariance of sorted x with sorted y; None when that maximum is 0."""
    if len(xs) < 2:
        return None
    maximum = _covariance(sorted(xs), sorted(ys))
    if maximum == 0:
        return None
    return _covariance(xs, ys) / maximum


def cronbach_alpha(matrix: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a complete matrix (rows = attempts, columns = items)."""
    if len(matrix) < 2 or not matrix[0] or len(matrix[0]) < 2:
        return None
    k = len(matrix[0])
    if any(len(row) != k for row in matrix):
        raise ValueError("every row needs the same number of items")
    columns = list(zip(*matrix, strict=True))
    item_variance = sum(_covariance(c, c) for c in columns)
    totals = [sum(row) for row in matrix]
    total_variance = _covariance(totals, totals)
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - item_variance / total_variance)


def _flags(
    attempts: int, discrimination: float | None, min_attempts: int, low: float
) -> tuple[str, ...]:
    if attempts < min_attempts:
        return ("insufficient data",)
    if discrimination is None:
        return ("no variance",)
    if discrimination < 0:
        return ("negative discrimination",)
    if discrimination < low:
        return ("low discrimination",)
    return ()


def item_statistics(
    attempts: Iterable[Attempt],
    *,
    min_attempts: int = MIN_ATTEMPTS,
    low_discrimination: float = LOW_DISCRIMINATION,
    guess: Mapping[str, float] | None = None,
) -> list[ItemStats]:
    """Per-question statistics over the attempts that contain each question, by question id.

    ``guess`` (question id -> random guess score) fills in that column where it is known.
    """
    scores: dict[str, list[float]] = {}
    rest: dict[str, list[float]] = {}
    totals: dict[str, list[float]] = {}
    shares: dict[str, list[float]] = {}
    for attempt in attempts:
        length = len(attempt.items)
        total = attempt.total
        for question_id, score in attempt.items:
            scores.setdefault(question_id, []).append(score)
            rest.setdefault(question_id, []).append(
                (total - score) / (length - 1) if length > 1 else 0.0
            )
            totals.setdefault(question_id, []).append(total / length)
            shares.setdefault(question_id, []).append(1 / length)
    spread = {q: _covariance(scores[q], totals[q]) if len(scores[q]) > 1 else 0.0 for q in scores}
    spread_sum = sum(math.sqrt(c) for c in spread.values() if c > 0)
    result = []
    for question_id in sorted(scores):
        xs, ys = scores[question_id], rest[question_id]
        n = len(xs)
        sd = math.sqrt(_covariance(xs, xs)) if n > 1 else None
        discrimination = discrimination_index(xs, ys)
        covariance = spread[question_id]
        result.append(
            ItemStats(
                question_id,
                n,
                _mean(xs),
                sd,
                discrimination,
                discriminative_efficiency(xs, ys),
                _flags(n, discrimination, min_attempts, low_discrimination),
                (guess or {}).get(question_id),
                _mean(shares[question_id]),
                math.sqrt(covariance) / spread_sum if covariance > 0 and spread_sum else None,
            )
        )
    return result


def quiz_statistics(attempts: Iterable[Attempt]) -> QuizStats:
    """Mean, SD and internal consistency of total scores (over the most common test length)."""
    rows = [a for a in attempts if a.items]
    if not rows:
        return QuizStats(0, 0, "question", None, None, None, None, None)
    length = Counter(len(a.items) for a in rows).most_common(1)[0][0]
    rows = [a for a in rows if len(a.items) == length]
    same_questions = len({frozenset(q for q, _ in a.items) for a in rows}) == 1
    if same_questions:
        order = sorted(q for q, _ in rows[0].items)
        matrix = [[dict(a.items)[q] for q in order] for a in rows]
    else:
        matrix = [[s for _, s in a.items] for a in rows]
    totals = [sum(r) for r in matrix]
    mean = _mean(totals)
    sd = math.sqrt(_covariance(totals, totals)) if len(totals) > 1 else None
    alpha = cronbach_alpha(matrix)
    error_ratio = math.sqrt(max(0.0, 1 - alpha)) if alpha is not None else None
    standard_error = error_ratio * sd if error_ratio is not None and sd is not None else None
    return QuizStats(
        len(rows),
        length,
        "question" if same_questions else "position",
        mean,
        sd,
        alpha,
        error_ratio,
        standard_error,
    )


def load_attempts(
    engine: Engine, *, exam_id: str | None = None, profile_id: int | None = None
) -> list[Attempt]:
    """The attempt matrix from the store: every submitted mock (of one exam / profile if given)."""
    from quizzer.store.reports import mock_attempts

    return [_attempt(m) for m in mock_attempts(engine, exam_id=exam_id, profile_id=profile_id)]


def _attempt(mock: MockAttempt) -> Attempt:
    return Attempt(mock.session_id, tuple((i.question_id, i.score) for i in mock.items))


@dataclass(frozen=True)
class ItemReport:
    """Item and mock statistics over submitted mocks: what ``quizzer stats items`` and the
    item-statistics screen show."""

    attempts: int
    min_attempts: int
    low_discrimination: float
    items: tuple[ItemStats, ...]
    quiz: QuizStats
    versions: Mapping[str, int]
    """Question id -> how many versions (content hashes) of it the mocks asked."""


def item_report(
    engine: Engine,
    *,
    exam_id: str | None = None,
    profile_id: int | None = None,
    min_attempts: int = MIN_ATTEMPTS,
    low_discrimination: float = LOW_DISCRIMINATION,
    bank: Bank | None = None,
) -> ItemReport:
    """Statistics over the submitted mocks (of one exam / profile if given).

    With ``bank``, each question it still has gets its random guess score.
    """
    from quizzer.store.reports import mock_attempts

    mocks = mock_attempts(engine, exam_id=exam_id, profile_id=profile_id)
    attempts = [_attempt(m) for m in mocks]
    versions: dict[str, set[str]] = {}
    for mock in mocks:
        for item in mock.items:
            versions.setdefault(item.question_id, set()).add(item.content_hash)
    guess = None
    if bank is not None:
        from quizzer.learning.guessing import random_guess_score

        guess = {q: random_guess_score(bank.questions[q]) for q in versions if q in bank.questions}
    return ItemReport(
        len(attempts),
        min_attempts,
        low_discrimination,
        tuple(
            item_statistics(
                attempts,
                min_attempts=min_attempts,
                low_discrimination=low_discrimination,
                guess=guess,
            )
        ),
        quiz_statistics(attempts),
        {q: len(v) for q, v in versions.items()},
    )
