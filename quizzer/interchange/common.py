"""What every format shares: an imported question, a located problem, ids, text placeholders."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from quizzer.bank.schema import QUESTION_ID

#: The exam every imported question belongs to until an author tags it with a vendor objective.
IMPORTED_EXAM = "IMPORTED"
UNTAGGED = "untagged"
#: Written where the source has no feedback; ``bank check`` warns until an author replaces it.
NO_RATIONALE = "Imported without a rationale; say why this answer is right or wrong."
NO_EXPLANATION = "Imported without an explanation; explain the idea this question tests."

_ID_OK = re.compile(QUESTION_ID)


class InterchangeError(Exception):
    """A file that cannot be read at all: nothing from it is imported."""

    def __init__(self, path: str, where: str, message: str):
        super().__init__(f"{path}:{where}: {message}")
        self.path, self.where, self.message = path, where, message


@dataclass(frozen=True)
class Report:
    """What did not fit: ``file:where: id: message`` (a question skipped, a field lost)."""

    path: str
    where: str
    message: str
    question_id: str | None = None

    def __str__(self) -> str:
        who = f" {self.question_id}:" if self.question_id else ""
        return f"{self.path}:{self.where}:{who} {self.message}"


@dataclass
class Imported:
    """A question read from another format, in quizzer's field names, before it is placed in a bank.

    ``fields`` holds the type's own fields plus id, stem and explanation; the writer adds
    objectives (from ``tags``), topic (from ``category``) and difficulty.
    """

    fields: dict[str, Any]
    where: str
    tags: list[str] = field(default_factory=list)
    category: str | None = None
    difficulty: int | None = None


@dataclass
class ParseResult:
    """What one file gave: the questions that fit and a report for each thing that did not."""

    questions: list[Imported] = field(default_factory=list)
    skipped: list[Report] = field(default_factory=list)
    #: images and other files a package carries, by their path inside it
    resources: dict[str, bytes] = field(default_factory=dict)


def slug(text: str, *, limit: int = 80) -> str:
    """Lower-case words joined by '-', cut at ``limit`` without a trailing '-'."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:limit].strip("-")


def question_id(source_id: str | None, stem: str) -> str:
    """The source's id made valid, else one derived from the stem (stable across imports)."""
    if source_id:
        candidate = slug(source_id)
        if candidate and _ID_OK.match(candidate):
            return candidate
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    head = slug(" ".join(stem.split()[:6]), limit=60) or "question"
    return f"{head}-{digest}"


def number_text(value: float) -> str:
    """``value`` written exactly: ``:g`` keeps 6 digits, so 1048576 would come back as 1048580."""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def rationale(text: str | None) -> str:
    return text.strip() if text and text.strip() else NO_RATIONALE


def explanation(text: str | None) -> str:
    return text.strip() if text and text.strip() else NO_EXPLANATION


def unique_ids(questions: list[Imported]) -> None:
    """Give repeated ids a numeric suffix, in file order, so one file never clashes with itself."""
    seen: set[str] = set()
    for question in questions:
        base = question.fields["id"]
        candidate, n = base, 2
        while candidate in seen:
            candidate, n = f"{base[:76]}-{n}", n + 1
        question.fields["id"] = candidate
        seen.add(candidate)
