"""The question types: one module per type, each registering a :class:`QuestionType` here.

Engine code looks a type up with :func:`of` instead of branching on ``question.type``. The
input widget and feedback of a type live in the UI layer (``quizzer/widgets/qtype_ui.py``),
so that no engine module imports Textual. docs/question-types.md says how to add a type.
"""

from __future__ import annotations

from quizzer.qtypes import (
    matching,
    multiple,
    numeric,
    ordering,
    recall,
    short_answer,
    single,
    true_false,
    yes_no,
)
from quizzer.qtypes.base import QuestionType

TYPES: dict[str, QuestionType] = {
    t.name: t
    for t in (
        single.TYPE,
        multiple.TYPE,
        true_false.TYPE,
        yes_no.TYPE,
        ordering.TYPE,
        matching.TYPE,
        numeric.TYPE,
        short_answer.TYPE,
        recall.TYPE,
    )
}
#: Every ``type:`` value, in the order the docs list them.
NAMES: tuple[str, ...] = tuple(TYPES)
#: Types a mock exam may draw.
MOCK_TYPES: frozenset[str] = frozenset(name for name, t in TYPES.items() if t.in_mocks)


def of(question) -> QuestionType:
    """The registration of a question's type."""
    return TYPES[question.type]


__all__ = ["MOCK_TYPES", "NAMES", "TYPES", "QuestionType", "of"]
