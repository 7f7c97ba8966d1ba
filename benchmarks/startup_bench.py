"""Time to the first screen: quizzer against a bare Textual app showing one label.

Both apps run headless in fresh processes and are measured the same way: the parent notes the
wall clock just before starting the process; the app, once its first screen has been painted
(``call_after_refresh`` from ``on_mount``), prints the wall clock and exits. quizzer also reports
when its context (bank, lab links, migrated database, profile) is ready, which happens in a
worker after the first paint. Prints medians of N runs and the ratio.

    python benchmarks/startup_bench.py [--runs 9]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import json, sys, time
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("hello")

    def on_mount(self):
        self.call_after_refresh(self.painted)

    def painted(self):
        print(json.dumps({"paint": time.time(), "jax": "jax" in sys.modules}), flush=True)
        self.exit()

Bare().run(headless=True, size=(80, 24))
"""

QUIZZER = """
import json, sys, time
from quizzer.app import QuizzerApp

class Timed(QuizzerApp):
    marks = {}

    def on_mount(self):
        self.call_after_refresh(self.painted)  # before the app's own after-paint start-up work
        super().on_mount()
        self.context_ready.subscribe(self, lambda _ctx: self.ready())

    def painted(self):
        self.marks["paint"] = time.time()
        self.marks["jax_at_paint"] = "jax" in sys.modules
        self.set_timer(10, self.exit)  # give up waiting for the context after 10 s

    def ready(self):
        self.marks["ready"] = time.time()
        self.marks["jax_at_ready"] = "jax" in sys.modules
        self.exit()

app = Timed()
app.run(headless=True, size=(80, 24))
print(json.dumps(app.marks), flush=True)
"""


def run_once(code: str, home: Path) -> dict:
    env = {**os.environ, "QUIZZER_HOME": str(home)}
    env.pop("QUIZZER_DB", None)
    start = time.time()
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    marks = json.loads(done.stdout.strip().splitlines()[-1])
    result = {"paint": marks["paint"] - start}
    if "ready" in marks:
        result["ready"] = marks["ready"] - start
    result["jax"] = bool(marks.get("jax") or marks.get("jax_at_paint") or marks.get("jax_at_ready"))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        run_once(QUIZZER, Path(home))  # first start: creates the database; also warms the OS file cache
        run_once(BARE, Path(home))
        bare, quizzer = [], []
        for _ in range(args.runs):  # interleaved, so that a change in machine load hits both alike
            bare.append(run_once(BARE, Path(home)))
            quizzer.append(run_once(QUIZZER, Path(home)))
    bare_paint = statistics.median(r["paint"] for r in bare)
    quizzer_paint = statistics.median(r["paint"] for r in quizzer)
    ready = [r["ready"] for r in quizzer if "ready" in r]
    print(f"runs: {args.runs} each, interleaved, fresh processes, headless 80x24, Python {sys.version.split()[0]}")
    print(f"bare Textual app, first screen : {1000 * bare_paint:7.0f} ms (median)")
    print(f"quizzer, first screen          : {1000 * quizzer_paint:7.0f} ms (median)")
    print(f"ratio quizzer / bare           : {quizzer_paint / bare_paint:7.2f}")
    if ready:
        print(f"quizzer, bank + database ready : {1000 * statistics.median(ready):7.0f} ms (median, in a worker after the first screen)")
    else:
        print("quizzer, bank + database ready : not reached (bank error?)")
    print(f"JAX imported by quizzer before ready: {any(r['jax'] for r in quizzer)}")


if __name__ == "__main__":
    main()
