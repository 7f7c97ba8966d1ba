"""A profile's settings as one typed, frozen model (stored as a JSON object in the profile row).

The model is also a read-only mapping of its stored form, so the learning engine's rules
(``quizzer.learning.cram``, ``gating``, ``review_limits``), which read plain mappings, take it
as it is. Keys this version does not know are kept, so a newer version's settings survive.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


def _count(value: Any) -> int | None:
    """A whole number as stored (a bool is no number); None: not set, or not a number."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _dates(value: Any) -> dict[str, dt.date]:
    """Exam id -> date; entries that are not ISO dates are dropped."""
    dates: dict[str, dt.date] = {}
    if isinstance(value, Mapping):
        for exam_id, text in value.items():
            try:
                dates[str(exam_id)] = dt.date.fromisoformat(str(text))
            except ValueError:
                continue
    return dates


@dataclass(frozen=True, eq=False)
class ProfileSettings(Mapping[str, Any]):
    """What a learner chose: theme, switches, exam dates and review limits (each off or unset
    by default). Equal to any mapping with the same stored form."""

    theme: str | None = None
    hide_timer: bool = False
    """The mock exam's timer is hidden (t in the exam)."""
    certainty_marking: bool = False
    """Ask for certainty (1, 2, 3) before feedback and show the CBM mark."""
    objective_gating: bool = False
    """Practice offers only unlocked objectives (``quizzer.learning.gating``)."""
    exam_dates: Mapping[str, dt.date] = field(default_factory=dict)
    cram_days: int | None = None
    """Days before an exam date that reviews aim higher; None: the engine's default."""
    review_session_length: int | None = None
    reviews_per_day: int | None = None
    other: Mapping[str, Any] = field(default_factory=dict)
    """Stored keys this version does not know, kept as they are."""

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ProfileSettings:
        data = dict(data or {})
        known = {f.name for f in dataclasses.fields(cls)} - {"other"}
        theme = data.get("theme")
        return cls(
            theme=theme if isinstance(theme, str) else None,
            hide_timer=bool(data.get("hide_timer", False)),
            # a switch is on only when stored as true
            certainty_marking=data.get("certainty_marking") is True,
            objective_gating=data.get("objective_gating") is True,
            exam_dates=_dates(data.get("exam_dates")),
            cram_days=_count(data.get("cram_days")),
            review_session_length=_count(data.get("review_session_length")),
            reviews_per_day=_count(data.get("reviews_per_day")),
            other={k: v for k, v in data.items() if k not in known},
        )

    def to_json(self) -> dict[str, Any]:
        """The stored form: the settings that differ from their defaults, and the unknown keys."""
        data: dict[str, Any] = dict(self.other)
        for name, value in (
            ("theme", self.theme),
            ("hide_timer", self.hide_timer or None),
            ("certainty_marking", self.certainty_marking or None),
            ("objective_gating", self.objective_gating or None),
            ("cram_days", self.cram_days),
            ("review_session_length", self.review_session_length),
            ("reviews_per_day", self.reviews_per_day),
        ):
            if value is not None:
                data[name] = value
        if self.exam_dates:
            data["exam_dates"] = {e: d.isoformat() for e, d in self.exam_dates.items()}
        return data

    def changed(self, **changes: Any) -> ProfileSettings:
        """These settings with some changed (by field name; an unknown name is a TypeError)."""
        return dataclasses.replace(self, **changes)

    # --- the read-only mapping of the stored form ----------------------------------------

    def __getitem__(self, key: str) -> Any:
        return self.to_json()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_json())

    def __len__(self) -> int:
        return len(self.to_json())
