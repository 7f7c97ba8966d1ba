"""App memory without labs: resident set size once the dashboard has loaded the bank and the
database, with the shipped bank and with a generated bank of 50,000 questions (warm cache).

Runs the real app headless on a fresh data directory, one process per case, and reads VmRSS
from /proc (Linux). The baseline, measured in the same run and the same way: a bare Textual app
showing one label.

    python benchmarks/memory_bench.py [--size 50000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

RSS = """
def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

"""
"""The resident set size in MB, read from /proc (Linux); both measured processes define it."""
MEASURE = (
    RSS
    + """
import asyncio, json, sys

async def measure():
    from quizzer.app import QuizzerApp

    app = QuizzerApp(profile="bench", labs=None)
    async with app.run_test(size=(120, 40)) as pilot:
        before = rss_mb()
        for _ in range(2400):  # wait for the context worker (bank, migrations, profile)
            await pilot.pause(0.05)
            if app.ctx is not None:
                break
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        print(json.dumps({"first": before, "loaded": rss_mb(), "jax": "jax" in sys.modules,
                          "questions": len(app.ctx.bank.questions) if app.ctx else 0}))

asyncio.run(measure())
"""
)
BARE = (
    RSS
    + """
import asyncio, json

from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("hello")

async def measure():
    async with Bare().run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        print(json.dumps({"first": rss_mb()}))

asyncio.run(measure())
"""
)


def run(env: dict[str, str], code: str = MEASURE) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000)
    args = parser.parse_args()
    from gen_bank import generated

    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k not in ("QUIZZER_DB", "QUIZZER_BANK")}
        env["QUIZZER_HOME"] = str(Path(tmp) / "home")
        cases = {
            "shipped bank": env,
            f"{args.size:,} generated questions": env | {"QUIZZER_BANK": str(generated(args.size))},
        }
        bare = run(env, BARE)["first"]
        print(f"bare Textual app showing one label: {bare:.0f} MB")
        print(
            "| bank | questions | RSS at the first screen MB | RSS loaded MB "
            "| loaded / bare app | JAX imported |\n|---|---|---|---|---|---|"
        )
        for name, case in cases.items():
            run(case)  # fills the bank cache
            found = run(case)
            print(
                f"| {name} | {found['questions']:,} | {found['first']:.0f} | "
                f"{found['loaded']:.0f} | {found['loaded'] / bare:.1f}x | {found['jax']} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
