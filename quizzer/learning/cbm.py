"""Certainty-based marking (Moodle's scheme) and calibration of certainty against accuracy.

A learner says how sure they are: 1 (not very), 2 (fairly) or 3 (very). A right answer earns
1, 2 or 3 marks; a wrong one 0, -2 or -6. A partly right answer earns the right-answer mark
times its score, as in Moodle. Expected marks are best at certainty 1 when the chance of being
right is below 2/3, at 2 between 2/3 and 0.8, and at 3 above 0.8. A learner is calibrated at a
level when no other level would have earned the same answers more marks; for right-or-wrong
answers that is the window of their accuracy, and partly right answers are judged by their marks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from quizzer.bank.loader import Bank

RIGHT_MARKS = {1: 1.0, 2: 2.0, 3: 3.0}
WRONG_MARKS = {1: 0.0, 2: -2.0, 3: -6.0}
#: Accuracy range in which each certainty level gives the best expected mark.
OPTIMAL = {1: (0.0, 2 / 3), 2: (2 / 3, 0.8), 3: (0.8, 1.0)}
#: Below this many answers at a level, no verdict is given.
MIN_ANSWERS = 5
_TOLERANCE = 5e-8  # Moodle's question_utils::MARK_TOLERANCE


class CertainAnswer(Protocol):
    """What calibration needs of an answer (``AnswerRecord`` has it)."""

    @property
    def question_id(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def certainty(self) -> int | None: ...


def cbm_mark(score: float, certainty: int) -> float:
    """The CBM mark of one answer: ``score`` in [0, 1] and certainty 1, 2 or 3."""
    if certainty not in RIGHT_MARKS:
        raise ValueError(f"certainty must be 1, 2 or 3, not {certainty!r}")
    if score <= _TOLERANCE:
        return WRONG_MARKS[certainty]
    return RIGHT_MARKS[certainty] * min(1.0, score)


@dataclass(frozen=True)
class LevelCalibration:
    """One point of a calibration plot: accuracy at one certainty level."""

    certainty: int
    answers: int
    accuracy: float | None
    average_mark: float | None
    optimal_low: float
    optimal_high: float
    verdict: str
    """'calibrated', 'over-confident', 'under-confident', 'too few answers' or 'no answers'."""


@dataclass(frozen=True)
class Calibration:
    answers: int
    accuracy: float | None
    total_marks: float
    average_mark: float | None
    levels: tuple[LevelCalibration, ...]


def best_level(scores: Sequence[float]) -> int:
    """The certainty that would have earned these answers the most marks (ties: the lower).

    For right-or-wrong answers this is the :data:`OPTIMAL` window of their accuracy; for partly
    right ones it accounts for how CBM marks them (a half-right answer earns half the right mark,
    never the wrong-answer penalty), which accuracy alone does not.
    """
    return max(RIGHT_MARKS, key=lambda c: (round(sum(cbm_mark(s, c) for s in scores), 9), -c))


def _verdict(certainty: int, scores: Sequence[float], min_answers: int) -> str:
    if not scores:
        return "no answers"
    if len(scores) < min_answers:
        return "too few answers"
    best = best_level(scores)
    if best > certainty:
        return "under-confident"
    if best < certainty:
        return "over-confident"
    return "calibrated"


def calibration(answers: Iterable[CertainAnswer], *, min_answers: int = MIN_ANSWERS) -> Calibration:
    """Accuracy, marks and a verdict per certainty level; answers without certainty are skipped."""
    by_level: dict[int, list[float]] = {1: [], 2: [], 3: []}
    for answer in answers:
        if answer.certainty in by_level:
            by_level[answer.certainty].append(min(1.0, max(0.0, answer.score)))
    levels = []
    total = 0.0
    for certainty, scores in by_level.items():
        marks = [cbm_mark(s, certainty) for s in scores]
        total += sum(marks)
        accuracy = sum(scores) / len(scores) if scores else None
        levels.append(
            LevelCalibration(
                certainty,
                len(scores),
                accuracy,
                sum(marks) / len(marks) if marks else None,
                *OPTIMAL[certainty],
                _verdict(certainty, scores, min_answers),
            )
        )
    count = sum(len(s) for s in by_level.values())
    accuracy = sum(sum(s) for s in by_level.values()) / count if count else None
    return Calibration(count, accuracy, total, total / count if count else None, tuple(levels))


def calibration_by(
    answers: Iterable[CertainAnswer],
    key: Callable[[CertainAnswer], Iterable[Hashable]],
    *,
    min_answers: int = MIN_ANSWERS,
) -> dict[Hashable, Calibration]:
    """Calibration per group; ``key`` gives the groups an answer belongs to (none: skipped)."""
    groups: dict[Hashable, list[CertainAnswer]] = defaultdict(list)
    for answer in answers:
        for group in key(answer):
            groups[group].append(answer)
    return {g: calibration(a, min_answers=min_answers) for g, a in groups.items()}


def calibration_by_domain(
    bank: Bank, exam_id: str, answers: Iterable[CertainAnswer], *, min_answers: int = MIN_ANSWERS
) -> dict[str, Calibration]:
    """Calibration per blueprint domain of ``exam_id``, in blueprint order."""
    from quizzer.learning.mastery import question_tags

    blueprint = bank.blueprints[exam_id]
    tags = question_tags(bank, blueprint)
    grouped = calibration_by(
        answers,
        lambda a: dict.fromkeys(t.domain_id for t in tags.get(a.question_id, ())),
        min_answers=min_answers,
    )
    return {d.id: grouped[d.id] for d in blueprint.domains if d.id in grouped}
