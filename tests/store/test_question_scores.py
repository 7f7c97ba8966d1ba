"""The store's running per-question totals equal the same figures computed from every answer."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from quizzer.learning.mastery import question_scores
from quizzer.store import repo
from quizzer.store.question_scores import HALF_LIFE_DAYS, scores_at

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_running_totals_match_a_full_recount(engine):
    profile = repo.get_or_create_profile(engine, name="ada")
    session = repo.start_session(engine, profile_id=profile.id, kind="practice")
    rng = random.Random(3)
    times = sorted(T0 + dt.timedelta(hours=rng.randint(0, 24 * 120)) for _ in range(60))
    order = list(range(60))
    rng.shuffle(order[40:])  # some answers arrive out of time order, as a late mock does
    for i in order:
        repo.record_answer(
            engine,
            session_id=session,
            profile_id=profile.id,
            question_id=f"q{i % 7}",
            content_hash="h",
            response=0,
            correct=True,
            score=rng.choice([0.0, 0.5, 1.0]),
            time_ms=1,
            answered_at=times[i],
        )
    at = T0 + dt.timedelta(days=150)
    expected = question_scores(
        repo.answers(engine, profile_id=profile.id), at=at, half_life_days=HALF_LIFE_DAYS
    )
    actual = scores_at(engine, profile_id=profile.id, at=at)
    assert actual.keys() == expected.keys()
    for question_id, (mean, weight, count) in expected.items():
        assert actual[question_id][0] == pytest.approx(mean, rel=1e-9)
        assert actual[question_id][1] == pytest.approx(weight, rel=1e-9)
        assert actual[question_id][2] == count


def test_finished_mock_counts_too(engine):
    profile = repo.get_or_create_profile(engine, name="ada")
    items = [{"question_id": "q1", "domain_id": "1", "content_hash": "h", "display_order": None}]
    mock = repo.create_mock(
        engine, profile_id=profile.id, exam_id="X", seed=1, plan={}, items=items, time_limit_s=60
    )
    repo.save_mock_answer(
        engine, session_id=mock, position=0, response=1, time_ms=10, time_left_s=50
    )
    repo.finish_mock(
        engine,
        session_id=mock,
        result={},
        graded=[{"position": 0, "correct": False, "score": 0.0}],
        time_left_s=0,
    )
    far = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert scores_at(engine, profile_id=profile.id, at=far)["q1"][2] == 1
