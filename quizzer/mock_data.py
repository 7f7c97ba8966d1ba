"""Typed data of a mock exam as it passes between layers: its terms, graded items and result.

These frozen dataclasses are what the engine, the screens and the commands exchange. They
become JSON only inside the store (``to_json`` / ``from_json``). ``from_json`` reads rows that
earlier versions wrote: a key they lacked takes the default its readers always assumed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


def _optional_int(value: Any) -> int | None:
    return int(value) if value is not None else None


def _optional_float(value: Any) -> float | None:
    return float(value) if value is not None else None


@dataclass(frozen=True)
class MockTerms:
    """What a mock was set for (length, time, pass rule) and the blueprint coverage behind it."""

    covered: tuple[str, ...] = ()
    uncovered: tuple[str, ...] = ()
    """Domains the bank had no questions for."""
    weights: Mapping[str, float] = field(default_factory=dict)
    """Share of the mock each covered domain was given (sums to 1)."""
    shortfall: int = 0
    """Questions short of the requested length because the bank ran out."""
    length_requested: int | None = None
    minutes: int | None = None
    pass_mark: int | None = None
    """Scaled pass mark (exams with a scale)."""
    pass_target_pct: float | None = None
    """Percentage target (exams without a scale)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "covered": list(self.covered),
            "uncovered": list(self.uncovered),
            "weights": dict(self.weights),
            "shortfall": self.shortfall,
            "length_requested": self.length_requested,
            "minutes": self.minutes,
            "pass_mark": self.pass_mark,
            "pass_target_pct": self.pass_target_pct,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> MockTerms:
        data = data or {}
        return cls(
            tuple(data.get("covered") or ()),
            tuple(data.get("uncovered") or ()),
            {str(k): float(v) for k, v in (data.get("weights") or {}).items()},
            int(data.get("shortfall") or 0),
            _optional_int(data.get("length_requested")),
            _optional_int(data.get("minutes")),
            _optional_int(data.get("pass_mark")),
            _optional_float(data.get("pass_target_pct")),
        )


@dataclass(frozen=True)
class MockItemGrade:
    """One position of a mock, graded: what rates its review card and records its answer."""

    position: int
    correct: bool
    score: float


@dataclass(frozen=True)
class DomainScore:
    """Marks earned in one domain of a submitted mock."""

    id: str
    name: str
    weight: str | None
    """The weight as the blueprint prints it (e.g. "20%"), if it prints one."""
    earned: float
    possible: int

    @property
    def fraction(self) -> float:
        return self.earned / self.possible if self.possible else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "weight": self.weight,
            "earned": self.earned,
            "possible": self.possible,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DomainScore:
        return cls(
            str(data.get("id", "")),
            str(data.get("name", "")),
            data.get("weight"),
            float(data.get("earned") or 0.0),
            int(data.get("possible") or 0),
        )


@dataclass(frozen=True)
class MockResult:
    """The stored outcome of a submitted mock exam."""

    exam_id: str = ""
    earned: float = 0.0
    possible: int = 0
    fraction: float = 0.0
    """Share of the marks earned (0-1)."""
    scaled: int | None = None
    """Scaled score, for exams with a published scale."""
    scale_min: int | None = None
    scale_max: int | None = None
    pass_mark: int | None = None
    pass_target_pct: float | None = None
    passed: bool = False
    domains: tuple[DomainScore, ...] = ()
    uncovered: tuple[str, ...] = ()
    answered: int | None = None
    """Questions answered (None in rows that did not record it)."""
    time_limit_s: float = 0.0
    time_used_s: float = 0.0
    timed_out: bool = False
    seed: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "exam_id": self.exam_id,
            "earned": self.earned,
            "possible": self.possible,
            "fraction": self.fraction,
            "scaled": self.scaled,
            "scale_min": self.scale_min,
            "scale_max": self.scale_max,
            "pass_mark": self.pass_mark,
            "pass_target_pct": self.pass_target_pct,
            "passed": self.passed,
            "domains": [d.to_json() for d in self.domains],
            "uncovered": list(self.uncovered),
            "answered": self.answered,
            "time_limit_s": self.time_limit_s,
            "time_used_s": self.time_used_s,
            "timed_out": self.timed_out,
            "seed": self.seed,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MockResult:
        domains: Sequence[Mapping[str, Any]] = data.get("domains") or ()
        return cls(
            str(data.get("exam_id") or ""),
            float(data.get("earned") or 0.0),
            int(data.get("possible") or 0),
            float(data.get("fraction") or 0.0),
            _optional_int(data.get("scaled")),
            _optional_int(data.get("scale_min")),
            _optional_int(data.get("scale_max")),
            _optional_int(data.get("pass_mark")),
            _optional_float(data.get("pass_target_pct")),
            bool(data.get("passed")),
            tuple(DomainScore.from_json(d) for d in domains),
            tuple(data.get("uncovered") or ()),
            _optional_int(data.get("answered")),
            float(data.get("time_limit_s") or 0.0),
            float(data.get("time_used_s") or 0.0),
            bool(data.get("timed_out")),
            _optional_int(data.get("seed")),
        )


def result_from_json(data: Mapping[str, Any] | None) -> MockResult | None:
    """A stored result column: None when there is none (NULL, or an empty object)."""
    return MockResult.from_json(data) if data else None
