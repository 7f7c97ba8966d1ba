"""Runs a lab from a thread worker: builds its Reporter and collects progress into live series.

Nothing here imports JAX; the lab module (and JAX with it) is imported by ``registry.load``
inside the worker thread, never on the path that starts the app.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from labs.framework import LabResult, Progress, Reporter


class SeriesRecorder:
    """Keeps every progress metric as a (step, value) series; thread-safe snapshots for the UI."""

    def __init__(self) -> None:
        self._series: dict[str, list[tuple[int, float]]] = {}
        self._lock = threading.Lock()

    def add(self, progress: Progress) -> None:
        with self._lock:
            for name, value in progress.metrics.items():
                self._series.setdefault(name, []).append((progress.step, float(value)))

    def snapshot(self) -> dict[str, list[tuple[int, float]]]:
        with self._lock:
            return {name: list(points) for name, points in self._series.items()}


def run_lab(
    registry: Any,
    lab_id: str,
    *,
    seed: int,
    on_progress: Callable[[Progress], None],
    is_cancelled: Callable[[], bool],
) -> LabResult:
    """Import and run one lab; raises ``LabCancelled`` soon after ``is_cancelled`` turns True."""
    reporter = Reporter(on_progress, is_cancelled)
    reporter.check()
    module = registry.load(lab_id)
    reporter.check()
    return module.run(seed=seed, reporter=reporter)
