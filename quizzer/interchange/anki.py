"""Anki's "Notes in Plain Text": read headered and legacy files, write one deck per exam.

Notes arrive as front/back pairs. A note whose back is a single answer quizzer can grade (true
or false, a number) becomes that question; every other note becomes a recall card. In HTML
notes a horizontal rule (``<hr>``) in the back separates the answer from its explanation, which
is how the export writes them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from quizzer.bank.schema import Question
from quizzer.interchange import html as markup_html
from quizzer.interchange import safety
from quizzer.interchange.common import (
    Imported,
    InterchangeError,
    ParseResult,
    Report,
    explanation,
    number_text,
    question_id,
    rationale,
    slug,
    unique_ids,
)
from quizzer.interchange.tags import export_tags, split_tags

NAME = "anki"
SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
_HEADER = re.compile(r"^#([a-z ]+):(.*)$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE]-?\d+)?$")
_RULE = re.compile(r"<hr\b[^>]*>", re.IGNORECASE)


def read(data: bytes, name: str) -> ParseResult:
    return parse(safety.decode(data, name), name)


def _headers(lines: list[str], name: str) -> tuple[dict[str, str], int]:
    headers: dict[str, str] = {}
    count = 0
    for line in lines:
        match = _HEADER.match(line)
        if not match:
            break
        headers[match.group(1).strip()] = match.group(2).strip()
        count += 1
    separator = headers.get("separator")
    if separator is not None and separator.lower() not in SEPARATORS and len(separator) != 1:
        raise InterchangeError(
            name,
            "1",
            f"#separator:{separator} is not tab, comma, semicolon, space, pipe, colon "
            "or one character",
        )
    return headers, count


def _column(headers: dict[str, str], key: str, name: str) -> int | None:
    if key not in headers:
        return None
    try:
        return int(headers[key]) - 1
    except ValueError:
        raise InterchangeError(name, "1", f"#{key}:{headers[key]} is not a column number") from None


def parse(text: str, name: str) -> ParseResult:
    lines = text.split("\n")
    headers, skip = _headers(lines, name)
    sep = headers.get("separator", "")
    separator = SEPARATORS.get(sep.lower(), sep) if sep else ("\t" if "\t" in text else ";")
    html = headers.get("html", "false").lower() == "true" or not headers
    guid_col = _column(headers, "guid column", name)
    tags_col = _column(headers, "tags column", name)
    meta_cols = {
        c
        for c in (
            guid_col,
            tags_col,
            _column(headers, "deck column", name),
            _column(headers, "notetype column", name),
        )
        if c is not None
    }
    deck = headers.get("deck")
    deck_col = _column(headers, "deck column", name)
    result = ParseResult()
    body = "\n".join(lines[skip:])
    reader = csv.reader(io.StringIO(body), delimiter=separator, quotechar='"')
    try:
        for row in reader:
            number = skip + reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()) or row[0].startswith("#"):
                continue
            guid = row[guid_col].strip() if guid_col is not None and guid_col < len(row) else None
            fields = [v for i, v in enumerate(row) if i not in meta_cols]
            tags = row[tags_col].split() if tags_col is not None and tags_col < len(row) else []
            if not headers and len(fields) >= 3:  # legacy files: front, back, tags
                tags, fields = fields[2].split(), fields[:2]
            if len(fields) < 2:
                result.skipped.append(
                    Report(name, str(number), "a note needs a front and a back", guid)
                )
                continue
            front = markup_html.to_text(fields[0]) if html else fields[0].strip()
            back, said = _split_back(fields[1], html)
            note = _note(front, back, said, guid)
            if not front or not back:
                result.skipped.append(
                    Report(
                        name,
                        str(number),
                        "a note needs a front and a back; one of them is empty",
                        question_id(guid, front),
                    )
                )
                continue
            kept, difficulty = split_tags(tags)
            row_deck = row[deck_col] if deck_col is not None and deck_col < len(row) else deck
            result.questions.append(
                Imported(note, str(number), kept, _deck_topic(row_deck), difficulty)
            )
    except csv.Error as exc:
        raise InterchangeError(
            name, str(skip + reader.line_num), f"malformed line: {exc}"
        ) from None
    unique_ids(result.questions)
    return result


def _split_back(field: str, html: bool) -> tuple[str, str | None]:
    """(answer, explanation) of a back field: an HTML rule separates them."""
    if not html:
        return field.strip(), None
    answer, *rest = _RULE.split(field, maxsplit=1)
    return markup_html.to_text(answer), markup_html.to_text(rest[0]) if rest else None


def _deck_topic(deck: str | None) -> str | None:
    return (slug(deck.split("::")[-1]) or None) if deck else None


def _note(front: str, back: str, said: str | None, guid: str | None) -> dict:
    """A note as quizzer fields: a gradable single answer, else a recall card."""
    qid = question_id(guid, front)
    answer = back.strip().lower()
    if answer in {"true", "false"}:
        return {
            "id": qid,
            "type": "true_false",
            "stem": front,
            "answer": answer == "true",
            "rationale_true": rationale(None),
            "rationale_false": rationale(None),
            "explanation": explanation(said),
        }
    if _NUMBER.match(answer):
        return {
            "id": qid,
            "type": "numeric",
            "stem": front,
            "answer": float(answer),
            "explanation": explanation(said),
        }
    return {
        "id": qid,
        "type": "recall",
        "stem": front,
        "back": back,
        "explanation": explanation(said),
    }


# ---------------------------------------------------------------- export


def _front(q) -> str:
    if q.type in {"single", "multiple"}:
        return (
            q.stem + "\n" + "\n".join(f"{chr(65 + i)}. {o.text}" for i, o in enumerate(q.options))
        )
    if q.type == "true_false":
        return q.stem
    if q.type == "yes_no":
        return q.stem + "\n" + "\n".join(f"{i + 1}. {s.text}" for i, s in enumerate(q.statements))
    if q.type == "ordering":
        return (
            q.stem + "\n" + "\n".join(f"- {i.text}" for i in sorted(q.items, key=lambda i: i.text))
        )
    if q.type == "matching":
        return q.stem + "\n" + "\n".join(f"- {p.prompt}" for p in q.pairs)
    return q.stem


def _back(q) -> str:
    """The answer side, without the explanation (the export puts that after a rule)."""
    if q.type in {"single", "multiple"}:
        return ", ".join(f"{chr(65 + i)}. {o.text}" for i, o in enumerate(q.options) if o.correct)
    if q.type == "true_false":
        return "True" if q.answer else "False"
    if q.type == "yes_no":
        return "\n".join(
            f"{i + 1}. {'Yes' if s.answer else 'No'}" for i, s in enumerate(q.statements)
        )
    if q.type == "ordering":
        return "\n".join(f"{n}. {i.text}" for n, i in enumerate(q.items, start=1))
    if q.type == "matching":
        return "\n".join(f"{p.prompt} → {p.match}" for p in q.pairs)
    if q.type == "short_answer":
        return " / ".join(a.text for a in q.answers)
    if q.type == "recall":
        return q.back
    unit = f" {q.unit}" if q.unit else ""
    return f"{number_text(q.answer)}{unit} (± {number_text(q.tolerance)})"


def _lost(q) -> str | None:
    """What a Basic note does not carry of a question, or None for a recall card."""
    if q.type == "recall":
        return None
    return (
        "not carried by Anki: per-option rationales and the question type "
        "(a Basic note has a front and a back; it comes back as a recall card)"
    )


def export(questions: Iterable[Question], name: str) -> tuple[str, list[Report]]:
    """Basic notes, a deck per exam (``quizzer::EXAM``), question id as guid, objectives as tags."""
    buffer = io.StringIO()
    buffer.write(
        "#separator:tab\n#html:true\n#notetype:Basic\n"
        "#guid column:1\n#deck column:2\n#tags column:5\n"
    )
    writer = csv.writer(buffer, delimiter="\t", quotechar='"', lineterminator="\n")
    reports = []
    for q in questions:
        tags = " ".join(t.replace(" ", "_") for t in export_tags(q))
        deck = f"quizzer::{q.objectives[0].split(':', 1)[0]}"
        # One note per line: line breaks inside code blocks become <br> as well.
        front, back, said = (
            markup_html.to_html(t).replace("\n", "<br>")
            for t in (_front(q), _back(q), q.explanation)
        )
        writer.writerow([q.id, deck, front, f"{back}<hr>{said}", tags])
        lost = _lost(q)
        if lost:
            reports.append(Report(name, q.id, lost, q.id))
    return buffer.getvalue(), reports
