"""A problem found in the bank, located by file and line, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, order=True)
class Problem:
    """``file:line: question-id: what is wrong and what to change``."""

    path: str
    line: int
    question_id: str | None
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        who = f" {self.question_id}:" if self.question_id else ""
        tag = "" if self.severity == "error" else " warning:"
        return f"{where}:{tag}{who} {self.message}"


class BankError(Exception):
    """The bank has errors; nothing was loaded. ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(
            f"{len(errors)} error(s) in the question bank; first: {errors[0] if errors else '-'}"
        )
