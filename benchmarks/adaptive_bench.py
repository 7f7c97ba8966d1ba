"""The adaptive check against a 65-question fixed mock on simulated learners, at scale.

Prints RMSE of the ability estimate and pass/fail agreement with the truth for the fixed mock
and for the adaptive check after 20 to 40 questions: the mean over four draws of the items' true
parameters, 1,000 learners each. Figures go to docs/adaptive.md.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from quizzer.bank.loader import load_bank
from quizzer.learning.adaptive_simulation import compare

LENGTHS = (20, 25, 28, 30, 32, 35, 40)
DRAWS = 4


def main(exam: str = "AIF-C01", learners: int = 1000) -> int:
    bank = load_bank(None)
    started = time.perf_counter()
    runs = [
        compare(bank, exam, learners=learners, lengths=LENGTHS, seed=seed) for seed in range(DRAWS)
    ]
    print(f"{exam}: {DRAWS} x {learners} simulated learners, {time.perf_counter() - started:.0f} s")
    mock_rmse = np.mean([r.mock_rmse for r in runs])
    mock_agreement = np.mean([r.mock_agreement for r in runs])
    print(
        f"fixed mock, {runs[0].mock_length} questions: RMSE {mock_rmse:.3f}, "
        f"pass/fail agreement {mock_agreement:.3f}"
    )
    for n in LENGTHS:
        rmse = np.mean([r.adaptive_rmse[n] for r in runs])
        agreement = np.mean([r.adaptive_agreement[n] for r in runs])
        print(f"adaptive, {n} questions: RMSE {rmse:.3f}, agreement {agreement:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
