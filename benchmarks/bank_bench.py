"""Loading a bank, cold (no cache: parse, validate, write the cache) and from a warm cache,
against PyYAML's C loader just parsing the same files: the shipped bank and generated banks of
10,000 and 50,000 questions. In-process, imports excluded; medians of several runs.

    python benchmarks/bank_bench.py [--sizes 10000 50000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))
from gen_bank import generated  # noqa: E402


def median_seconds(fn, runs: int, before=None) -> float:
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 50_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["QUIZZER_HOME"] = str(Path(tmp) / "home")  # an empty cache directory
        from quizzer.bank import cache
        from quizzer.bank.loader import load_bank
        from quizzer.paths import shipped_bank

        banks = {"561 (shipped)": shipped_bank()}
        for size in args.sizes:
            banks[f"{size:,}"] = generated(size)
        print(
            "bank load: cold = parse + line tracking + validation + cross-checks"
            " + writing the cache;"
        )
        print(
            "warm = hashing every file and reading the cache; summary = what the dashboard's "
            "first rows need"
        )
        print(
            "| questions | C-YAML parse s | cold s | cold / parse | warm s | warm / parse | "
            "summary s | warm µs/question |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for label, root in banks.items():
            files = sorted(root.rglob("*.yaml"))
            runs = 1 if "50" in label else 3
            parse = median_seconds(
                lambda files=files: [
                    yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader) for f in files
                ],
                runs,
            )
            cold = median_seconds(
                lambda root=root: load_bank(root),
                runs,
                before=lambda root=root: cache.cache_path(root).unlink(missing_ok=True),
            )
            warm = median_seconds(lambda root=root: load_bank(root), 3)
            summary = median_seconds(lambda root=root: cache.read_summary(root), 3)
            count = len(load_bank(root).questions)
            print(
                f"| {label} | {parse:.3f} | {cold:.3f} | {cold / parse:.2f} "
                f"| {warm:.3f} | {warm / parse:.3f} "
                f"| {summary:.3f} | {warm / count * 1e6:.0f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
