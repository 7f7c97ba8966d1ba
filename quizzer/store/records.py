"""Plain, frozen records that store queries return (never live ORM rows), all in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizzer.mock_data import MockResult, MockTerms
    from quizzer.profile_settings import ProfileSettings

# --- profiles ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileRecord:
    id: int
    name: str
    role: str
    settings: ProfileSettings


@dataclass(frozen=True)
class Member:
    """A login of a team database and the group it belongs to."""

    name: str
    role: str
    can_login: bool


# --- answers -------------------------------------------------------------------------------------


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


# --- sessions and mocks --------------------------------------------------------------------------


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


# --- review cards and item parameters ------------------------------------------------------------


@dataclass(frozen=True)
class CardRecord:
    """A review card as stored: the FSRS card dict, its review log and the indexed columns."""

    question_id: str
    card: dict
    log: tuple[tuple[int, str], ...]
    state: int
    due: dt.datetime
    last_review: dt.datetime | None
    reps: int
    lapses: int


@dataclass(frozen=True)
class FittedItem:
    """Fitted IRT parameters of one question version."""

    question_id: str
    content_hash: str
    a: float
    b: float
    responses: int


# --- read-only reports ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DayScore:
    """Answers given on one (local) day outside mock exams."""

    day: dt.date
    answered: int
    correct: int
    score: float

    @property
    def fraction(self) -> float:
        return self.score / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class MockScore:
    """One submitted mock exam and its stored result."""

    session_id: int
    exam_id: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    result: MockResult


@dataclass(frozen=True)
class GradedItem:
    """One question of a submitted mock with the score it earned."""

    position: int
    question_id: str
    content_hash: str
    score: float


@dataclass(frozen=True)
class MockAttempt:
    """A submitted mock exam: one row of the item-statistics attempt matrix."""

    session_id: int
    profile_id: int
    exam_id: str
    submitted_at: dt.datetime | None
    items: tuple[GradedItem, ...]


@dataclass(frozen=True)
class AnswerRow:
    """One recorded answer, flat, for export."""

    answer_id: int
    profile: str
    session_id: int
    session_kind: str
    exam_id: str | None
    question_id: str
    content_hash: str
    correct: bool
    score: float
    time_ms: int
    certainty: int | None
    answered_at: dt.datetime


@dataclass(frozen=True)
class MockRow:
    """One mock exam's outcome, flat, for export."""

    session_id: int
    profile: str
    exam_id: str
    status: str
    seed: int
    length: int
    started_at: dt.datetime
    ended_at: dt.datetime | None
    result: MockResult | None
