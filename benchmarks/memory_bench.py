"""App memory without labs: resident set size once the dashboard has loaded the bank and database.

Budget: at most 120 MB RSS. Runs the real app headless on a fresh data directory and reads
VmRSS from /proc (Linux).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


async def measure() -> tuple[float, float, bool]:
    from quizzer.app import QuizzerApp

    app = QuizzerApp(profile="bench")
    async with app.run_test(size=(120, 40)) as pilot:
        before = rss_mb()
        for _ in range(200):  # wait for the context worker (bank, migrations, profile)
            await pilot.pause(0.05)
            if getattr(app, "ctx", None) is not None:
                break
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        return before, rss_mb(), "jax" in sys.modules


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["QUIZZER_HOME"] = home
        first, loaded, jax_loaded = asyncio.run(measure())
    print(f"app RSS at first screen {first:.0f} MB; with bank and database loaded {loaded:.0f} MB (budget 120 MB); JAX imported: {jax_loaded}")


if __name__ == "__main__":
    main()
