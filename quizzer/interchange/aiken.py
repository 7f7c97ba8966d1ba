"""Aiken (single choice, one line per question and option): read and write."""

from __future__ import annotations

import re
from collections.abc import Iterable

from quizzer.bank.schema import Question
from quizzer.interchange import safety
from quizzer.interchange.common import (
    Imported,
    ParseResult,
    Report,
    explanation,
    question_id,
    rationale,
    unique_ids,
)

NAME = "aiken"
_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$")
LETTERS = "ABCDEFGH"


def read(data: bytes, name: str) -> ParseResult:
    return parse(safety.decode(data, name), name)


def parse(text: str, name: str) -> ParseResult:
    result = ParseResult()
    stem: str | None = None
    start = 0
    options: list[tuple[str, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        option, answer = _OPTION.match(line), _ANSWER.match(line)
        if stem is None:
            stem, start, options = line, number, []
        elif answer:
            letters = [letter for letter, _ in options]
            where = str(start)
            if answer.group(1) not in letters or len(options) < 2:
                result.skipped.append(
                    Report(
                        name,
                        where,
                        f"ANSWER: {answer.group(1)} names no option of this question "
                        f"(options {''.join(letters)})",
                    )
                )
            else:
                result.questions.append(_question(stem, options, answer.group(1), where))
            stem = None
        elif option:
            options.append((option.group(1), option.group(2).strip()))
        else:
            result.skipped.append(
                Report(
                    name,
                    str(number),
                    f"line {line[:40]!r} is neither an option 'A. ...' nor 'ANSWER: X'; "
                    "Aiken keeps a question on one line",
                )
            )
            stem = None
    if stem is not None:
        result.skipped.append(Report(name, str(start), "the question has no 'ANSWER:' line"))
    unique_ids(result.questions)
    return result


def _question(stem: str, options: list[tuple[str, str]], key: str, where: str) -> Imported:
    fields = {
        "id": question_id(None, stem),
        "type": "single",
        "stem": stem,
        "options": [
            {
                "text": text,
                "rationale": rationale(None),
                **({"correct": True} if letter == key else {}),
            }
            for letter, text in options
        ],
        "explanation": explanation(None),
    }
    return Imported(fields, where)


def export(questions: Iterable[Question], name: str) -> tuple[str, list[Report]]:
    out: list[str] = []
    reports: list[Report] = []
    for q in questions:
        if q.type != "single":
            reports.append(
                Report(
                    name,
                    q.id,
                    f"{q.type} questions do not fit Aiken (single choice only); left out",
                    q.id,
                )
            )
            continue
        texts = [q.stem, *(o.text for o in q.options)]
        if any("\n" in t for t in texts):
            reports.append(
                Report(
                    name,
                    q.id,
                    "a stem or option spans lines, which Aiken cannot hold; left out",
                    q.id,
                )
            )
            continue
        out.append(q.stem)
        out += [f"{LETTERS[i]}. {o.text}" for i, o in enumerate(q.options)]
        out.append(f"ANSWER: {LETTERS[next(i for i, o in enumerate(q.options) if o.correct)]}\n")
        reports.append(
            Report(
                name,
                q.id,
                "not carried by Aiken: id, rationales, explanation, objectives, topic",
                q.id,
            )
        )
    return "\n".join(out), reports
