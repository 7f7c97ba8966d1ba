"""Shared helpers for the learning tests: a fixed clock, answer records and synthetic banks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from quizzer.bank.blueprint import Blueprint
from quizzer.bank.loader import Bank
from quizzer.bank.schema import TrueFalseQuestion

FIXTURE_BANK = Path(__file__).parents[1] / "fixtures" / "bank"
T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Ans:
    """An answer as the pure learning functions see it (AnswerRecord has the same fields)."""

    question_id: str
    score: float
    answered_at: dt.datetime
    certainty: int | None = None
    correct: bool = False
    time_ms: int = 20_000


def synthetic_bank(per_objective: int = 20, *, uncovered: bool = True) -> Bank:
    """Exam SYN: domain A (60%, objectives A.1, A.2) and B (40%, B.1); C (in scope, no questions).

    ``uncovered=False`` leaves domain C out, so that the bank covers the whole exam.
    """
    blueprint = Blueprint.model_validate(
        {
            "id": "SYN",
            "vendor": "Test",
            "name": "Synthetic",
            "status": "active",
            "outline": "o",
            "questions": 50,
            "questions_note": "n",
            "minutes": 60,
            "passing_score": 700,
            "scale_min": 100,
            "scale_max": 1000,
            "coverage": "c",
            "domains": [
                {
                    "id": "A",
                    "name": "Alpha",
                    "weight": "55-65%",
                    "objectives": [{"id": "A.1", "text": "a one"}, {"id": "A.2", "text": "a two"}],
                },
                {
                    "id": "B",
                    "name": "Beta",
                    "weight": "40%",
                    "objectives": [{"id": "B.1", "text": "b one"}],
                },
                {
                    "id": "C",
                    "name": "Gamma",
                    "weight": "10%",
                    "objectives": [{"id": "C.1", "text": "c one"}],
                },
            ][: 3 if uncovered else 2],
        }
    )
    questions = {}
    for objective in ("A.1", "A.2", "B.1"):
        for i in range(per_objective):
            qid = f"{objective.lower().replace('.', '-')}-q{i}"
            questions[qid] = TrueFalseQuestion(
                id=qid,
                type="true_false",
                stem=f"Statement {qid}.",
                answer=True,
                rationale_true="yes",
                rationale_false="no",
                explanation="e",
                objectives=[f"SYN:{objective}"],
                topic="t",
                difficulty=1,
            )
    return Bank(Path("."), questions, {"SYN": blueprint}, {"t": "topic"})


def history(
    bank: Bank,
    accuracy: float,
    *,
    repeats: int = 1,
    start: dt.datetime = T0,
    every: dt.timedelta = dt.timedelta(hours=1),
) -> list[Ans]:
    """Each question of ``bank`` answered ``repeats`` times; right on a fixed share ``accuracy``."""
    ids = sorted(bank.questions)
    # Question i is right when floor((i + 1) * accuracy) steps up: right answers spread evenly.
    right = {
        q for i, q in enumerate(ids) if int((i + 1) * accuracy + 1e-9) > int(i * accuracy + 1e-9)
    }
    answers = []
    at = start
    for _ in range(repeats):
        for qid in ids:
            ok = qid in right
            answers.append(Ans(qid, 1.0 if ok else 0.0, at, correct=ok))
            at += every
    return answers


def add_mock(
    engine, *, profile_id: int, exam_id: str, scores: list[tuple[str, float]], submit: bool = True
) -> int:
    """A mock exam through the store's own functions, submitted with the given item scores."""
    from quizzer.mock_data import MockItemGrade, MockResult, MockTerms
    from quizzer.store import sessions

    session = sessions.create_mock(
        engine,
        profile_id=profile_id,
        exam_id=exam_id,
        seed=0,
        terms=MockTerms(),
        items=[{"question_id": q, "domain_id": None, "content_hash": f"h-{q}"} for q, _ in scores],
        time_limit_s=600,
    )
    for position, (_, score) in enumerate(scores):
        sessions.save_mock_answer(
            engine,
            session_id=session,
            position=position,
            response=score,
            time_ms=1000,
            time_left_s=500,
        )
    if submit:
        total = sum(s for _, s in scores)
        sessions.finish_mock(
            engine,
            session_id=session,
            result=MockResult(
                scaled=int(100 + 900 * total / len(scores)),
                passed=total / len(scores) >= 0.7,
            ),
            graded=[MockItemGrade(p, s >= 1, s) for p, (_, s) in enumerate(scores)],
            time_left_s=400,
        )
    return session
