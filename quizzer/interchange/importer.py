"""``quizzer bank import``: detect each file's format, parse it, write what fits into a bank folder.

A file is imported whole or not at all: a bad file, a question that does not fit quizzer's
types, or an image it lacks means nothing from that file is written (unless the caller asks
to skip questions that do not fit, which are still reported one by one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import ModuleType

from pydantic import ValidationError

from quizzer.bank.schema import question_adapter
from quizzer.interchange import aiken, anki, bankdir, gift, moodle_xml, qti, safety
from quizzer.interchange import html as markup_html
from quizzer.interchange.common import InterchangeError, ParseResult, Report, slug

#: format name -> module with ``parse(data: bytes, name) -> ParseResult``-compatible reader.
FORMATS: dict[str, ModuleType] = {
    "gift": gift,
    "aiken": aiken,
    "moodle-xml": moodle_xml,
    "qti": qti,
    "anki": anki,
}


@dataclass
class Outcome:
    written: list[Path] = field(default_factory=list)
    imported: int = 0
    reports: list[Report] = field(default_factory=list)
    failed_files: list[str] = field(default_factory=list)


def detect(path: Path, data: bytes) -> str:
    """The format of a file from its name and first bytes."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:2] == b"PK" or path.suffix.lower() == ".zip":
        return "qti"
    if head.startswith(b"<"):
        return (
            "qti"
            if re.search(rb"<(qti-assessment-item|assessmentItem)\b", data[:8192])
            else "moodle-xml"
        )
    suffix = path.suffix.lower()
    if suffix == ".gift":
        return "gift"
    text = head.decode("utf-8", "replace")
    if text.startswith("#") and re.match(
        r"#(separator|html|deck|tags column|guid column|notetype)", text
    ):
        return "anki"
    if re.search(r"(?m)^ANSWER:\s*[A-Z]\s*$", text):
        return "aiken"
    if gift.detect(text):
        return "gift"
    if "\t" in text:
        return "anki"
    raise InterchangeError(
        str(path), "1", "cannot tell the format; pass --format gift|aiken|moodle-xml|qti|anki"
    )


def parse_file(path: Path, fmt: str | None = None) -> tuple[str, ParseResult]:
    data = safety.read_bytes(path)
    fmt = fmt or detect(path, data)
    return fmt, FORMATS[fmt].read(data, str(path))


def _images(result: ParseResult, source: Path, name: str) -> tuple[dict[str, bytes], list[Report]]:
    """Every image the questions show, from the package or beside the file; missing ones reported"""
    found: dict[str, bytes] = {}
    reports = []
    for question in result.questions:
        texts = [v for v in _strings(question.fields)]
        for ref in {r for t in texts for r in markup_html.has_images(t)}:
            pure = PurePosixPath(ref)
            if pure.is_absolute() or ".." in pure.parts or "://" in ref:
                reports.append(
                    Report(
                        name,
                        question.where,
                        f"image {ref!r} lies outside the bank; ship it beside the questions",
                        question.fields["id"],
                    )
                )
            elif ref in result.resources:
                found[ref] = result.resources[ref]
            elif (source.parent / ref).is_file():
                found[ref] = (source.parent / ref).read_bytes()
            else:
                reports.append(
                    Report(name, question.where, f"image {ref!r} is missing", question.fields["id"])
                )
    return found, reports


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def import_files(
    paths: list[Path], into: Path, *, fmt: str | None = None, skip_unsupported: bool = False
) -> Outcome:
    outcome = Outcome()
    exams = bankdir.known_exams(into)
    topics: set[str] = set()
    objectives: set[str] = set()
    for path in paths:
        name = str(path)
        try:
            _, result = parse_file(path, fmt)
        except InterchangeError as exc:
            outcome.reports.append(Report(exc.path, exc.where, exc.message))
            outcome.failed_files.append(name)
            continue
        target = into / f"{slug(path.stem) or 'imported'}.yaml"
        problems = list(result.skipped)
        images, missing = _images(result, path, name)
        problems += missing
        placed = []
        taken = bankdir.existing_ids(into, target)
        file_topics, file_objectives = set(), set()
        for question in result.questions:
            data, new, topic = bankdir.place(question, exams)
            try:
                question_adapter.validate_python(data)
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                where = ".".join(str(p) for p in first["loc"][1:])
                problems.append(
                    Report(
                        name,
                        question.where,
                        f"does not fit quizzer's schema: {where}: {first['msg']}",
                        data["id"],
                    )
                )
                continue
            if data["id"] in taken:
                problems.append(
                    Report(
                        name,
                        question.where,
                        f"id already used in {taken[data['id']]}; rename one of them",
                        data["id"],
                    )
                )
                continue
            placed.append(data)
            file_topics.add(topic)
            file_objectives.update(new)
        blocking = [p for p in problems if p not in result.skipped or not skip_unsupported]
        outcome.reports += problems
        if blocking or not placed:
            outcome.failed_files.append(name)
            if not placed and not problems:
                outcome.reports.append(Report(name, "1", "no questions found"))
            continue
        header = (
            f"# Imported from {path.name} by quizzer bank import; "
            "tag each question with a vendor objective.\n"
        )
        bankdir.write_atomic(target, header + bankdir.dump({"questions": placed}))
        for ref, body in images.items():
            bankdir.write_atomic(into / ref, body)
        outcome.written.append(target)
        outcome.imported += len(placed)
        topics |= file_topics
        objectives |= file_objectives
    if outcome.written:
        bankdir.update_topics(into, topics)
        if objectives:
            bankdir.update_blueprint(into, objectives)
    return outcome
