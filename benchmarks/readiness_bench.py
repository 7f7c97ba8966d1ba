"""Readiness forecast against synthetic learners, at the scale the suite cannot afford.

Prints, per number of answers: Brier score of P(pass), expected calibration error, coverage of
the 80% interval, and the share of learners for whom the app would show P(pass); then the spread
of ECE and coverage at 50 answers over several seeds. Figures go to docs/readiness.md.
"""

from __future__ import annotations

import sys
import time

from quizzer.bank.loader import load_bank
from quizzer.learning.simulation import brier, coverage, expected_calibration_error, simulate

CHECKPOINTS = [0, 20, 50, 100, 200]


def main(exam: str = "AIF-C01", learners: int = 1000) -> int:
    bank = load_bank(None)
    started = time.perf_counter()
    outcomes = simulate(bank, exam, learners=learners, checkpoints=CHECKPOINTS, seed=0, draws=1000)
    print(f"{exam}: {learners} synthetic learners, {time.perf_counter() - started:.0f} s")
    print(f"{'answers':>8} {'Brier':>7} {'ECE':>6} {'80% cover':>10} {'P(pass) shown':>14}")
    for n in CHECKPOINTS:
        at = [o for o in outcomes if o.answers == n]
        shown = sum(o.shown for o in at) / len(at)
        print(
            f"{n:>8} {brier(at):>7.3f} {expected_calibration_error(at):>6.3f}"
            f" {coverage(at):>10.3f} {shown:>14.2f}"
        )
    print("\nspread over seeds at 50 answers (300 learners each):")
    for seed in range(1, 6):
        at = simulate(bank, exam, learners=300, checkpoints=[50], seed=seed, draws=1000)
        print(f"  seed {seed}: ECE {expected_calibration_error(at):.3f}, cover {coverage(at):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
