"""What every lab shares: progress reports, cancellation, and the result a lab returns.

This module must never import JAX: the app imports it on paths that have to start fast.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


class LabCancelled(Exception):
    """Raised inside a lab when its reporter says the run was cancelled."""


@dataclass(frozen=True)
class Progress:
    """One progress report: how far the lab is and the latest metrics (name -> value)."""

    step: int
    total: int
    metrics: dict[str, float]


@dataclass
class Curve:
    """A measured series, e.g. the training loss of one configuration, indexed by step."""

    name: str
    steps: list[int]
    values: list[float]


@dataclass
class Evidence:
    """One row of the evidence table: a named measurement and its unit."""

    label: str
    value: float
    unit: str = ""

    def formatted(self) -> str:
        if math.isnan(self.value):
            return "diverged (NaN)"
        if math.isinf(self.value):
            return "diverged (inf)"
        magnitude = abs(self.value)
        text = f"{self.value:.3g}" if magnitude and (magnitude < 1e-3 or magnitude >= 1e4) else f"{self.value:.4f}".rstrip("0").rstrip(".")
        return f"{text} {self.unit}".strip()


@dataclass
class LabResult:
    """The verdict of one run: evidence, curves, and whether they support the keyed answer."""

    lab_id: str
    seed: int
    device: str
    supports: bool
    verdict: str
    evidence: list[Evidence] = field(default_factory=list)
    curves: list[Curve] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        data = asdict(self)
        for row in data["evidence"]:
            if not math.isfinite(row["value"]):
                row["value"] = str(row["value"])
        for curve in data["curves"]:
            curve["values"] = [v if math.isfinite(v) else str(v) for v in curve["values"]]
        return data


ProgressFn = Callable[[Progress], None]
CancelFn = Callable[[], bool]


class Reporter:
    """Carries progress out of a lab and cancellation into it.

    Labs call :meth:`report` between chunks of training; it raises :class:`LabCancelled`
    as soon as the caller has asked to stop, so cancelling takes effect within one chunk.
    """

    def __init__(self, on_progress: ProgressFn | None = None, is_cancelled: CancelFn | None = None):
        self._on_progress = on_progress
        self._is_cancelled = is_cancelled
        self.started = time.perf_counter()

    def check(self) -> None:
        if self._is_cancelled is not None and self._is_cancelled():
            raise LabCancelled

    def report(self, step: int, total: int, **metrics: float) -> None:
        self.check()
        if self._on_progress is not None:
            self._on_progress(Progress(step, total, {k: float(v) for k, v in metrics.items()}))

    def elapsed(self) -> float:
        return time.perf_counter() - self.started
