"""Loading and validating 1,000 and 10,000 generated questions, against PyYAML's C loader.

Budget: at most 1.5x the time PyYAML's C loader takes just to parse the same files, and
linear in size. Prints the medians of several runs.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from gen_bank import generate  # noqa: E402

from quizzer.bank.loader import load_bank  # noqa: E402

RUNS = 5


def median_seconds(fn) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    print("bank load: quizzer (safe parse + line tracking + validation + cross-checks) vs PyYAML CSafeLoader parse only")
    print(f"{'questions':>10} {'pyyaml C (s)':>13} {'quizzer (s)':>12} {'ratio':>6} {'us/question':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for count in (1_000, 10_000):
            root = generate(Path(tmp) / f"bank{count}", count)
            files = sorted((root / "questions").glob("*.yaml"))
            baseline = median_seconds(lambda: [yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader) for f in files])
            ours = median_seconds(lambda: load_bank(root))
            print(f"{count:>10,} {baseline:>13.3f} {ours:>12.3f} {ours / baseline:>6.2f} {ours / count * 1e6:>12.0f}")


if __name__ == "__main__":
    main()
