"""Type a short text: accepted answers (case and outer spaces ignored) or a pattern."""

from __future__ import annotations

import re

from quizzer.bank.schema import AcceptedAnswer, ShortAnswerQuestion
from quizzer.qtypes.base import QuestionType


def _fold(question: ShortAnswerQuestion, text: str) -> str:
    text = text.strip()
    return text if question.case_sensitive else text.casefold()


def matched_answer(question: ShortAnswerQuestion, response: str) -> AcceptedAnswer | None:
    """The accepted answer a response gives, or None (a pattern match has no answer of its own)."""
    typed = _fold(question, response)
    return next((a for a in question.answers if _fold(question, a.text) == typed), None)


def accepts(question: ShortAnswerQuestion, response: str) -> bool:
    """Whether a typed response earns the marks."""
    if not isinstance(response, str):
        raise TypeError("a short answer is text")
    if matched_answer(question, response) is not None:
        return True
    if question.pattern is None:
        return False
    flags = 0 if question.case_sensitive else re.IGNORECASE
    return re.fullmatch(question.pattern, response.strip(), flags) is not None


#: An accepted answer longer than this is hard to type exactly.
LONG_ANSWER = 40


def _checks(question: ShortAnswerQuestion) -> list[str]:
    return [
        f"accepted answer {a.text[:40]!r} is too long to type exactly; accept a shorter form"
        " or add a 'pattern'"
        for a in question.answers
        if len(a.text) > LONG_ANSWER and question.pattern is None
    ]


TYPE = QuestionType(
    name="short_answer",
    model=ShortAnswerQuestion,
    title="Short answer",
    grade=lambda q, response: 1.0 if accepts(q, response) else 0.0,
    summary=lambda q, response, order: str(response).strip(),
    answer_texts=lambda q: [(a.text, a.feedback) for a in q.answers if a.feedback],
    fast_ms=30_000,
    checks=_checks,
)
