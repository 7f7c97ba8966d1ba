"""Plain, frozen records that queries return to the UI (never live ORM rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizzer.mock_data import MockResult, MockTerms
    from quizzer.profile_settings import ProfileSettings


@dataclass(frozen=True)
class ProfileRecord:
    id: int
    name: str
    role: str
    settings: ProfileSettings


@dataclass(frozen=True)
class SessionRecord:
    id: int
    kind: str
    exam_id: str | None
    started_at: dt.datetime
    ended_at: dt.datetime | None
    answered: int
    correct: int
    score: float


@dataclass(frozen=True)
class MockItemRecord:
    position: int
    question_id: str
    domain_id: str | None
    content_hash: str
    display_order: tuple[int, ...] | None
    response: Any
    flagged: bool
    time_ms: int


@dataclass(frozen=True)
class MockRecord:
    """The whole saved state of a mock exam, enough to resume it exactly."""

    session_id: int
    exam_id: str
    seed: int
    time_limit_s: int
    time_left_s: float
    current: int
    status: str
    terms: MockTerms
    result: MockResult | None
    items: tuple[MockItemRecord, ...]
    updated_at: dt.datetime


@dataclass(frozen=True)
class MockSummary:
    session_id: int
    exam_id: str
    status: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    result: MockResult | None
    time_left_s: float


@dataclass(frozen=True)
class AnswerRecord:
    question_id: str
    content_hash: str
    correct: bool
    score: float
    time_ms: int
    certainty: int | None
    answered_at: dt.datetime
    session_id: int
    kind: str
