"""Run every benchmark script in this folder and print their figures (``make bench``).

Each script is preceded by the machine it runs on and the load average at that moment: the
figures are ratios to baselines measured in the same run, but a loaded machine stretches both.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, "
        f"python {platform.python_version()}; load average {load}"
    )


def main() -> int:
    failed = 0
    for script in sorted(HERE.glob("*_bench.py")):
        print(f"\n== {script.name}\n{machine()}", flush=True)
        failed += subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode != 0
    print(f"\n{machine()}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
