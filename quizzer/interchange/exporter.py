"""``quizzer bank export``: questions by exam or objective, written in another tool's format."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from quizzer.bank.loader import Bank
from quizzer.bank.schema import Question
from quizzer.interchange import aiken, anki, gift, moodle_xml, qti
from quizzer.interchange.common import Report

#: format -> (writer returning (text or bytes, reports), default file name)
FORMATS: dict[str, tuple[Callable[..., tuple[str | bytes, list[Report]]], str]] = {
    "gift": (gift.export, "quizzer.gift"),
    "aiken": (aiken.export, "quizzer-aiken.txt"),
    "moodle-xml": (moodle_xml.export, "quizzer-moodle.xml"),
    "qti3": (
        lambda qs, name, root: qti.export(qs, name, version="3.0", bank_root=root),
        "quizzer-qti3.zip",
    ),
    "qti21": (
        lambda qs, name, root: qti.export(qs, name, version="2.1", bank_root=root),
        "quizzer-qti21.zip",
    ),
    "anki": (anki.export, "quizzer-anki.txt"),
}


def select(
    bank: Bank, *, exam: str | None = None, objectives: Sequence[str] = ()
) -> list[Question]:
    """Questions of an exam and/or with any of the objectives (prefix match), in bank order."""
    questions = bank.for_exam(exam) if exam else list(bank.questions.values())
    if objectives:
        wanted = tuple(objectives)
        questions = [
            q
            for q in questions
            if any(o == w or o.startswith(w + ".") for o in q.objectives for w in wanted)
        ]
    return questions


def export(
    questions: list[Question], fmt: str, name: str, bank_root: Path | None = None
) -> tuple[str | bytes, list[Report]]:
    writer, _ = FORMATS[fmt]
    if fmt.startswith("qti"):
        return writer(questions, name, bank_root)
    return writer(questions, name)
