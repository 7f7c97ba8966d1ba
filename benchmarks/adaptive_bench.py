"""The adaptive check against a 65-question fixed mock on simulated learners, at scale.

Prints RMSE of the ability estimate and pass/fail agreement with the truth for the fixed mock
and for the adaptive check after 20, 25, 30, 35 and 40 questions. Figures go to docs/adaptive.md.
"""

from __future__ import annotations

import sys
import time

from quizzer.bank.loader import load_bank
from quizzer.learning.adaptive_simulation import compare


def main(exam: str = "AIF-C01", learners: int = 1000) -> int:
    bank = load_bank(None)
    started = time.perf_counter()
    result = compare(bank, exam, learners=learners, lengths=(20, 25, 30, 35, 40), seed=0)
    print(f"{exam}: {learners} simulated learners, {time.perf_counter() - started:.0f} s")
    print(
        f"fixed mock, {result.mock_length} questions: RMSE {result.mock_rmse:.3f}, "
        f"pass/fail agreement {result.mock_agreement:.3f}"
    )
    for n in sorted(result.adaptive_rmse):
        print(
            f"adaptive, {n} questions: RMSE {result.adaptive_rmse[n]:.3f}, "
            f"agreement {result.adaptive_agreement[n]:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
