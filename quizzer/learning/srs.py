"""Spaced repetition with FSRS: one card per learner and question, rated from each answer.

The scheduling itself is the ``fsrs`` package's; this module decides the rating, keeps the
card in the store and answers "what is due". Ratings: a wrong answer is *Again*, a partly right
one is rated by its score (at least :data:`HARD_FROM` of the marks is *Hard*, less is *Again*), a
right one *Good*, and a right one given fast (under a per-type threshold) and, when certainty was
asked, with certainty 3 ("sure") is *Easy*. An unanswered question is no evidence about memory
and is never rated. Within an exam's cram window (:mod:`quizzer.learning.cram`)
a scheduler with a higher desired retention is used, both to schedule and to decide what is due.
All times are timezone-aware UTC; every function takes ``now`` so tests can inject a clock.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from fsrs import Card, Rating, ReviewLog, Scheduler, State
from sqlalchemy.engine import Engine

from quizzer.learning import cram
from quizzer.store import cards as card_store
from quizzer.store.cards import CardRecord

if TYPE_CHECKING:
    from fsrs.card import CardDict

#: How fast a right answer must be, per question type, to count as "fast" (milliseconds).
FAST_MS: dict[str, int] = {
    "true_false": 10_000,
    "single": 15_000,
    "multiple": 25_000,
    "numeric": 30_000,
    "yes_no": 30_000,
    "ordering": 30_000,
    "matching": 40_000,
}

SURE = 3
HARD_FROM = 0.5
"""A partly right answer scoring at least this share of the marks is rated Hard, not Again."""


@dataclass(frozen=True)
class SrsConfig:
    """Scheduling choices; the defaults suit exam questions rather than flashcards."""

    desired_retention: float = 0.90
    cram_retention: float = 0.95
    learning_steps: tuple[dt.timedelta, ...] = (dt.timedelta(minutes=10),)
    """One short step: a first right answer goes straight to a review in days."""
    relearning_steps: tuple[dt.timedelta, ...] = (dt.timedelta(minutes=10),)
    fuzz: bool = False
    """FSRS fuzz spreads reviews with an unseeded random; off, so schedules are reproducible."""
    fast_ms: Mapping[str, int] = field(default_factory=lambda: dict(FAST_MS))
    default_fast_ms: int = 15_000

    def scheduler(self, *, cram: bool = False) -> Scheduler:
        return Scheduler(
            desired_retention=self.cram_retention if cram else self.desired_retention,
            learning_steps=self.learning_steps,
            relearning_steps=self.relearning_steps,
            enable_fuzzing=self.fuzz,
        )

    def fast_threshold_ms(self, question_type: str | None) -> int:
        return self.fast_ms.get(question_type or "", self.default_fast_ms)


DEFAULT_CONFIG = SrsConfig()


@dataclass(frozen=True)
class ReviewOutcome:
    """What one review did to a card, for the screen that just recorded an answer."""

    question_id: str
    rating: str
    state: str
    due: dt.datetime
    reps: int
    lapses: int
    cram: bool


def utc(now: dt.datetime | None) -> dt.datetime:
    """``now`` in UTC (the current time when None); a naive datetime is a mistake and raises."""
    if now is None:
        return dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        raise ValueError("pass a timezone-aware datetime (UTC), not a naive one")
    return now.astimezone(dt.UTC)


def rating_for(
    *,
    correct: bool,
    time_ms: int,
    certainty: int | None = None,
    question_type: str | None = None,
    score: float | None = None,
    config: SrsConfig = DEFAULT_CONFIG,
) -> Rating:
    """Again when wrong; Hard when partly right (``score`` at least :data:`HARD_FROM`);
    Easy when right, fast and (if asked) sure; otherwise Good."""
    if not correct:
        partly = score is not None and score >= HARD_FROM
        return Rating.Hard if partly else Rating.Again
    fast = 0 <= time_ms <= config.fast_threshold_ms(question_type)
    sure = certainty is None or certainty == SURE
    return Rating.Easy if fast and sure else Rating.Good


def card_id(profile_id: int, question_id: str) -> int:
    """A stable id for the FSRS card (FSRS only uses it to match review logs)."""
    return zlib.crc32(f"{profile_id}:{question_id}".encode())


def apply_review(
    record: CardRecord | None,
    *,
    profile_id: int,
    question_id: str,
    rating: Rating,
    now: dt.datetime,
    scheduler: Scheduler,
) -> CardRecord:
    """The card after one review (pure): a new card when ``record`` is None."""
    now = utc(now)
    if record is None:
        card = Card(card_id=card_id(profile_id, question_id), due=now)
        log: tuple[tuple[int, str], ...] = ()
        reps = lapses = 0
    else:
        card = Card.from_dict(cast("CardDict", record.card))
        log, reps, lapses = record.log, record.reps, record.lapses
    lapsed = rating == Rating.Again and card.state == State.Review
    card, _ = scheduler.review_card(card, rating, now)
    return CardRecord(
        question_id,
        dict(card.to_dict()),
        (*log, (int(rating), now.isoformat())),
        int(card.state),
        card.due,
        card.last_review,
        reps + 1,
        lapses + int(lapsed),
    )


def _settings(engine: Engine, profile_id: int) -> dict:
    from quizzer.store.progress import get_profile

    profile = get_profile(engine, profile_id=profile_id)
    return profile.settings if profile is not None else {}


def review(
    engine: Engine,
    *,
    profile_id: int,
    question_id: str,
    correct: bool,
    time_ms: int,
    certainty: int | None = None,
    now: dt.datetime | None = None,
    question_type: str | None = None,
    exam_id: str | None = None,
    score: float | None = None,
    config: SrsConfig = DEFAULT_CONFIG,
) -> ReviewOutcome:
    """Rate one recorded answer and update (or create) the question's card; call after each answer.

    ``exam_id`` is the exam the session practises, if any: its cram window decides the
    retention; without it, any exam in its cram window does.
    """
    now = utc(now)
    cramming = cram.in_cram(_settings(engine, profile_id), now=now, exam_id=exam_id)
    rating = rating_for(
        correct=correct,
        time_ms=time_ms,
        certainty=certainty,
        question_type=question_type,
        score=score,
        config=config,
    )
    record = card_store.get_card(engine, profile_id=profile_id, question_id=question_id)
    record = apply_review(
        record,
        profile_id=profile_id,
        question_id=question_id,
        rating=rating,
        now=now,
        scheduler=config.scheduler(cram=cramming),
    )
    card_store.put_card(engine, profile_id=profile_id, record=record)
    return ReviewOutcome(
        question_id,
        rating.name,
        State(record.state).name,
        record.due,
        record.reps,
        record.lapses,
        cramming,
    )


def due_under(record: CardRecord, scheduler: Scheduler) -> dt.datetime:
    """When a card is due had ``scheduler`` always scheduled it (FSRS replays its log)."""
    if not record.log:
        return record.due
    logs = [
        ReviewLog(
            card_id=int(record.card["card_id"]),
            rating=Rating(r),
            review_datetime=utc(dt.datetime.fromisoformat(t)),
            review_duration=None,
        )
        for r, t in record.log
    ]
    card = Card(card_id=int(record.card["card_id"]), due=logs[0].review_datetime)
    return scheduler.reschedule_card(card, logs).due


def _due(
    engine: Engine,
    *,
    profile_id: int,
    now: dt.datetime,
    exam_id: str | None,
    question_ids: Collection[str] | None,
    config: SrsConfig,
) -> list[str] | None:
    """Due question ids, most overdue first, or None when the plain due column can answer."""
    if not cram.in_cram(_settings(engine, profile_id), now=now, exam_id=exam_id):
        return None
    scheduler = config.scheduler(cram=True)
    due: list[tuple[dt.datetime, str]] = []
    for record in card_store.cards(engine, profile_id=profile_id, question_ids=question_ids):
        when = record.due
        # A higher retention only shortens review intervals: replay only cards not yet due.
        if when > now and record.state == State.Review:
            when = min(when, due_under(record, scheduler))
        if when <= now:
            due.append((when, record.question_id))
    return [q for _, q in sorted(due)]


def due_question_ids(
    engine: Engine,
    *,
    profile_id: int,
    now: dt.datetime | None = None,
    limit: int | None = None,
    exam_id: str | None = None,
    question_ids: Collection[str] | None = None,
    config: SrsConfig = DEFAULT_CONFIG,
) -> list[str]:
    """Questions whose card is due at ``now``, most overdue first.

    ``question_ids`` restricts the answer (e.g. to one exam's questions); ``exam_id`` names
    the exam whose cram window applies (None: any exam's).
    """
    now = utc(now)
    ids = _due(
        engine,
        profile_id=profile_id,
        now=now,
        exam_id=exam_id,
        question_ids=question_ids,
        config=config,
    )
    if ids is None:
        if question_ids is None:
            return [
                r.question_id
                for r in card_store.due_cards(
                    engine, profile_id=profile_id, before=now, limit=limit
                )
            ]
        wanted = set(question_ids)
        ids = [
            r.question_id
            for r in card_store.due_cards(engine, profile_id=profile_id, before=now)
            if r.question_id in wanted
        ]
    return ids[:limit] if limit is not None else ids


def due_count(
    engine: Engine,
    *,
    profile_id: int,
    now: dt.datetime | None = None,
    exam_id: str | None = None,
    question_ids: Collection[str] | None = None,
    config: SrsConfig = DEFAULT_CONFIG,
) -> int:
    """How many cards are due at ``now`` (for the dashboard's badge)."""
    now = utc(now)
    if question_ids is None and not cram.in_cram(
        _settings(engine, profile_id), now=now, exam_id=exam_id
    ):
        return card_store.count_due(engine, profile_id=profile_id, before=now)
    return len(
        due_question_ids(
            engine,
            profile_id=profile_id,
            now=now,
            exam_id=exam_id,
            question_ids=question_ids,
            config=config,
        )
    )


def retrievability(
    records: Iterable[CardRecord], *, at: dt.datetime, config: SrsConfig = DEFAULT_CONFIG
) -> dict[str, float]:
    """FSRS's probability of recalling each card's question at ``at`` (pure)."""
    scheduler = config.scheduler()
    at = utc(at)
    return {
        r.question_id: float(
            scheduler.get_card_retrievability(Card.from_dict(cast("CardDict", r.card)), at)
        )
        for r in records
    }


def recall(
    engine: Engine,
    *,
    profile_id: int,
    at: dt.datetime | None = None,
    config: SrsConfig = DEFAULT_CONFIG,
) -> dict[str, float]:
    """Question id -> FSRS recall probability at ``at`` for every card of a profile."""
    return retrievability(
        card_store.cards(engine, profile_id=profile_id), at=utc(at), config=config
    )


def rebuild_cards(
    engine: Engine,
    *,
    profile_id: int,
    question_types: Mapping[str, str] | None = None,
    config: SrsConfig = DEFAULT_CONFIG,
) -> int:
    """Replace a profile's cards by replaying its whole answer history; returns the card count.

    For databases that recorded answers before review cards existed (migration 0002), and
    after a change of :class:`SrsConfig`. ``question_types`` (id -> type) sharpens the Easy rating.
    """
    from quizzer.store.repo import answers

    settings = _settings(engine, profile_id)
    records: dict[str, CardRecord] = {}
    for answer in answers(engine, profile_id=profile_id):
        at = utc(answer.answered_at)
        rating = rating_for(
            correct=answer.correct,
            time_ms=answer.time_ms,
            certainty=answer.certainty,
            question_type=(question_types or {}).get(answer.question_id),
            score=answer.score,
            config=config,
        )
        records[answer.question_id] = apply_review(
            records.get(answer.question_id),
            profile_id=profile_id,
            question_id=answer.question_id,
            rating=rating,
            now=at,
            scheduler=config.scheduler(cram=cram.in_cram(settings, now=at)),
        )
    card_store.delete_cards(engine, profile_id=profile_id)
    for record in records.values():
        card_store.put_card(engine, profile_id=profile_id, record=record)
    return len(records)
