"""Plain-text facts about an exam for the screens: status, pass mark, timing and bank coverage.

Pure functions over blueprints and the bank; every fact a vendor has not confirmed says so.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from quizzer.bank.blueprint import Blueprint, Domain
    from quizzer.bank.loader import Bank
    from quizzer.mock_data import MockResult
    from quizzer.store.records import MockScore

#: Practice target (percent of raw marks) where a vendor publishes no scaled score.
PRACTICE_TARGET_PCT = 70

UNCONFIRMED = "unconfirmed"


def _mark(text: str, confirmed: bool, what: str = UNCONFIRMED) -> str:
    return text if confirmed else f"{text} ({what})"


def status_text(blueprint: Blueprint, today: dt.date | None = None) -> str:
    """'active', 'retired 2026-06-30 → AI-901' or 'retires 2026-06-30 → AI-901'.

    Marked when the status is unconfirmed.
    """
    today = today or dt.date.today()
    if blueprint.retired is not None:
        verb = "retired" if blueprint.retired <= today else "retires"
        text = f"{verb} {blueprint.retired.isoformat()}"
        if blueprint.successor:
            text += f" → {blueprint.successor}"
    else:
        text = blueprint.status
    return _mark(text, blueprint.status_confirmed)


def is_retired(blueprint: Blueprint, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    return blueprint.retired is not None and blueprint.retired <= today


def has_scale(blueprint: Blueprint) -> bool:
    return (
        blueprint.passing_score is not None
        and blueprint.scale_min is not None
        and blueprint.scale_max is not None
    )


def pass_mark_text(blueprint: Blueprint, pass_mark: int | None = None) -> str:
    """'pass mark 700 of 100–1000', 'pass mark 700 (unconfirmed scale)' or the practice target.

    The practice target (70%) stands in where the vendor publishes no scale.
    """
    if not has_scale(blueprint):
        return f"no published scale: practice target {PRACTICE_TARGET_PCT}%"
    mark = pass_mark if pass_mark is not None else blueprint.passing_score
    text = f"pass mark {mark} of {blueprint.scale_min}–{blueprint.scale_max}"
    if not blueprint.scale_confirmed:
        text = f"pass mark {mark} (unconfirmed scale {blueprint.scale_min}–{blueprint.scale_max})"
    return text


def length_text(blueprint: Blueprint) -> str:
    return _mark(f"{blueprint.questions} questions", blueprint.questions_confirmed)


def minutes_text(blueprint: Blueprint) -> str:
    return _mark(f"{blueprint.minutes} min", blueprint.minutes_confirmed)


@dataclass(frozen=True)
class Coverage:
    """How much of a blueprint the bank covers."""

    tagged: int
    """Questions tagged to any objective or domain of the exam."""
    per_domain: dict[str, int]
    covered: tuple[Domain, ...]
    uncovered: tuple[Domain, ...]
    """Domains in scope of the bank but with no questions yet."""
    out_of_scope: tuple[Domain, ...]
    """Domains the blueprint marks ``in_bank: false`` that have no questions."""

    def summary(self) -> str:
        total = len(self.covered) + len(self.uncovered) + len(self.out_of_scope)
        text = f"{self.tagged} questions; {len(self.covered)}/{total} domains covered"
        missing = [d.id for d in self.uncovered + self.out_of_scope]
        if missing:
            text += f" (not: {', '.join(missing)})"
        return text


def coverage(bank: Bank, blueprint: Blueprint) -> Coverage:
    from quizzer.assembly import domain_questions

    pools = domain_questions(bank, blueprint)
    return counted_coverage(
        blueprint, len(bank.for_exam(blueprint.id)), {d: len(q) for d, q in pools.items()}
    )


def counted_coverage(blueprint: Blueprint, tagged: int, per_domain: dict[str, int]) -> Coverage:
    """Coverage from counts (questions per domain id), as the compiled bank cache keeps them.

    A domain with questions is covered, as mock assembly draws from it, whatever ``in_bank`` says.
    """
    covered = tuple(d for d in blueprint.domains if per_domain.get(d.id))
    out = tuple(d for d in blueprint.domains if not d.in_bank and not per_domain.get(d.id))
    uncovered = tuple(d for d in blueprint.domains if d.in_bank and not per_domain.get(d.id))
    return Coverage(tagged, dict(per_domain), covered, uncovered, out)


def score_text(result: MockResult | None) -> str:
    """A stored mock result in a few characters: '780 ✓', '64% ✗', or '–'."""
    if result is None:
        return "–"
    mark = "✓" if result.passed else "✗"
    if result.scaled is not None:
        return f"{result.scaled} {mark}"
    return f"{round(100 * result.fraction)}% {mark}"


def score_value(result: MockResult) -> float:
    """A comparable number for 'best': the scaled score, else the percentage."""
    if result.scaled is not None:
        return float(result.scaled)
    return 100 * result.fraction


def last_and_best(scores: Iterable[MockScore]) -> dict[str, tuple[MockResult, MockResult]]:
    """Exam id -> (last result, best result) from mock scores given oldest first."""
    out: dict[str, tuple[MockResult, MockResult]] = {}
    for score in scores:
        last, best = out.get(score.exam_id, (score.result, score.result))
        if score_value(score.result) >= score_value(best):
            best = score.result
        out[score.exam_id] = (score.result, best)
    return out


def clock_text(seconds: float) -> str:
    """'1:02:03' or '12:03' (never negative)."""
    seconds = max(0, math.ceil(seconds - 1e-6))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def marks_text(value: float) -> str:
    """Marks with at most two decimals: 4, 3.5, 0.33."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
