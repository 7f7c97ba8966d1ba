"""Warnings for imported questions an author has not finished: no vendor objective or rationale."""

from __future__ import annotations

from quizzer.bank.problems import Problem
from quizzer.interchange.common import IMPORTED_EXAM, NO_EXPLANATION, NO_RATIONALE


def imported_problems(bank) -> list[Problem]:
    """A warning per unfinished imported question, at its file:line; ``--strict`` fails them."""
    prefix = f"{IMPORTED_EXAM}:"
    out = []
    for qid, question in bank.questions.items():
        messages = []
        if all(o.startswith(prefix) for o in question.objectives):
            messages.append(
                "imported without a vendor objective; tag it with an objective id from exams/*.yaml"
            )
        dump = question.model_dump_json()
        if NO_RATIONALE in dump:
            messages.append("imported without rationales; write why each answer is right or wrong")
        if NO_EXPLANATION in dump:
            messages.append("imported without an explanation; write one")
        where = bank.locations[qid]
        out += [Problem(where.path, where.line, qid, m, "warning") for m in messages]
    return out
