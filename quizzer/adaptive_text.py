"""The adaptive check's result in words, for the app's screen and the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizzer.scoring import scaled_score

if TYPE_CHECKING:
    from quizzer.bank.blueprint import Blueprint
    from quizzer.learning.adaptive import CheckResult


def result_text(result: CheckResult, blueprint: Blueprint) -> str:
    """'Adaptive check: 30 questions, ability +0.42 ± 0.31; expected 780 on 100–1000 (80%
    interval ...); P(pass) 64%.'"""
    if not result.questions:
        return "No questions answered: no estimate."
    low, mid, high = (
        scaled_score(f, blueprint)
        for f in (result.fraction_low, result.fraction, result.fraction_high)
    )
    if mid is not None:
        score = (
            f"expected {mid} on {blueprint.scale_min}–{blueprint.scale_max} "
            f"(80% interval {low}–{high}; pass mark {blueprint.passing_score})"
        )
    else:
        low_pct, high_pct = round(100 * result.fraction_low), round(100 * result.fraction_high)
        score = (
            f"expected {round(100 * result.fraction)}% of marks "
            f"(80% interval {low_pct}–{high_pct}%; target 70%)"
        )
    basis = (
        " Item parameters are priors from authored difficulty, not yet calibrated on learners."
        if result.priors_only
        else ""
    )
    return (
        f"Adaptive check: {result.questions} questions, ability {result.theta:+.2f} ± "
        f"{result.se:.2f}; "
        f"{score}; P(pass) {round(100 * result.pass_probability)}%.{basis}"
    )
