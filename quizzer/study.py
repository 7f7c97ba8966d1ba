"""The app's side of the learning engine: answers feed review cards; due, drill and gated selections.

The screens call these instead of ``quizzer.learning`` directly, for two reasons: the app keeps
working when the learning engine is not installed (no reviews, drills, readiness or gating,
and every function here says so by returning None), and a failure in the learning engine is
logged and never loses or blocks an answer that was already recorded.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from quizzer.logs import log_error

if TYPE_CHECKING:
    from quizzer.assembly import Item
    from quizzer.bank.schema import Question
    from quizzer.context import Context
    from quizzer.learning.gating import GateState
    from quizzer.learning.review_limits import ReviewPlan
    from quizzer.learning.srs import ReviewOutcome
    from quizzer.mock_data import MockItemGrade

DRILL_LENGTH = 10

CERTAINTY_LEVELS = {1: "not very sure", 2: "fairly sure", 3: "very sure"}


def learning_available() -> bool:
    """Whether ``quizzer.learning`` can be imported (it is an optional part of the app)."""
    try:
        import quizzer.learning  # noqa: F401
    except ImportError:
        return False
    return True


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
        outcome[0] = review(
            ctx,
            question=question,
            correct=correct,
            time_ms=time_ms,
            certainty=certainty,
            exam_id=exam_id,
            now=now,
            score=score,
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
) -> ReviewOutcome | None:
    """``quizzer.learning.review`` for one recorded answer; None when unavailable or failed."""
    try:
        from quizzer.learning import review as srs_review
    except ImportError:
        return None
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
        )
    except Exception as exc:  # the answer is stored; a card can be rebuilt from answers later
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
    if record is None or not learning_available():
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


def cbm_mark(score: float, certainty: int) -> float | None:
    try:
        from quizzer.learning.cbm import cbm_mark as mark
    except ImportError:
        return None
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


def due_ids(ctx: Context, *, now: dt.datetime) -> list[str] | None:
    """Questions due for review (most overdue first) that the bank still has; None: no engine."""
    try:
        from quizzer.learning import due_question_ids
    except ImportError:
        return None
    ids = due_question_ids(ctx.engine, profile_id=ctx.profile.id, now=now)
    return [q for q in ids if q in ctx.bank.questions]


def review_plan(ctx: Context, *, now: dt.datetime) -> ReviewPlan:
    """The next review session: due questions, most overdue first, within the profile's limits."""
    from quizzer.learning.review_limits import ReviewLimits, ReviewPlan, day_start
    from quizzer.store import answers as answer_store

    due = due_ids(ctx, now=now) or []
    limits = ReviewLimits.from_settings(ctx.profile.settings)
    done = answer_store.count_answers(
        ctx.engine, profile_id=ctx.profile.id, kind="review", since=day_start(now)
    )
    return ReviewPlan(tuple(due[: limits.allowed(done_today=done)]), len(due), done, limits)


def items_for(ctx: Context, question_ids: Sequence[str], *, seed: int) -> list[Item]:
    """Session items for these questions, in this order, with answers shuffled by ``seed``."""
    return _items(ctx, question_ids, seed)


def due_items(ctx: Context, *, now: dt.datetime, seed: int) -> list[Item]:
    """A review session: due questions within the limits, most overdue first, shuffled by ``seed``."""
    return items_for(ctx, review_plan(ctx, now=now).question_ids, seed=seed)


def answers(ctx: Context) -> list[Any]:
    from quizzer.store import answers as answer_store

    return answer_store.all_answers(ctx.engine, profile_id=ctx.profile.id)


def allowed_ids(ctx: Context, exam_id: str) -> frozenset[str] | None:
    """Questions of ``exam_id`` the learner may practise: None when gating is off (no limit)."""
    if not ctx.profile.settings.objective_gating:
        return None
    try:
        from quizzer.learning.gating import allowed_question_ids
    except ImportError:
        return None
    return allowed_question_ids(ctx.bank, exam_id, answers(ctx), settings=ctx.profile.settings)


def filter_allowed(items: Sequence[Item], allowed: frozenset[str] | None) -> list[Item]:
    if allowed is None:
        return list(items)
    from quizzer.learning.gating import filter_items

    return filter_items(items, allowed)


def gate(ctx: Context, exam_id: str) -> GateState | None:
    """Every objective's standing in the unlock order; None when gating is off or unavailable."""
    if not ctx.profile.settings.objective_gating:
        return None
    try:
        from quizzer.learning.gating import gate_state
    except ImportError:
        return None
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
) -> list[Item] | None:
    """A weak-area drill of ``exam_id`` (only unlocked questions under gating); None: no engine."""
    try:
        from quizzer.learning.drill import drill_session
    except ImportError:
        return None
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


def adaptive_check(ctx: Context, *, exam_id: str, seed: int):
    """A new adaptive readiness check of ``exam_id`` with the stored item parameters."""
    from quizzer.learning.adaptive import for_exam
    from quizzer.store import item_parameters

    return for_exam(ctx.bank, exam_id, item_parameters.fitted(ctx.engine), seed=seed)
