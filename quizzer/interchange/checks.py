"""Warnings for imported questions that an author has not finished: no vendor objective, no rationale."""

from __future__ import annotations

from quizzer.bank.problems import Problem
from quizzer.interchange.common import IMPORTED_EXAM, NO_EXPLANATION, NO_RATIONALE


def imported_problems(bank) -> list[Problem]:
    out = []
    prefix = f"{IMPORTED_EXAM}:"
    for qid, question in bank.questions.items():
        where = bank.locations[qid]

        def warn(message: str) -> None:
            out.append(Problem(where.path, where.line, qid, message, "warning"))

        if all(o.startswith(prefix) for o in question.objectives):
            warn("imported without a vendor objective; tag it with an objective id from exams/*.yaml")
        dump = question.model_dump_json()
        if NO_RATIONALE in dump:
            warn("imported without rationales; write why each answer is right or wrong")
        if NO_EXPLANATION in dump:
            warn("imported without an explanation; write one")
    return out
