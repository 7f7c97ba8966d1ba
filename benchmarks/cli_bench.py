"""Start-up of two commands against ``python -c pass`` and against importing only PyYAML:
``quizzer bank check`` (validates the shipped bank) and ``quizzer lab list``. Fresh processes,
interleaved, median of N runs.

    python benchmarks/cli_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "python -c 'import yaml'": ["-c", "import yaml"],
    "quizzer bank check": ["-m", "quizzer", "bank", "check"],
    "quizzer lab list": ["-m", "quizzer", "lab", "list"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    compileall.compile_dir(ROOT / "quizzer", quiet=1)  # installed, quizzer has bytecode too
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QUIZZER_HOME": home}
        for _ in range(args.runs + 1):  # the first round warms the OS file cache and is dropped
            for name, argv in COMMANDS.items():
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, check=False
                )
                samples[name].append(time.perf_counter() - start)
    base, yaml_only = (statistics.median(samples[n][1:]) for n in list(COMMANDS)[:2])
    print(f"fresh processes, interleaved, median of {args.runs}")
    print("| command | median ms | / python -c pass | / import yaml |\n|---|---|---|---|")
    for name, values in samples.items():
        median = statistics.median(values[1:])
        print(f"| {name} | {1000 * median:.0f} | {median / base:.2f} | {median / yaml_only:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
