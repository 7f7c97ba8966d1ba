"""A mock exam in progress: responses, flags and the clock, each saved the moment it changes.

The clock is a callable (``time.monotonic`` in the app, a fake in tests). Time counts only
while a session is started; the time left is stored, so time does not pass while the app is
closed and a resumed exam continues with exactly what was left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quizzer.assembly import Item, MockPlan, assemble_mock
from quizzer.exam_facts import PRACTICE_TARGET_PCT, has_scale
from quizzer.failures import explain, is_write_failure
from quizzer.mock_data import DomainScore, MockItemGrade, MockResult, MockTerms
from quizzer.saving import NotSaved, unsaved
from quizzer.scoring import Grade, ScoredItem, grade, score_exam
from quizzer.store import sessions

if TYPE_CHECKING:
    from quizzer.bank.blueprint import Blueprint
    from quizzer.bank.schema import Question
    from quizzer.context import Context
    from quizzer.store.records import MockRecord

Clock = Callable[[], float]


class StaleMock(Exception):
    """A saved mock refers to questions the bank no longer has."""


@dataclass(frozen=True)
class MockSettings:
    """What the learner chose on the setup screen."""

    exam_id: str
    length: int
    minutes: int
    seed: int
    pass_mark: int | None = None
    """Scaled pass mark (exams with a scale)."""
    pass_target_pct: float | None = None
    """Percentage target (exams without a scale)."""


def start_mock(ctx: Context, settings: MockSettings, plan: MockPlan) -> int:
    """Store a new mock exam from an assembled plan; returns its session id."""
    terms = MockTerms(
        tuple(plan.covered),
        tuple(plan.uncovered),
        dict(plan.weights),
        plan.shortfall,
        settings.length,
        settings.minutes,
        settings.pass_mark,
        settings.pass_target_pct,
    )
    items = [
        {
            "question_id": item.question_id,
            "domain_id": item.domain_id,
            "content_hash": ctx.bank.content_hash(item.question_id),
            "display_order": list(item.order) if item.order is not None else None,
        }
        for item in plan.items
    ]
    return sessions.create_mock(
        ctx.engine,
        profile_id=ctx.profile.id,
        exam_id=settings.exam_id,
        seed=settings.seed,
        terms=terms,
        items=items,
        time_limit_s=settings.minutes * 60,
    )


def create_mock(ctx: Context, settings: MockSettings) -> int | None:
    """Assemble a mock for ``settings`` and store it; its session id, or None: no questions.

    The one way a mock exam comes to be, from the setup screen and from a retake alike.
    """
    blueprint = ctx.blueprint(settings.exam_id)
    plan = assemble_mock(ctx.bank, blueprint, seed=settings.seed, length=settings.length)
    if not plan.items:
        return None
    return start_mock(ctx, settings, plan)


def retake_settings(record: MockRecord, seed: int) -> MockSettings:
    """The settings of a stored mock again, with a new seed (rows from earlier versions too)."""
    terms = record.terms
    return MockSettings(
        record.exam_id,
        terms.length_requested or len(record.items),
        terms.minutes or record.time_limit_s // 60,
        seed,
        pass_mark=terms.pass_mark,
        pass_target_pct=terms.pass_target_pct,
    )


def pass_rule(blueprint: Blueprint, terms: MockTerms) -> tuple[int | None, float | None]:
    """The (scaled pass mark, percentage target) a mock is judged against."""
    if has_scale(blueprint):
        mark = terms.pass_mark or blueprint.passing_score
        assert mark is not None  # has_scale: the blueprint has a passing score
        return int(mark), None
    return None, float(terms.pass_target_pct or PRACTICE_TARGET_PCT)


def build_result(
    blueprint: Blueprint,
    questions: list[Question],
    items: list[Item],
    responses: list[Any],
    *,
    terms: MockTerms,
    seed: int,
    time_limit_s: float,
    time_left_s: float,
    timed_out: bool,
) -> tuple[MockResult, list[MockItemGrade]]:
    """Grade every item and score the exam: the result and one graded item per position."""
    grades = [grade(q, r) for q, r in zip(questions, responses, strict=True)]
    scored = score_exam(
        blueprint,
        [
            ScoredItem(q, item.domain_id or "", r)
            for q, item, r in zip(questions, items, responses, strict=True)
        ],
    )
    pass_mark, target = pass_rule(blueprint, terms)
    if pass_mark is not None and scored.scaled is not None:
        passed = scored.scaled >= pass_mark
    else:
        passed = 100 * scored.fraction >= (target or PRACTICE_TARGET_PCT) - 1e-9
    result = MockResult(
        exam_id=blueprint.id,
        earned=scored.earned,
        possible=scored.possible,
        fraction=scored.fraction,
        scaled=scored.scaled,
        scale_min=scored.scale_min,
        scale_max=scored.scale_max,
        pass_mark=pass_mark,
        pass_target_pct=target,
        passed=passed,
        domains=tuple(
            DomainScore(d.domain_id, d.name, d.weight, d.earned, d.possible) for d in scored.domains
        ),
        uncovered=tuple(terms.uncovered),
        answered=sum(r is not None for r in responses),
        time_limit_s=time_limit_s,
        time_used_s=max(0.0, time_limit_s - time_left_s),
        timed_out=timed_out,
        seed=seed,
    )
    graded = [MockItemGrade(i, g.correct, g.score) for i, g in enumerate(grades)]
    return result, graded


class MockSession:
    """The live state of one mock exam, bound to the store and a clock."""

    def __init__(self, ctx: Context, record: MockRecord, clock: Clock):
        missing = [r.question_id for r in record.items if r.question_id not in ctx.bank.questions]
        if missing:
            raise StaleMock(f"the bank no longer has question(s) {', '.join(missing)}")
        self.ctx = ctx
        self.clock = clock
        self.session_id = record.session_id
        self.exam_id = record.exam_id
        self.seed = record.seed
        self.terms = record.terms
        self.blueprint = ctx.blueprint(record.exam_id)
        self.items = [Item(r.question_id, r.domain_id, r.display_order) for r in record.items]
        self.questions: list[Question] = [ctx.bank.questions[r.question_id] for r in record.items]
        self.responses: list[Any] = [r.response for r in record.items]
        self.flags: list[bool] = [r.flagged for r in record.items]
        self.current = min(record.current, max(0, len(self.items) - 1))
        self.time_limit_s = float(record.time_limit_s)
        self._left = float(record.time_left_s)
        self._since: float | None = None
        self._lap = 0.0
        self.finished = record.status != "active"
        self.graded: list[MockItemGrade] = []

    @classmethod
    def open(cls, ctx: Context, session_id: int, clock: Clock) -> MockSession:
        record = sessions.load_mock(ctx.engine, session_id=session_id)
        if record is None:
            raise StaleMock(f"mock exam {session_id} is not in the database")
        return cls(ctx, record, clock)

    # --- the clock -----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._since is not None

    def start(self) -> None:
        """Start (or resume) counting down."""
        if self._since is None:
            self._since = self.clock()
            self._lap = self._since

    def pause(self) -> None:
        """Stop counting down, keeping the time left."""
        if self._since is not None:
            self._left = self.time_left()
            self._since = None

    def time_left(self) -> float:
        if self._since is None:
            return max(0.0, self._left)
        return max(0.0, self._left - (self.clock() - self._since))

    @property
    def expired(self) -> bool:
        return self.time_left() <= 0.0

    def _lap_ms(self) -> int:
        now = self.clock()
        spent = max(0.0, now - self._lap) if self.running else 0.0
        self._lap = now
        return int(spent * 1000)

    # --- what the learner does ------------------------------------------------------------

    def go(self, position: int) -> None:
        self.current = max(0, min(position, len(self.items) - 1))
        self._lap = self.clock()

    def answer(self, position: int, response: Any) -> bool:
        """Store a response at once (None clears it); False: kept in memory, saved later."""
        self.responses[position] = response
        engine, session_id = self.ctx.engine, self.session_id
        time_ms, left = self._lap_ms(), self.time_left()
        return unsaved(self.ctx).write(
            ("mock-answer", session_id, position),
            lambda: sessions.save_mock_answer(
                engine,
                session_id=session_id,
                position=position,
                response=response,
                time_ms=time_ms,
                time_left_s=left,
                current=position,
            ),
        )

    def set_flag(self, position: int, flagged: bool) -> bool:
        self.flags[position] = flagged
        engine, session_id, left = self.ctx.engine, self.session_id, self.time_left()
        return unsaved(self.ctx).write(
            ("mock-flag", session_id, position),
            lambda: sessions.set_mock_flag(
                engine, session_id=session_id, position=position, flagged=flagged, time_left_s=left
            ),
        )

    def save_clock(self) -> bool:
        if self.finished:
            return True
        engine, session_id = self.ctx.engine, self.session_id
        left, current = self.time_left(), self.current
        return unsaved(self.ctx).write(
            ("mock-clock", session_id),
            lambda: sessions.save_mock_clock(
                engine, session_id=session_id, time_left_s=left, current=current
            ),
        )

    @property
    def answered(self) -> int:
        return sum(r is not None for r in self.responses)

    def unanswered(self) -> list[int]:
        return [i for i, r in enumerate(self.responses) if r is None]

    def flagged(self) -> list[int]:
        return [i for i, f in enumerate(self.flags) if f]

    def grades(self) -> list[Grade]:
        return [grade(q, r) for q, r in zip(self.questions, self.responses, strict=True)]

    def finish(self, *, timed_out: bool = False) -> MockResult:
        """Grade, score and close the exam in one transaction; returns the result.

        ``self.graded`` keeps the graded items, for rating each item on its review card
        (:func:`quizzer.learner.review_mock`, which the app runs in a worker).

        Raises :class:`~quizzer.saving.NotSaved` (the exam stays open, every response kept)
        when the disk refuses the answers kept earlier or the result; submitting again once
        there is space succeeds.
        """
        left = 0.0 if timed_out else self.time_left()
        self.pause()
        result, graded = build_result(
            self.blueprint,
            self.questions,
            self.items,
            self.responses,
            terms=self.terms,
            seed=self.seed,
            time_limit_s=self.time_limit_s,
            time_left_s=left,
            timed_out=timed_out,
        )
        kept = unsaved(self.ctx)
        try:
            kept.flush()  # the answers kept while the disk was full go first
        except NotSaved as exc:
            raise NotSaved(f"The exam was not submitted: {exc}") from exc
        try:
            sessions.finish_mock(
                self.ctx.engine,
                session_id=self.session_id,
                result=result,
                graded=graded,
                time_left_s=left,
            )
        except Exception as exc:
            if not is_write_failure(exc):
                raise
            kept.failed(exc)
            raise NotSaved(f"The exam was not submitted: {explain(exc) or exc}") from exc
        self.finished = True
        self.graded = graded
        return result
