"""What a mock tells the learning engine: answered items only; abandoning keeps what was given."""

from __future__ import annotations

import datetime as dt

from learning_helpers import T0

from quizzer import learner
from quizzer.context import Context
from quizzer.learning.srs import due_question_ids
from quizzer.mock_data import MockTerms
from quizzer.mock_session import build_result
from quizzer.store import answers, cards, profiles, sessions

NOW = T0 + dt.timedelta(days=1)


def _context(engine, bank, profile_id) -> Context:
    profile = profiles.get_or_create_profile(engine, name="ada")
    assert profile.id == profile_id
    return Context(bank=bank, engine=engine, profile=profile)


def _mock(engine, bank, profile_id, answered: dict[int, object]) -> tuple[int, list]:
    ids = sorted(bank.questions)
    items = [
        {"question_id": q, "domain_id": None, "content_hash": bank.content_hash(q)} for q in ids
    ]
    session = sessions.create_mock(
        engine,
        profile_id=profile_id,
        exam_id="TEST-EXAM",
        seed=0,
        terms=MockTerms(),
        items=items,
        time_limit_s=600,
    )
    for position, response in answered.items():
        sessions.save_mock_answer(
            engine,
            session_id=session,
            position=position,
            response=response,
            time_ms=9_000,
            time_left_s=500,
        )
    return session, [bank.questions[q] for q in ids]


def test_a_mock_submitted_with_few_answers_rates_only_those(engine, profile_id, fixture_bank):
    ctx = _context(engine, fixture_bank, profile_id)
    session, questions = _mock(engine, fixture_bank, profile_id, {0: 0})
    record = sessions.load_mock(engine, session_id=session)
    responses = [0] + [None] * (len(questions) - 1)
    from quizzer.assembly import Item

    items = [Item(i.question_id, None, None) for i in record.items]
    result, graded = build_result(
        fixture_bank.blueprints["TEST-EXAM"],
        questions,
        items,
        responses,
        terms=MockTerms(),
        seed=0,
        time_limit_s=600,
        time_left_s=300,
        timed_out=False,
    )
    sessions.finish_mock(engine, session_id=session, result=result, graded=graded, time_left_s=300)
    rated = learner.review_mock(ctx, session_id=session, graded=graded, now=NOW)
    assert result.answered == 1 and len(graded) == len(questions)  # the rest still score 0
    assert rated == 1
    assert [c.question_id for c in cards.cards(engine, profile_id=profile_id)] == [questions[0].id]
    assert (
        len(due_question_ids(engine, profile_id=profile_id, now=NOW + dt.timedelta(hours=1))) <= 1
    )
    assert [a.question_id for a in answers.all_answers(engine, profile_id=profile_id)] == [
        questions[0].id
    ]


def test_an_abandoned_mock_keeps_the_answers_given(engine, profile_id, fixture_bank):
    ctx = _context(engine, fixture_bank, profile_id)
    session, questions = _mock(engine, fixture_bank, profile_id, {0: 0, 2: 1})
    kept = learner.abandon_mock(ctx, session_id=session, now=NOW)
    assert kept == 2
    assert sessions.load_mock(engine, session_id=session).status == "abandoned"
    assert sessions.active_mocks(engine, profile_id=profile_id) == []
    answered = [a.question_id for a in answers.all_answers(engine, profile_id=profile_id)]
    assert sorted(answered) == sorted([questions[0].id, questions[2].id])
    assert {c.question_id for c in cards.cards(engine, profile_id=profile_id)} == set(answered)
    # abandoning twice changes nothing
    assert learner.abandon_mock(ctx, session_id=session, now=NOW) == 0
    assert len(answers.all_answers(engine, profile_id=profile_id)) == 2
