"""The app's own flows under a learner's login: practice, a mock to its results, a review."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from quizzer import study
from quizzer.assembly import assemble_mock
from quizzer.context import load_context
from quizzer.learning.readiness import readiness
from quizzer.mock_session import MockSession, MockSettings, start_mock
from quizzer.store import cards, repo
from quizzer.store.identity import ProfileRefused

from .conftest import needs_postgres

sys.path.insert(0, str(Path(__file__).parents[1]))
from app.answering import correct_response  # noqa: E402

pytestmark = [pytest.mark.postgres, needs_postgres]
BANK = Path(__file__).parents[1] / "fixtures" / "bank"
UTC = dt.UTC


def test_practice_mock_and_review_under_a_learner_login(team):
    ctx = load_context(
        bank_root=BANK, db_url=team.urls["ann"], profile_name="default", registry=False
    )
    team.engines.append(ctx.engine)
    assert (ctx.profile.name, ctx.profile.role) == (team.logins["ann"], "learner")
    now = dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

    # Practice: an answer is stored and rated on its review card.
    question = ctx.bank.questions["t-single"]
    session = repo.start_session(
        ctx.engine, profile_id=ctx.profile.id, kind="practice", exam_id="TEST-EXAM"
    )
    study.record_answer(
        ctx,
        session_id=session,
        question=question,
        response=correct_response(question),
        correct=True,
        score=1.0,
        time_ms=4_000,
        certainty=None,
        exam_id="TEST-EXAM",
        now=now,
    )
    repo.end_session(ctx.engine, session_id=session)
    assert [a.question_id for a in repo.answers(ctx.engine, profile_id=ctx.profile.id)] == [
        "t-single"
    ]
    assert cards.get_card(ctx.engine, profile_id=ctx.profile.id, question_id="t-single") is not None

    # A mock, answered in full and submitted: results and review ratings follow.
    blueprint = ctx.blueprint("TEST-EXAM")
    plan = assemble_mock(ctx.bank, blueprint, seed=3)
    session_id = start_mock(ctx, MockSettings("TEST-EXAM", 6, 10, 3, pass_mark=700), plan)
    clock = iter(range(0, 10_000, 5))
    mock = MockSession.open(ctx, session_id, lambda: float(next(clock)))
    mock.start()
    for position, item in enumerate(mock.items):
        mock.answer(position, correct_response(ctx.bank.questions[item.question_id]))
    result = mock.finish()
    assert result["passed"] and result["answered"] == len(mock.items)
    assert study.review_mock(ctx, session_id=session_id, graded=mock.graded, now=now) == len(
        mock.items
    )
    history = repo.mock_history(ctx.engine, profile_id=ctx.profile.id)
    assert [h.session_id for h in history] == [session_id]

    # A review session of due cards, an exam date, and the readiness forecast.
    later = now + dt.timedelta(days=60)
    due = study.due_items(ctx, now=later, seed=1)
    assert due
    for item in due:
        question = ctx.bank.questions[item.question_id]
        assert (
            study.review(
                ctx,
                question=question,
                correct=True,
                time_ms=3_000,
                certainty=None,
                exam_id="TEST-EXAM",
                now=later,
            )
            is not None
        )
    assert study.due_items(ctx, now=later, seed=1) == []
    profile = repo.update_profile_settings(ctx.engine, profile_id=ctx.profile.id, theme="nord")
    assert profile.settings["theme"] == "nord"
    forecast = readiness(
        ctx.engine, ctx.bank, profile_id=ctx.profile.id, exam_id="TEST-EXAM", now=later
    )
    assert forecast is not None


def test_the_app_refuses_a_chosen_profile_on_a_team_database(team):
    with pytest.raises(ProfileRefused, match=team.logins["bob"]):
        load_context(bank_root=BANK, db_url=team.urls["bob"], profile_name="ann", registry=False)
