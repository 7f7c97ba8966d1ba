"""Grading of every question type, scaled scores on the vendor's scale, per-domain results.

Each type's own rule lives in its module under :mod:`quizzer.qtypes`.

Pure functions, no I/O. Responses always refer to the question's *original* order (option,
item and choice indices as written in the YAML); shuffling is undone before grading.

Response shapes by type:
    single      int                 index of the chosen option
    multiple    list[int]           indices of the chosen options
    true_false  bool
    yes_no      list[bool | None]   one answer per statement (None = unanswered)
    ordering    list[int]           item indices in the order the learner put them
    matching    list[int | None]    for each prompt, the index into ``question.choices()``
    numeric     float
    short_answer str                the typed text
    recall      int                 the learner's rating: 1 Again, 2 Hard, 3 Good, 4 Easy
A response of ``None`` means unanswered and scores 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from quizzer import qtypes
from quizzer.bank.blueprint import Blueprint
from quizzer.bank.schema import Question

#: Share of raw marks that is taken to meet the pass mark when a vendor does not publish its cut.
DEFAULT_CUT = 0.70


@dataclass(frozen=True)
class Grade:
    """Score in [0, 1] for one response; ``correct`` only for full marks."""

    score: float

    @property
    def correct(self) -> bool:
        return self.score >= 1.0 - 1e-9


def grade(question: Question, response: Any) -> Grade:
    """Grade one response; malformed responses score 0 rather than raising."""
    if response is None:
        return Grade(0.0)
    try:
        return Grade(_grade(question, response))
    except (TypeError, ValueError, IndexError, KeyError):
        return Grade(0.0)


def _grade(question: Question, response: Any) -> float:
    return qtypes.of(question).grade(question, response)


def scaled_score(fraction: float, blueprint: Blueprint, cut: float = DEFAULT_CUT) -> int | None:
    """Map a raw fraction of marks onto the vendor's scale, or None where the vendor has none.

    Vendors do not publish how raw marks become scaled scores (they equate forms of differing
    difficulty). quizzer uses a documented approximation: two straight lines that meet at the
    pass mark, with ``cut`` (70% of raw marks by default) mapped exactly onto it:
    0 -> scale_min, cut -> passing_score, 1 -> scale_max.
    """
    if (
        blueprint.passing_score is None
        or blueprint.scale_min is None
        or blueprint.scale_max is None
    ):
        return None
    fraction = min(1.0, max(0.0, fraction))
    low, passing, high = blueprint.scale_min, blueprint.passing_score, blueprint.scale_max
    if fraction <= cut:
        value = low + (passing - low) * fraction / cut
    else:
        value = passing + (high - passing) * (fraction - cut) / (1 - cut)
    return int(round(value))


@dataclass(frozen=True)
class DomainResult:
    domain_id: str
    name: str
    weight: str | None
    earned: float
    possible: int

    @property
    def fraction(self) -> float:
        return self.earned / self.possible if self.possible else 0.0


@dataclass(frozen=True)
class ExamResult:
    """A scored mock: raw marks, the scaled score and pass/fail where the vendor has a scale."""

    exam_id: str
    earned: float
    possible: int
    scaled: int | None
    passing_score: int | None
    scale_min: int | None
    scale_max: int | None
    passed: bool
    domains: tuple[DomainResult, ...]

    @property
    def fraction(self) -> float:
        return self.earned / self.possible if self.possible else 0.0


@dataclass(frozen=True)
class ScoredItem:
    """One mock item for scoring: its question, the domain it was drawn for, the response."""

    question: Question
    domain_id: str
    response: Any


def score_exam(
    blueprint: Blueprint, items: Iterable[ScoredItem], cut: float = DEFAULT_CUT
) -> ExamResult:
    """Score a whole mock: total, scaled score, pass/fail and a result per blueprint domain."""
    earned: dict[str, float] = {}
    possible: dict[str, int] = {}
    for item in items:
        earned[item.domain_id] = (
            earned.get(item.domain_id, 0.0) + grade(item.question, item.response).score
        )
        possible[item.domain_id] = possible.get(item.domain_id, 0) + 1
    domains = tuple(
        DomainResult(d.id, d.name, d.weight, earned.get(d.id, 0.0), possible.get(d.id, 0))
        for d in blueprint.domains
        if d.id in possible
    )
    total_earned = sum(earned.values())
    total_possible = sum(possible.values())
    fraction = total_earned / total_possible if total_possible else 0.0
    scaled = scaled_score(fraction, blueprint, cut)
    if scaled is not None and blueprint.passing_score is not None:
        passed = scaled >= blueprint.passing_score
    else:  # scaled is None exactly when the vendor publishes no scale
        passed = fraction >= cut
    return ExamResult(
        blueprint.id,
        total_earned,
        total_possible,
        scaled,
        blueprint.passing_score,
        blueprint.scale_min,
        blueprint.scale_max,
        passed,
        domains,
    )


def unanswered(responses: Sequence[Any]) -> list[int]:
    """Positions that have no response yet."""
    return [i for i, r in enumerate(responses) if r is None]
