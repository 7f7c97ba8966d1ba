"""A submitted mock of made-up questions, for the reporting commands' tests."""

from __future__ import annotations

from quizzer.mock_data import MockItemGrade, MockResult, MockTerms
from quizzer.store import sessions


def submit_mock(
    engine, profile_id: int, scores: list[float], *, result: MockResult | None = None
) -> None:
    """A mock of exam "X" with one answered question per score, submitted with ``result``."""
    items = [
        {"question_id": f"q{i}", "domain_id": "1", "content_hash": "h", "display_order": None}
        for i in range(len(scores))
    ]
    mock = sessions.create_mock(
        engine,
        profile_id=profile_id,
        exam_id="X",
        seed=1,
        terms=MockTerms(),
        items=items,
        time_limit_s=60,
    )
    for i in range(len(scores)):  # every item answered: an unanswered one records no answer
        sessions.save_mock_answer(
            engine, session_id=mock, position=i, response=0, time_ms=1, time_left_s=1
        )
    graded = [MockItemGrade(i, s == 1.0, s) for i, s in enumerate(scores)]
    sessions.finish_mock(
        engine, session_id=mock, result=result or MockResult(), graded=graded, time_left_s=0
    )
