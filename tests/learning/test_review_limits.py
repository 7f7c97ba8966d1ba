"""Review sessions are capped per session and per day, from the profile's settings."""

from __future__ import annotations

import datetime as dt

from learning_helpers import T0

from quizzer import learner
from quizzer.context import Context
from quizzer.learning.review_limits import PER_DAY, SESSION_LENGTH, ReviewLimits, day_start
from quizzer.learning.srs import review
from quizzer.store import answers, profiles
from quizzer.store import sessions as session_store


def test_limits_come_from_settings_and_bad_values_keep_defaults():
    default = ReviewLimits()
    assert ReviewLimits.from_settings({}) == default
    assert ReviewLimits.from_settings({SESSION_LENGTH: 5, PER_DAY: 12}) == ReviewLimits(5, 12)
    assert ReviewLimits.from_settings({SESSION_LENGTH: 0, PER_DAY: "x"}) == default
    assert ReviewLimits.from_settings({SESSION_LENGTH: True}) == default


def test_allowed_is_the_smaller_of_session_and_what_is_left_today():
    limits = ReviewLimits(session_length=10, per_day=25)
    assert limits.allowed(done_today=0) == 10
    assert limits.allowed(done_today=20) == 5
    assert limits.allowed(done_today=30) == 0


def test_day_start_is_utc_midnight():
    at = dt.datetime(2026, 3, 1, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert day_start(at) == dt.datetime(2026, 3, 2, 0, 0, tzinfo=dt.UTC)


def test_a_review_session_holds_at_most_the_limits(engine, profile_id, fixture_bank):
    ids = sorted(fixture_bank.questions)
    for question_id in ids:  # every question wrong: all due again ten minutes later
        review(
            engine,
            profile_id=profile_id,
            question_id=question_id,
            correct=False,
            time_ms=9_000,
            now=T0,
        )
    profile = profiles.update_profile_settings(
        engine, profile_id=profile_id, **{SESSION_LENGTH: 3, PER_DAY: 4}
    )
    ctx = Context(bank=fixture_bank, engine=engine, profile=profile)
    now = T0 + dt.timedelta(hours=1)
    plan = learner.review_plan(ctx, now=now)
    assert plan.due == len(ids) and len(plan.question_ids) == 3 and plan.held_back == len(ids) - 3
    session = session_store.start_session(engine, profile_id=profile_id, kind="review")
    for question_id in plan.question_ids:
        answers.record_answer(
            engine,
            session_id=session,
            profile_id=profile_id,
            question_id=question_id,
            content_hash="h",
            response=0,
            correct=True,
            score=1.0,
            time_ms=9_000,
            answered_at=now,
        )
    later = learner.review_plan(ctx, now=now + dt.timedelta(minutes=5))
    assert len(later.question_ids) == 1  # 4 a day, 3 done
    tomorrow = learner.review_plan(ctx, now=now + dt.timedelta(days=1))
    assert len(tomorrow.question_ids) == 3
