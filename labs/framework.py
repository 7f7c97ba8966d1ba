"""What every lab shares: progress reports, cancellation, and the result a lab returns.

This module must never import JAX: the app imports it on paths that have to start fast.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import NotRequired, TypedDict


class LabMeta(TypedDict):
    """A lab's ``META``, read by ``quizzer.lab_registry`` with ``ast`` (the lab is not imported)."""

    id: str
    title: str
    claim: str
    questions: list[str]
    topic: str
    deterministic: NotRequired[bool]


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


def number(value: float) -> str:
    """A measurement as short text: 3 significant digits for tiny or huge values; NaN/inf named."""
    if math.isnan(value):
        return "diverged (NaN)"
    if math.isinf(value):
        return "diverged (inf)"
    magnitude = abs(value)
    if magnitude and (magnitude < 1e-3 or magnitude >= 1e4):
        return f"{value:.3g}"
    return f"{value:.4f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Spread:
    """How one measurement varied across the members of an ensemble (each its own seed)."""

    median: float
    low: float
    high: float
    members: int

    def text(self, unit: str = "") -> str:
        """E.g. ``91% (range 86 to 95 over 5 runs)``: the median, then the range."""
        unit_text = unit if unit in ("%", "x") else f" {unit}" if unit else ""
        median = f"{_short(self.median)}{unit_text}"
        if self.members == 1:
            return median
        if self.low == self.high:
            return f"{median} (all {self.members} runs)"
        low, high = _short(self.low), _short(self.high)
        return f"{median} (range {low} to {high} over {self.members} runs)"


def _short(value: float) -> str:
    """Three significant digits, without a trailing ``.0``; NaN/inf named as divergence."""
    if not math.isfinite(value):
        return number(value)
    return f"{value:.3g}"


def spread(values: Iterable[float]) -> Spread:
    """Median and range of per-member values; a NaN (a diverged member) sorts above every number."""
    values = [float(v) for v in values]
    if not values:
        raise ValueError("spread() needs at least one value")
    ordered = sorted(values, key=lambda v: (math.isnan(v), v))
    middle = len(ordered) // 2
    if len(ordered) % 2:
        median = ordered[middle]
    else:
        low, high = ordered[middle - 1], ordered[middle]
        median = high if math.isnan(high) or math.isinf(high) else statistics.fmean([low, high])
    return Spread(median, ordered[0], ordered[-1], len(ordered))


def trend(before: Iterable[float], after: Iterable[float], *, down: str, up: str) -> str:
    """The verb for how each member's value moved, so a sentence never says "fell" when it rose.

    ``down`` when every member's ``after`` is below its ``before``, ``up`` when every one is
    above; otherwise both, with the counts (e.g. "shrank in 3 of 5 runs and grew in 2").
    """
    pairs = list(zip(before, after, strict=True))
    fell = sum(a < b for b, a in pairs)
    rose = sum(a > b for b, a in pairs)
    if fell == len(pairs):
        return down
    if rose == len(pairs):
        return up
    same = len(pairs) - fell - rose
    text = f"{down} in {fell} of {len(pairs)} runs and {up} in {rose}"
    return f"{text} (unchanged in {same})" if same else text


@dataclass
class Evidence:
    """One row of the evidence table: a named measurement and its unit.

    For an ensemble, ``value`` is the median over members and ``spread`` holds the range.
    """

    label: str
    value: float
    unit: str = ""
    spread: Spread | None = None

    @classmethod
    def of(cls, label: str, values: Iterable[float], unit: str = "") -> Evidence:
        """A row summarising one value per ensemble member: the median, with its spread."""
        summary = spread(values)
        return cls(label, summary.median, unit, summary)

    def formatted(self) -> str:
        if self.spread is not None and self.spread.members > 1:
            if math.isnan(self.value) and self.spread.low == self.spread.high:
                return "diverged (NaN)"
            return self.spread.text(self.unit)
        text = number(self.value)
        if not math.isfinite(self.value):
            return text
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
    members: int = 1
    """How many independently seeded runs (the ensemble) the verdict was decided from."""
    effect: float | None = None
    """The headline measurement the verdict compares with its threshold (ensemble median)."""
    effect_label: str = ""
    """What ``effect`` measures, e.g. "test accuracy gap, CNN minus MLP (points)"."""
    threshold: float | None = None
    """The value ``effect`` must pass for the verdict to be SUPPORTED."""
    margin: str = ""
    """Where the threshold sits against the effect measured in the audit, in words."""

    def to_dict(self) -> dict:
        data = asdict(self)
        for row in data["evidence"]:
            fields = [(row, "value")]
            if row["spread"]:
                fields += [(row["spread"], key) for key in ("median", "low", "high")]
            for owner, key in fields:
                if not math.isfinite(owner[key]):
                    owner[key] = str(owner[key])
        for key in ("effect", "threshold"):
            if data[key] is not None and not math.isfinite(data[key]):
                data[key] = str(data[key])
        for curve in data["curves"]:
            curve["values"] = [v if math.isfinite(v) else str(v) for v in curve["values"]]
        return data


@dataclass(frozen=True)
class Verdict:
    """A lab's decision: whether the ensemble supports the keyed answer, and the one text for it."""

    supports: bool
    text: str


def decide(supports: bool, *, supported: str, not_supported: str, lab_id: str) -> Verdict:
    """Pick the text that matches the outcome; a NOT SUPPORTED text gets the audit's rate.

    Each lab writes both texts: ``not_supported`` must say what was measured and which part
    of the claim it contradicts. This adds that such a run is unusual, with the audit's figures.
    """
    if supports:
        return Verdict(True, supported)
    return Verdict(False, f"{not_supported} {unusual(lab_id)}")


AUDIT_FILE = Path(__file__).with_name("audit.json")


@cache
def audit_rates() -> dict[str, dict]:
    """Lab id -> the latest recorded audit (``supported``, ``total``, ``seeds``), if any."""
    try:
        return json.loads(AUDIT_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def unusual(lab_id: str) -> str:
    """One sentence saying how rare a run that does not support the claim is, per the audit."""
    rate = audit_rates().get(lab_id)
    if not rate:
        return "Such a run is unusual: try another seed."
    return (
        f"Such a run is unusual: in the audit, {rate['supported']} of {rate['total']} seeds "
        f"({rate['seeds']}) supported the claim (docs/labs-audit.md)."
    )


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
