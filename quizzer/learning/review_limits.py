"""How many due reviews one session and one day may hold, from a profile's settings.

FSRS can make many cards due at once (after a long break, or a mock with many wrong answers).
A learner facing 200 reviews gives up; a cap keeps each session short and each day bounded,
while the rest stay due, most overdue first, for the next session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SESSION_LENGTH = "review_session_length"
"""Profile setting: the most reviews one review session holds."""
PER_DAY = "reviews_per_day"
"""Profile setting: the most reviews answered per day (UTC), over all review sessions."""


@dataclass(frozen=True)
class ReviewLimits:
    session_length: int = 25
    per_day: int = 150

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> ReviewLimits:
        """The profile's limits; a missing or invalid setting keeps the default."""
        default = cls()

        def positive(key: str, fallback: int) -> int:
            value = settings.get(key)
            return (
                value
                if isinstance(value, int) and not isinstance(value, bool) and value > 0
                else fallback
            )

        return cls(
            positive(SESSION_LENGTH, default.session_length), positive(PER_DAY, default.per_day)
        )

    def allowed(self, *, done_today: int) -> int:
        """How many reviews the next session may hold, given those already answered today."""
        return max(0, min(self.session_length, self.per_day - done_today))


def day_start(now: dt.datetime) -> dt.datetime:
    """Midnight UTC of ``now``'s day: the daily limit resets then."""
    return now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class ReviewPlan:
    """What a review session will hold: ``question_ids`` of ``due`` due, within the limits."""

    question_ids: tuple[str, ...]
    due: int
    done_today: int
    limits: ReviewLimits

    @property
    def held_back(self) -> int:
        return self.due - len(self.question_ids)
