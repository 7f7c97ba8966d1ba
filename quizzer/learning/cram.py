"""Exam dates and cram windows: which exams a learner sits within the next few days.

Profile settings hold ``exam_dates: {EXAM: "YYYY-MM-DD"}`` and optionally ``cram_days`` (7 by
default). From ``cram_days`` days before an exam until the exam day itself, spaced repetition
aims for a higher retention (see :mod:`quizzer.learning.srs`). Days are counted in UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.engine import Engine

from quizzer.store.records import ProfileRecord

EXAM_DATES = "exam_dates"
CRAM_DAYS = "cram_days"
DEFAULT_CRAM_DAYS = 7


def exam_dates(settings: Mapping[str, Any]) -> dict[str, dt.date]:
    """The exam dates a profile has set; entries that are not ISO dates are ignored."""
    raw = settings.get(EXAM_DATES) or {}
    dates: dict[str, dt.date] = {}
    if isinstance(raw, Mapping):
        for exam_id, value in raw.items():
            try:
                dates[str(exam_id)] = dt.date.fromisoformat(str(value))
            except ValueError:
                continue
    return dates


def cram_days(settings: Mapping[str, Any]) -> int:
    value = settings.get(CRAM_DAYS, DEFAULT_CRAM_DAYS)
    return value if isinstance(value, int) and value >= 0 else DEFAULT_CRAM_DAYS


def days_left(exam_date: dt.date, now: dt.datetime) -> int:
    """Whole days from ``now`` (its UTC date) to the exam; 0 on the day, negative after it."""
    return (exam_date - now.astimezone(dt.UTC).date()).days


def cram_exams(settings: Mapping[str, Any], *, now: dt.datetime) -> tuple[str, ...]:
    """Exams whose date is at most ``cram_days`` days away (and not yet past), soonest first."""
    window = cram_days(settings)
    soon = [
        (days_left(d, now), e)
        for e, d in exam_dates(settings).items()
        if 0 <= days_left(d, now) <= window
    ]
    return tuple(e for _, e in sorted(soon))


def in_cram(settings: Mapping[str, Any], *, now: dt.datetime, exam_id: str | None = None) -> bool:
    """Whether ``exam_id`` (or, when None, any exam with a date) is inside its cram window."""
    soon = cram_exams(settings, now=now)
    return exam_id in soon if exam_id is not None else bool(soon)


def set_exam_date(
    engine: Engine, *, profile_id: int, exam_id: str, date: dt.date | None
) -> ProfileRecord:
    """Set (or, with None, clear) one exam date, keeping the profile's other dates."""
    from quizzer.store.profiles import get_profile, update_profile_settings

    profile = get_profile(engine, profile_id=profile_id)
    if profile is None:
        raise KeyError(f"no profile with id {profile_id}")
    dates = dict(profile.settings.get(EXAM_DATES) or {})
    if date is None:
        dates.pop(exam_id, None)
    else:
        dates[exam_id] = date.isoformat()
    return update_profile_settings(engine, profile_id=profile_id, **{EXAM_DATES: dates})
