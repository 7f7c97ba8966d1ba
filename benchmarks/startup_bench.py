"""Time until the learner sees something: quizzer against a bare Textual app showing one label.

Each app runs in a fresh process on a pseudo-terminal (100x30), launched the same way; the parent
reads what the app writes and notes when a given text first appears on the screen (escape
sequences removed), then quits the app with ctrl+q. Measured, interleaved, median of N runs:

- the bare app's label ("hello"), and a bare app with quizzer's kind of first screen (header,
  an 8-row data table, footer): what Textual itself costs for such a screen;
- quizzer's placeholder frame ("Loading your progress…");
- quizzer's dashboard content: the first exam row with its bank coverage ("109 q, ..."), with
  the shipped bank and with generated banks of 20,000 and 50,000 questions (``QUIZZER_BANK``),
  each from a warm bank cache (a first start fills it);
- opening the mock setup and practice screens from the dashboard (key press to their content),
  against the bare app's start.

    python benchmarks/startup_bench.py [--runs 5] [--sizes 20000 50000]
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

ROWS, COLS = 30, 100
BARE = """
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("hello")

Bare().run()
"""
BARE_TABLE = """
from textual.app import App
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

class BareTable(App):
    def compose(self):
        yield Header()
        yield Static("Dashboard")
        with Vertical():
            table = DataTable(cursor_type="row", zebra_stripes=True)
            for label, width in (("Exam", 14), ("Status", 20), ("Bank", 18), ("Last", 7)):
                table.add_column(label, width=width)
            for i in range(8):
                table.add_row(f"EXAM-{i}", "active", f"{100 + i} q, 4/4 domains", "…")
            yield table
        yield Footer()

BareTable().run()
"""
"""The same kind of first screen in plain Textual: what Textual itself costs for it."""
QUIZZER = "from quizzer.cli import main; raise SystemExit(main([]))"
_ESCAPES = re.compile(
    rb"\x1b(?:\[[0-9;?<>=$ ]*[@-~]"
    rb"|\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\|[()][0-9A-Za-z]|[=>78DEHMc])"
)


def screen_text(raw: bytes) -> str:
    return _ESCAPES.sub(b"", raw).decode("utf-8", "replace")


def _drain(master: int, timeout: float) -> bytes:
    ready, _, _ = select.select([master], [], [], timeout)
    if not ready:
        return b""
    try:
        return os.read(master, 1 << 16)
    except OSError:  # the child closed the terminal
        return b"\0"


def timed_texts(
    code: str,
    env: dict[str, str],
    texts: list[str],
    keys: dict[str, bytes] | None = None,
    timeout: float = 120,
) -> dict[str, float]:
    """Seconds from launch until each of ``texts`` first shows (in order); after a text in
    ``keys`` shows, those keys are typed and the clock for the next text restarts."""
    keys = keys or {}
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    os.close(slave)
    found: dict[str, float] = {}
    raw, pending = b"", list(texts)
    try:
        while pending and time.perf_counter() - start < timeout:
            chunk = _drain(master, 0.5)
            if chunk == b"\0":
                break
            raw += chunk
            if pending[0] in screen_text(raw):
                text = pending.pop(0)
                found[text] = time.perf_counter() - start
                if text in keys:
                    time.sleep(0.3)  # let the app settle, as a learner would
                    raw = b""
                    start = time.perf_counter()
                    os.write(master, keys[text])
        os.write(master, b"\x11")  # ctrl+q
        end = time.perf_counter() + 10
        while child.poll() is None and time.perf_counter() < end:
            if _drain(master, 0.1) == b"\0":
                break
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        os.close(master)
    missing = [t for t in texts if t not in found]
    if missing:
        raise RuntimeError(
            f"never showed {missing!r}; last screen text:\n{screen_text(raw)[-1500:]}"
        )
    return found


def first_row_text(bank: Path | None) -> str:
    """The start of the first exam row's bank cell, read from the warm cache's summary."""
    from quizzer.bank.cache import read_summary
    from quizzer.paths import shipped_bank

    summary = read_summary(bank or shipped_bank())
    if summary is None:
        raise RuntimeError("the bank cache is not warm")
    return f"{summary.exams[0].tagged} q,"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[20_000, 50_000], help="generated bank sizes"
    )
    args = parser.parse_args()
    from gen_bank import generated

    # Installed, quizzer's modules have bytecode, as Textual's do: compile them here, or with
    # PYTHONDONTWRITEBYTECODE set every quizzer start would compile its modules from source.
    compileall.compile_dir(ROOT / "quizzer", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        env = {k: v for k, v in os.environ.items() if k not in ("QUIZZER_DB", "QUIZZER_BANK")}
        env |= {
            "QUIZZER_HOME": str(home),
            "TERM": "xterm-256color",
            "COLUMNS": str(COLS),
            "LINES": str(ROWS),
        }
        os.environ["QUIZZER_HOME"] = str(home)  # first_row_text reads the same cache
        banks: dict[str, Path | None] = {"561 (shipped)": None}
        for size in args.sizes:
            banks[f"{size:,} generated"] = generated(size)
        rows = {}
        for label, bank in banks.items():
            bank_env = env | ({"QUIZZER_BANK": str(bank)} if bank else {})
            timed_texts(
                QUIZZER, bank_env, ["Due reviews"], timeout=900
            )  # fills the cache and the database
            rows[label] = (bank_env, first_row_text(bank))
            print(f"warm: {label}", file=sys.stderr, flush=True)
        timed_texts(BARE, env, ["hello"])
        samples: dict[str, list[float]] = {}

        def add(name: str, value: float) -> None:
            samples.setdefault(name, []).append(value)

        shipped_env, shipped_row = rows["561 (shipped)"]
        labels = list(rows)
        load_before = os.getloadavg()[0]
        for _ in range(args.runs):  # interleaved: a change in the machine's load hits all alike
            add("bare app: label", timed_texts(BARE, env, ["hello"])["hello"])
            add(
                "bare app: header, 8-row table, footer",
                timed_texts(BARE_TABLE, env, ["107 q,"])["107 q,"],
            )
            marks = timed_texts(QUIZZER, shipped_env, ["Loading your progress", shipped_row])
            add("quizzer: placeholder frame", marks["Loading your progress"])
            add("quizzer: first exam row, 561 questions", marks[shipped_row])
            for label, (bank_env, row) in rows.items():
                if not label.startswith("561"):
                    add(
                        f"quizzer: first exam row, {label}",
                        timed_texts(QUIZZER, bank_env, [row])[row],
                    )
            for label in (labels[0], labels[-1]):
                for key, screen, text in (
                    (b"m", "mock setup", "weights used"),
                    (b"p", "practice lists", "Mixed: every"),
                ):
                    marks = timed_texts(
                        QUIZZER,
                        rows[label][0],
                        ["Due reviews", text],
                        keys={"Due reviews": key},
                        timeout=600,
                    )
                    add(f"open {screen} from the dashboard, {label}", marks[text])
        bare = statistics.median(samples["bare app: label"])
        print(
            f"runs: {args.runs} each, interleaved, fresh processes on a {COLS}x{ROWS} "
            f"pseudo-terminal, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
            f"nice {os.nice(0)}; load average {load_before:.1f} before the timed runs, "
            f"{os.getloadavg()[0]:.1f} after"
        )
        print("| measure | median ms | ratio to the bare app |\n|---|---|---|")
        for name, values in samples.items():
            median = statistics.median(values)
            print(f"| {name} | {1000 * median:.0f} | {median / bare:.2f} |")
        first = statistics.median(samples["quizzer: first exam row, 561 questions"])
        for label in rows:
            if not label.startswith("561"):
                big = statistics.median(samples[f"quizzer: first exam row, {label}"])
                print(f"first exam row at {label} / at 561: {big / first:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
