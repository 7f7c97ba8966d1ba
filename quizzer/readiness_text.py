"""The readiness forecast in words: the summary line and the note, for the app and the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from quizzer.figures import percent

if TYPE_CHECKING:
    from quizzer.learning.readiness import Readiness

FEW_ANSWERS = 20
"""Below this many answers the note says that the intervals narrow as the learner answers."""


def summary_line(r: Readiness) -> str:
    """'Readiness: expected 640, 80% interval 310–905 · pass mark 700 · P(pass) 38%'."""
    level = round(100 * r.level)
    chance = (
        "P(pass) unknown"
        if r.pass_probability is None
        else f"P(pass) {percent(r.pass_probability)}"
    )
    if r.scaled is not None:
        return (
            f"Readiness: expected {r.scaled}, {level}% interval {r.scaled_low}–{r.scaled_high}"
            f" · pass mark {r.passing_score} · {chance}"
        )
    return (
        f"Readiness: expected {percent(r.expected)} of marks, {level}% interval "
        f"{round(100 * r.low)}–{percent(r.high)} · target 70% · {chance}"
    )


def note_line(r: Readiness, uncovered: Sequence[str] = ()) -> str:
    """Why the intervals are wide (few answers) and which domains the forecast leaves out."""
    parts = []
    if r.reason is not None:
        parts.append(f"P(pass) unknown: {r.reason}")
    elif r.answers < FEW_ANSWERS:
        seen = (
            "No answers yet"
            if not r.answers
            else f"Only {r.answers} answer{'s' if r.answers != 1 else ''} so far"
        )
        parts.append(f"{seen}: the intervals are wide and narrow as you answer more questions")
    if r.uncovered:
        parts.append(f"Not in the forecast: {', '.join(uncovered or r.uncovered)}")
    return "\n".join(parts)
