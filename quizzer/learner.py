"""The one way screens reach the engine: the acting learner's answers, reviews, mocks and reports.

Screens, widgets, dialogs and the app call these (with the :class:`~quizzer.context.Context`)
instead of ``quizzer.store`` or ``quizzer.learning``; a test keeps it so. Everything is imported
when called, so importing this module costs nothing at start. A failure of the learning engine
after an answer is stored is logged and never loses or blocks that answer.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from quizzer.logs import log_error

if TYPE_CHECKING:
    from quizzer.assembly import Item
    from quizzer.bank.schema import Question
    from quizzer.context import Context
    from quizzer.learning.adaptive import AdaptiveCheck
    from quizzer.learning.cbm import Calibration
    from quizzer.learning.drill import ObjectiveMastery
    from quizzer.learning.gating import GateState
    from quizzer.learning.item_stats import ItemReport
    from quizzer.learning.readiness import DomainReadiness, Readiness  # noqa: F401 (for widgets)
    from quizzer.learning.review_limits import ReviewPlan
    from quizzer.learning.srs import ReviewOutcome
    from quizzer.mock_data import MockItemGrade
    from quizzer.store.opening import DamagedDatabase  # noqa: F401 (for the error screen)
    from quizzer.store.records import (
        AnswerRecord,
        DayScore,
        MockRecord,
        MockScore,
        MockSummary,
        SessionRecord,
    )

DRILL_LENGTH = 10

CERTAINTY_LEVELS = {1: "not very sure", 2: "fairly sure", 3: "very sure"}


# --- answers and review cards ---------------------------------------------------------------


def record_answer(
    ctx: Context,
    *,
    session_id: int,
    question: Question,
    response: Any,
    correct: bool,
    score: float,
    time_ms: int,
    certainty: int | None,
    exam_id: str | None,
    now: dt.datetime,
) -> ReviewOutcome | None:
    """Store a practice answer (committed first), then rate it on the question's review card.

    When the disk refuses the answer it is kept in memory (the learner is told) and saved,
    card and all, before the next write that succeeds; None is returned meanwhile.
    """
    from quizzer import qtypes
    from quizzer.saving import unsaved
    from quizzer.store import answers as answer_store

    engine, profile_id = ctx.engine, ctx.profile.id
    content_hash = ctx.bank.content_hash(question.id)
    outcome: list[ReviewOutcome | None] = [None]

    def save() -> None:
        answer_store.record_answer(
            engine,
            session_id=session_id,
            profile_id=profile_id,
            question_id=question.id,
            content_hash=content_hash,
            response=response,
            correct=correct,
            score=score,
            time_ms=time_ms,
            certainty=certainty,
            answered_at=now,
        )
        self_rating = qtypes.of(question).self_rating
        outcome[0] = review(
            ctx,
            question=question,
            correct=correct,
            time_ms=time_ms,
            certainty=certainty,
            exam_id=exam_id,
            now=now,
            score=score,
            rating=self_rating(response) if self_rating else None,
        )

    unsaved(ctx).write(("answer", session_id, question.id, now), save)
    return outcome[0]


def review(
    ctx: Context,
    *,
    question: Question,
    correct: bool,
    time_ms: int,
    certainty: int | None,
    exam_id: str | None,
    now: dt.datetime,
    score: float | None = None,
    rating: int | None = None,
) -> ReviewOutcome | None:
    """``quizzer.learning.review`` for one recorded answer; None when it failed (logged).

    ``rating`` is the learner's own rating of a recall card, given to FSRS as it is."""
    from quizzer.learning import review as srs_review

    try:
        return srs_review(
            ctx.engine,
            profile_id=ctx.profile.id,
            question_id=question.id,
            correct=correct,
            time_ms=time_ms,
            certainty=certainty,
            now=now,
            question_type=question.type,
            exam_id=exam_id,
            score=score,
            rating=rating,
        )
    # The answer is stored; a card can be rebuilt from answers later.
    except Exception as exc:  # noqa: BLE001 (a card failure must not cost the answer)
        log_error(f"updating the review card of {question.id} failed", exc)
        return None


def review_mock(
    ctx: Context, *, session_id: int, graded: Sequence[MockItemGrade], now: dt.datetime
) -> int:
    """Rate every answered item of a mock on its card; returns how many were rated.

    An unanswered item scores 0 in the mock's result but is not rated: skipping a question is no
    evidence about memory (nor is it recorded as an answer, so ``rebuild_cards`` agrees).
    """
    from quizzer.store import sessions

    record = sessions.load_mock(ctx.engine, session_id=session_id)
    if record is None:
        return 0
    rated = 0
    for g in graded:
        item = record.items[g.position]
        question = ctx.bank.questions.get(item.question_id)
        if question is None or item.response is None:
            continue
        outcome = review(
            ctx,
            question=question,
            correct=g.correct,
            score=g.score,
            time_ms=item.time_ms,
            certainty=None,
            exam_id=record.exam_id,
            now=now,
        )
        rated += outcome is not None
    return rated


def abandon_mock(ctx: Context, *, session_id: int, now: dt.datetime) -> int:
    """Abandon an unfinished mock, keeping the answers given: each is recorded and rated.

    The mock is not scored; returns how many answers were kept.
    """
    from quizzer.mock_data import MockItemGrade
    from quizzer.scoring import grade
    from quizzer.store import sessions

    record = sessions.load_mock(ctx.engine, session_id=session_id)
    if record is None or record.status != "active":
        return 0
    graded: list[MockItemGrade] = []
    for item in record.items:
        question = ctx.bank.questions.get(item.question_id)
        if question is None or item.response is None:
            continue
        g = grade(question, item.response)
        graded.append(MockItemGrade(item.position, g.correct, g.score))
    sessions.abandon_mock(ctx.engine, session_id=session_id, graded=graded)
    review_mock(ctx, session_id=session_id, graded=graded, now=now)
    return len(graded)


def cbm_mark(score: float, certainty: int) -> float:
    """The certainty-based mark of one answer (+3 to -6)."""
    from quizzer.learning.cbm import cbm_mark as mark

    return mark(score, certainty)


def mark_text(mark: float) -> str:
    """+3, −6, 0, +1.3: a CBM mark with its sign (a real minus sign)."""
    if abs(mark) < 1e-9:
        return "0"
    text = f"{mark:+.0f}" if float(mark).is_integer() else f"{mark:+.1f}"
    return text.replace("-", "−")


# --- what to study --------------------------------------------------------------------------


def _items(ctx: Context, question_ids: Sequence[str], seed: int) -> list[Item]:
    from quizzer.assembly import Item, display_order

    rng = random.Random(seed)
    return [Item(q, None, display_order(ctx.bank.questions[q], rng)) for q in question_ids]


def due_ids(ctx: Context, *, now: dt.datetime) -> list[str]:
    """Questions due for review (most overdue first) that the bank still has."""
    from quizzer.learning import due_question_ids

    ids = due_question_ids(ctx.engine, profile_id=ctx.profile.id, now=now)
    return [q for q in ids if q in ctx.bank.questions]


def review_plan(ctx: Context, *, now: dt.datetime) -> ReviewPlan:
    """The next review session: due questions, most overdue first, within the profile's limits."""
    from quizzer.learning.review_limits import ReviewLimits, ReviewPlan, day_start
    from quizzer.store import answers as answer_store

    due = due_ids(ctx, now=now)
    limits = ReviewLimits.from_settings(ctx.profile.settings)
    done = answer_store.count_answers(
        ctx.engine, profile_id=ctx.profile.id, kind="review", since=day_start(now)
    )
    return ReviewPlan(tuple(due[: limits.allowed(done_today=done)]), len(due), done, limits)


def items_for(ctx: Context, question_ids: Sequence[str], *, seed: int) -> list[Item]:
    """Session items for these questions, in this order, with answers shuffled by ``seed``."""
    return _items(ctx, question_ids, seed)


def due_items(ctx: Context, *, now: dt.datetime, seed: int) -> list[Item]:
    """A review session: due questions within the limits, most overdue first; ``seed`` shuffles."""
    return items_for(ctx, review_plan(ctx, now=now).question_ids, seed=seed)


def answers(ctx: Context) -> list[AnswerRecord]:
    """Every answer of the acting profile, oldest first."""
    from quizzer.store import answers as answer_store

    return answer_store.all_answers(ctx.engine, profile_id=ctx.profile.id)


def allowed_ids(ctx: Context, exam_id: str) -> frozenset[str] | None:
    """Questions of ``exam_id`` the learner may practise: None when gating is off (no limit)."""
    if not ctx.profile.settings.objective_gating:
        return None
    from quizzer.learning.gating import allowed_question_ids

    return allowed_question_ids(ctx.bank, exam_id, answers(ctx), settings=ctx.profile.settings)


def filter_allowed(items: Sequence[Item], allowed: frozenset[str] | None) -> list[Item]:
    if allowed is None:
        return list(items)
    from quizzer.learning.gating import filter_items

    return filter_items(items, allowed)


def gate(ctx: Context, exam_id: str) -> GateState | None:
    """Every objective's standing in the unlock order; None when gating is off."""
    if not ctx.profile.settings.objective_gating:
        return None
    from quizzer.learning.gating import gate_state

    return gate_state(ctx.bank, exam_id, answers(ctx))


def unlock_hint(state: GateState) -> str:
    """One line: what unlocks next and what it takes, e.g. for the practice setup's status line."""
    from quizzer.learning.gating import MIN_ANSWERED, THRESHOLD

    current = state.current
    if current is None:
        return "Every objective is unlocked."
    steps = list(state.steps)
    following = steps[steps.index(current) + 1] if steps.index(current) + 1 < len(steps) else None
    need = min(MIN_ANSWERED, len(current.question_ids))
    now = f"now {current.answered} answered" + (
        f", {round(100 * current.score)}%" if current.score is not None else ""
    )
    task = f"{need} of {current.ref} answered at {round(100 * THRESHOLD)}%+ ({now})"
    if following is None:
        return f"Last objective open: {current.ref} {current.text}; pass it with {task}."
    return f"Next to unlock: {following.ref} {following.text} — needs {task}."


def drill_items(
    ctx: Context, *, exam_id: str, seed: int, now: dt.datetime, length: int = DRILL_LENGTH
) -> list[Item]:
    """A weak-area drill of ``exam_id`` (only unlocked questions under gating)."""
    from quizzer.learning.drill import drill_session

    allowed = allowed_ids(ctx, exam_id)
    if allowed is None:
        return drill_session(
            ctx.engine,
            ctx.bank,
            profile_id=ctx.profile.id,
            exam_id=exam_id,
            seed=seed,
            length=length,
            now=now,
        )
    # Gated: draw from every objective (weak ones still come first), then keep the unlocked.
    everything = drill_session(
        ctx.engine,
        ctx.bank,
        profile_id=ctx.profile.id,
        exam_id=exam_id,
        seed=seed,
        length=len(ctx.bank.questions),
        objectives=len(ctx.bank.questions),
        now=now,
    )
    return filter_allowed(everything, allowed)[:length]


def adaptive_check(ctx: Context, *, exam_id: str, seed: int) -> AdaptiveCheck:
    """A new adaptive readiness check of ``exam_id`` with the stored item parameters."""
    from quizzer.learning.adaptive import for_exam
    from quizzer.store import item_parameters

    return for_exam(ctx.bank, exam_id, item_parameters.fitted(ctx.engine), seed=seed)


def weakest(ctx: Context, *, exam_id: str, now: dt.datetime) -> list[ObjectiveMastery]:
    """The exam's objectives, weakest first: what a drill would work on."""
    from quizzer.learning.drill import weakest as weakest_objectives

    return weakest_objectives(
        ctx.engine, ctx.bank, profile_id=ctx.profile.id, exam_id=exam_id, now=now
    )


def readiness(ctx: Context, *, exam_id: str, now: dt.datetime) -> Readiness:
    """The readiness forecast of ``exam_id`` for the acting profile."""
    from quizzer.learning.readiness import readiness as forecast

    return forecast(ctx.engine, ctx.bank, profile_id=ctx.profile.id, exam_id=exam_id, now=now)


# --- certainty-based marking ----------------------------------------------------------------


def calibration(answers: Sequence[AnswerRecord]) -> Calibration:
    """How sure against how often right, over these answers (those with a certainty count)."""
    from quizzer.learning.cbm import calibration as overall

    return overall(answers)


def calibration_by_domain(
    ctx: Context, exam_id: str, answers: Sequence[AnswerRecord]
) -> dict[str, Calibration]:
    """:func:`calibration` per domain of ``exam_id``."""
    from quizzer.learning.cbm import calibration_by_domain as by_domain

    return by_domain(ctx.bank, exam_id, answers)


def optimal_ranges() -> Mapping[int, tuple[float, float]]:
    """Certainty level -> the accuracy range where that level earns the most marks."""
    from quizzer.learning.cbm import OPTIMAL

    return OPTIMAL


# --- exam dates (cram mode) -----------------------------------------------------------------


def exam_date(ctx: Context, exam_id: str) -> dt.date | None:
    """The date the learner sits ``exam_id``, when they gave one."""
    return ctx.profile.settings.exam_dates.get(exam_id)


def set_exam_date(ctx: Context, *, exam_id: str, date: dt.date | None) -> None:
    """Store (or, with None, clear) the date the learner sits ``exam_id``."""
    dates = {**ctx.profile.settings.exam_dates, exam_id: date}
    ctx.update_settings(exam_dates={e: d for e, d in dates.items() if d is not None})


def cram_days(ctx: Context) -> int:
    """How many days before an exam date reviews aim higher (cram mode)."""
    from quizzer.learning import cram

    return cram.cram_days(ctx.profile.settings)


def days_left(date: dt.date, now: dt.datetime) -> int:
    """Days from ``now`` (UTC) to ``date``; negative once it has passed."""
    from quizzer.learning import cram

    return cram.days_left(date, now)


def in_cram(ctx: Context, *, exam_id: str, now: dt.datetime) -> bool:
    from quizzer.learning import cram

    return cram.in_cram(ctx.profile.settings, now=now, exam_id=exam_id)


def cram_countdowns(ctx: Context, *, now: dt.datetime) -> list[tuple[str, int]]:
    """(exam id, days left) for each exam in its cram window now."""
    from quizzer.learning import cram

    dates = ctx.profile.settings.exam_dates
    return [
        (e, cram.days_left(dates[e], now)) for e in cram.cram_exams(ctx.profile.settings, now=now)
    ]


# --- sessions, mocks and settings -----------------------------------------------------------


def start_session(
    ctx: Context, *, kind: str, exam_id: str | None = None, filters: dict | None = None
) -> int:
    """Open a study session of ``kind`` (practice, review, drill, check...); returns its id."""
    from quizzer.store import sessions

    return sessions.start_session(
        ctx.engine, profile_id=ctx.profile.id, kind=kind, exam_id=exam_id, filters=filters
    )


def end_session(ctx: Context, *, session_id: int) -> None:
    from quizzer.store import sessions

    sessions.end_session(ctx.engine, session_id=session_id)


def load_mock(ctx: Context, *, session_id: int) -> MockRecord | None:
    from quizzer.store import sessions

    return sessions.load_mock(ctx.engine, session_id=session_id)


def active_mocks(ctx: Context) -> list[MockSummary]:
    """Unfinished mock exams, newest first."""
    from quizzer.store import sessions

    return sessions.active_mocks(ctx.engine, profile_id=ctx.profile.id)


# --- reports ----------------------------------------------------------------------------------


def recent_sessions(ctx: Context, *, limit: int) -> list[SessionRecord]:
    """The newest sessions with their answer counts."""
    from quizzer.store import sessions

    return sessions.recent_sessions(ctx.engine, profile_id=ctx.profile.id, limit=limit)


def mock_scores(ctx: Context) -> list[MockScore]:
    """Submitted mocks with a result, oldest first."""
    from quizzer.store import reports

    return reports.mock_scores(ctx.engine, profile_id=ctx.profile.id)


def daily_practice(ctx: Context) -> list[DayScore]:
    """Practice answers per local day, oldest first."""
    from quizzer.store import reports

    return reports.daily_practice(ctx.engine, profile_id=ctx.profile.id)


def sees_everyone(ctx: Context) -> bool:
    """Whether reports over mocks cover every learner (an instructor) or the acting one."""
    from quizzer.store.identity import sees_everyone as instructor

    return instructor(ctx.profile)


def item_report(ctx: Context, *, exam_id: str | None) -> ItemReport:
    """Item statistics over the submitted mocks the acting profile may read."""
    from quizzer.learning.item_stats import item_report as report
    from quizzer.store.identity import visible_profile_id

    return report(ctx.engine, exam_id=exam_id, profile_id=visible_profile_id(ctx.profile))


def damaged_database(error: BaseException) -> bool:
    """Whether ``error`` says the database file cannot be used (its own screen explains it)."""
    from quizzer.store.opening import DamagedDatabase

    return isinstance(error, DamagedDatabase)
