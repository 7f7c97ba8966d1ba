"""Fixed database content for snapshots: practice answers and two mocks on fixed dates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, update
from sqlmodel import Session

from quizzer.assembly import assemble_mock
from quizzer.bank.loader import load_bank
from quizzer.mock_session import MockSettings, build_result, start_mock
from quizzer.store import answers as answer_store
from quizzer.store import migrate, profiles, question_scores, sessions
from quizzer.store.engine import make_engine
from quizzer.store.models import Answer, MockExam, QuestionScore, StudySession

from .answering import correct_response

UTC = dt.UTC


def seed(db_url: str, bank_root) -> dict[str, int]:
    """Two days of practice and two submitted mocks; returns their session ids."""
    from quizzer.context import Context

    engine = make_engine(db_url)
    migrate.upgrade(engine)
    bank = load_bank(bank_root)
    profile = profiles.get_or_create_profile(engine, name="default")
    ctx = Context(bank, engine, profile)
    ids: dict[str, int] = {}

    for day, right in (
        (dt.datetime(2026, 1, 10, 9, 0, tzinfo=UTC), 2),
        (dt.datetime(2026, 1, 12, 18, 30, tzinfo=UTC), 3),
    ):
        session_id = sessions.start_session(
            engine, profile_id=profile.id, kind="practice", exam_id="TEST-EXAM"
        )
        for n, question_id in enumerate(["t-single", "t-true-false", "t-numeric", "t-yes-no"]):
            correct = n < right
            answer_store.record_answer(
                engine,
                session_id=session_id,
                profile_id=profile.id,
                question_id=question_id,
                content_hash=bank.content_hash(question_id),
                response=None,
                correct=correct,
                score=1.0 if correct else 0.0,
                time_ms=12_000,
                answered_at=day + dt.timedelta(minutes=n),
            )
        _set_times(engine, session_id, day, day + dt.timedelta(minutes=5))
        ids[f"practice-{day.day}"] = session_id

    blueprint = bank.blueprints["TEST-EXAM"]
    for seed_value, (day, wrong) in enumerate(
        (
            (dt.datetime(2026, 1, 11, 10, 0, tzinfo=UTC), 3),
            (dt.datetime(2026, 1, 14, 10, 0, tzinfo=UTC), 1),
        ),
        start=7,
    ):
        plan = assemble_mock(bank, blueprint, seed=seed_value)
        settings = MockSettings("TEST-EXAM", 6, 10, seed_value, pass_mark=700)
        session_id = start_mock(ctx, settings, plan)
        record = sessions.load_mock(engine, session_id=session_id)
        questions = [bank.questions[i.question_id] for i in record.items]
        responses = [correct_response(q) if n >= wrong else None for n, q in enumerate(questions)]
        for position, response in enumerate(responses):
            sessions.save_mock_answer(
                engine,
                session_id=session_id,
                position=position,
                response=response,
                time_ms=20_000,
                time_left_s=500,
            )
        items = list(plan.items)
        result, graded = build_result(
            blueprint,
            questions,
            items,
            responses,
            terms=record.terms,
            seed=seed_value,
            time_limit_s=600,
            time_left_s=240,
            timed_out=False,
        )
        sessions.finish_mock(
            engine, session_id=session_id, result=result, graded=graded, time_left_s=240
        )
        _set_times(engine, session_id, day, day + dt.timedelta(minutes=6))
        with Session(engine) as db:
            db.exec(
                update(Answer)
                .where(Answer.session_id == session_id)
                .values(answered_at=day + dt.timedelta(minutes=3))
            )
            db.exec(
                update(MockExam).where(MockExam.session_id == session_id).values(updated_at=day)
            )
            db.commit()
        ids[f"mock-{day.day}"] = session_id
    _refold_scores(engine, profile.id)
    engine.dispose()
    return ids


def _refold_scores(engine, profile_id: int) -> None:
    """The running per-question scores again, from the answers at their back-dated times."""
    history = answer_store.all_answers(engine, profile_id=profile_id)
    with Session(engine) as db:
        db.exec(delete(QuestionScore).where(QuestionScore.profile_id == profile_id))
        for answer in history:
            question_scores.fold(
                db,
                profile_id=profile_id,
                question_id=answer.question_id,
                score=answer.score,
                at=answer.answered_at,
            )
            db.flush()
        db.commit()


def _set_times(engine, session_id: int, started: dt.datetime, ended: dt.datetime) -> None:
    with Session(engine) as db:
        db.exec(
            update(StudySession)
            .where(StudySession.id == session_id)
            .values(started_at=started, ended_at=ended)
        )
        db.commit()
