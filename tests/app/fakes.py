"""Test doubles for the app: a fake clock and a fake lab registry with fast and endless labs."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from dataclasses import dataclass, field

from labs.framework import Curve, Evidence, LabResult, Reporter


class FakeNow:
    """A UTC wall clock (answers, review cards, forecasts) that only moves when a test moves it."""

    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


class FakeClock:
    """A monotonic clock that only moves when a test moves it."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass(frozen=True)
class FakeLabInfo:
    id: str
    title: str
    claim: str
    questions: tuple[str, ...]
    topic: str
    module: str = "tests.app.fakes"


@dataclass
class FakeLab:
    """Reports ``steps`` chunks of loss/accuracy; ``endless`` keeps going until cancelled."""

    lab_id: str
    steps: int = 5
    endless: bool = False
    delay: float = 0.0
    runs: list[int] = field(default_factory=list)
    stopped: bool = False

    def run(self, seed: int = 0, reporter: Reporter | None = None) -> LabResult:
        self.runs.append(seed)
        reporter = reporter or Reporter()
        step = 0
        try:
            while self.endless or step < self.steps:
                step += 1
                reporter.report(
                    step, self.steps, loss=1.0 / step, accuracy=min(1.0, 0.5 + 0.1 * step)
                )
                if self.delay:
                    time.sleep(self.delay)
        finally:
            self.stopped = True
        return LabResult(
            lab_id=self.lab_id,
            seed=seed,
            device="CPU",
            supports=True,
            verdict="ReLU trained fastest in this run.",
            evidence=[Evidence("relu: final loss", 0.01), Evidence("sigmoid: final loss", 0.4)],
            curves=[
                Curve(
                    "loss/relu",
                    list(range(1, self.steps + 1)),
                    [1.0 / s for s in range(1, self.steps + 1)],
                )
            ],
            seconds=0.1,
        )


class FakeRegistry:
    """The ``quizzer.lab_registry`` API over in-memory labs."""

    def __init__(self, *, endless: bool = False):
        self.infos = {
            "test-lab": FakeLabInfo(
                "test-lab",
                "ReLU vs sigmoid",
                "ReLU networks train faster than sigmoid ones.",
                ("t-single",),
                "activations",
            )
        }
        self.lab = FakeLab("test-lab", endless=endless, delay=0.05 if endless else 0.0)
        self.loaded: list[str] = []

    def list_labs(self):
        return list(self.infos.values())

    def get(self, lab_id: str):
        return self.infos[lab_id]

    def load(self, lab_id: str):
        self.loaded.append(lab_id)
        return self.lab


def screen_text(app) -> str:
    """The current screen as plain text (what a learner would read), for assertions.

    Read back from the app's public SVG screenshot: each run of text there sits on one line
    (its clip path names the line) at a column given by its x position.
    """
    import re
    from xml.etree import ElementTree

    from rich.cells import cell_len

    svg = ElementTree.fromstring(app.export_screenshot())
    runs: dict[int, list[tuple[int, str]]] = {}
    char_width: float | None = None
    for node in svg.iter():
        line = re.search(r"-line-(\d+)\)$", node.get("clip-path", ""))
        if not node.tag.endswith("text") or line is None or not node.text:
            continue
        text = node.text.replace("\xa0", " ")
        if char_width is None:  # every run is this many pixels per cell
            char_width = float(node.get("textLength", 0)) / len(text)
        column = round(float(node.get("x", 0)) / char_width)
        runs.setdefault(int(line.group(1)), []).append((column, text))
    lines = []
    for number in range(app.size.height):
        row, width = "", 0
        for column, text in sorted(runs.get(number, [])):
            row += " " * max(0, column - width) + text
            width = max(width, column) + cell_len(text)
        lines.append(row.rstrip())
    return "\n".join(lines)


async def settle(app, pilot) -> None:
    """Wait until start-up is done: the context loaded, the first screen filled by its workers."""
    from textual.worker import WorkerFailed

    for _ in range(100):
        # WorkerFailed: the app shows a failed start-up itself (an error screen).
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
        started = app.ctx is not None or type(app.screen).__name__ in (
            "BankErrorScreen",
            "DatabaseErrorScreen",
        )
        filled = getattr(app.screen, "data", True) is not None
        if started and filled and not any(w.is_running for w in app.workers):
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not settle")


async def until(pilot, condition, *, timeout: float = 5.0) -> None:
    """Pause until ``condition()`` holds (a slow, loaded machine may need more than one pause)."""
    for _ in range(int(timeout / 0.02)):
        await pilot.pause()
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not reached")


async def start_mock(app, pilot):
    """From the dashboard: open the mock setup (exam preselected) and start with its defaults."""
    await pilot.press("m")
    await until(pilot, lambda: getattr(app.screen, "exam_id", None) is not None)
    await pilot.press("ctrl+s")
    await until(pilot, lambda: getattr(app.screen, "session", None) is not None)
    return app.screen
