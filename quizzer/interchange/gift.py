"""GIFT (Moodle's plain-text format): read and write, one small function per question type."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from quizzer.bank.schema import Question
from quizzer.interchange import html as markup_html
from quizzer.interchange import safety
from quizzer.interchange.common import (
    Imported,
    ParseResult,
    Report,
    explanation,
    number_text,
    question_id,
    rationale,
    unique_ids,
)
from quizzer.interchange.tags import category_path, export_tags, split_tags, topic_of_category

NAME = "gift"
SPECIAL = "~=#{}:"
_FORMAT = re.compile(r"^\[(html|markdown|plain|moodle)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_META = re.compile(r"\[(id|tag):([^\]]+)\]")


def escape(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for char in SPECIAL:
        out = out.replace(char, "\\" + char)
    return out.replace("\n", "\\n")


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt if nxt in SPECIAL + "\\" else char + nxt)
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _split(text: str, separators: str) -> list[tuple[str, str]]:
    """(separator, piece) at every unescaped separator; the first piece has separator ''."""
    pieces, current, sep, i = [], [], "", 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if char in separators:
            pieces.append((sep, "".join(current)))
            current, sep = [], char
        else:
            current.append(char)
        i += 1
    pieces.append((sep, "".join(current)))
    return pieces


def _find(text: str, target: str, start: int = 0) -> int:
    """Index of an unescaped ``target``, or -1."""
    i = start
    while i <= len(text) - len(target):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


def _text(raw: str, html_format: bool) -> str:
    text = unescape(raw.strip())
    return markup_html.to_text(text) if html_format else text


# ---------------------------------------------------------------- import


def parse(text: str, name: str) -> ParseResult:
    result = ParseResult()
    category: str | None = None
    for line, block in _blocks(text):
        meta: dict[str, list[str]] = {"id": [], "tag": []}
        body_lines = []
        for raw in block:
            stripped = raw.strip()
            if stripped.startswith("//"):
                for kind, value in _META.findall(stripped):
                    meta[kind].append(value.strip())
            elif stripped.startswith("$CATEGORY:"):
                category = topic_of_category(stripped.removeprefix("$CATEGORY:").strip())
            else:
                body_lines.append(raw)
        body = "\n".join(body_lines).strip()
        if not body:
            continue
        where = str(line)
        try:
            question = _question(body, meta, category, where)
        except _Unsupported as exc:
            result.skipped.append(Report(name, where, str(exc), exc.question_id))
            continue
        result.questions.append(question)
    unique_ids(result.questions)
    return result


class _Unsupported(Exception):
    def __init__(self, message: str, question_id: str | None = None):
        super().__init__(message)
        self.question_id = question_id


def _blocks(text: str) -> Iterable[tuple[int, list[str]]]:
    """Questions are separated by blank lines; yields (first line number, lines)."""
    block: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def _question(body: str, meta: dict[str, list[str]], category: str | None, where: str) -> Imported:
    title = None
    if body.startswith("::"):
        end = _find(body, "::", 2)
        if end < 0:
            raise _Unsupported("the title opened with '::' is never closed")
        title, body = unescape(body[2:end]).strip(), body[end + 2 :].lstrip()
    html_format = False
    fmt = _FORMAT.match(body)
    if fmt:
        html_format = fmt.group(1).lower() in {"html", "moodle"}
        body = body[fmt.end() :]
    open_at = _find(body, "{")
    source_id = next(iter(meta["id"]), None) or title
    if open_at < 0:
        raise _Unsupported(
            "a description without an answer block is not a question quizzer can ask", source_id
        )
    close_at = len(body) - 1
    while close_at > open_at and not (body[close_at] == "}" and body[close_at - 1] != "\\"):
        close_at -= 1
    if close_at <= open_at:
        raise _Unsupported("the answer block opened with '{' is never closed", source_id)
    before, answers, after = body[:open_at], body[open_at + 1 : close_at], body[close_at + 1 :]
    stem = _text(before, html_format)
    if after.strip():  # missing-word format: the blank sits where the answers were
        stem = f"{stem} _____ {_text(after, html_format)}".strip()
    general = None
    split_at = _find(answers, "####")
    if split_at >= 0:
        answers, general = answers[:split_at], _text(answers[split_at + 4 :], html_format)
    fields = {"id": question_id(source_id, stem), "stem": stem}
    kind, type_fields = _answers(answers.strip(), html_format, fields["id"])
    fields.update({"type": kind, **type_fields, "explanation": explanation(general)})
    tags, difficulty = split_tags(meta["tag"])
    return Imported(fields, where, tags, category, difficulty)


def _answers(body: str, html_format: bool, qid: str) -> tuple[str, dict]:
    if not body:
        raise _Unsupported("an essay (empty answer block) has no key quizzer can grade", qid)
    head = _split(body, "#")
    if head[0][1].strip().upper() in {"T", "TRUE", "F", "FALSE"}:
        answer = head[0][1].strip().upper().startswith("T")
        wrong = _text(head[1][1], html_format) if len(head) > 1 else None
        right = _text(head[2][1], html_format) if len(head) > 2 else None
        true_fb, false_fb = (right, wrong) if answer else (wrong, right)
        return "true_false", {
            "answer": answer,
            "rationale_true": rationale(true_fb),
            "rationale_false": rationale(false_fb),
        }
    if body.startswith("#"):
        return "numeric", _numeric(body[1:], html_format, qid)
    parts = [(sep, piece) for sep, piece in _split(body, "~=") if sep]
    if not parts:
        raise _Unsupported("the answer block has no '=' or '~' answers", qid)
    if all(sep == "=" and _find(piece, "->") >= 0 for sep, piece in parts):
        return "matching", _matching(parts, html_format)
    if not any(sep == "~" for sep, _ in parts):
        return "short_answer", _short_answer(parts, html_format, qid)
    return _choice(parts, html_format, qid)


def _short_answer(parts: list[tuple[str, str]], html_format: bool, qid: str) -> dict:
    """Every '=' answer is accepted (Moodle ignores case, as quizzer does by default)."""
    answers: list[dict] = []
    seen: set[str] = set()
    for _, piece in parts:
        piece = piece.strip()
        match = _WEIGHT.match(piece)
        if match and float(match.group(1)) != 100:
            raise _Unsupported(
                f"a short answer worth {float(match.group(1)):g}% has no quizzer equivalent "
                "(an accepted answer earns full marks)",
                qid,
            )
        if match:
            piece = piece[match.end() :]
        text, *feedback = [p for _, p in _split(piece, "#")]
        answer = {"text": _text(text, html_format)}
        if feedback and _text(feedback[0], html_format):
            answer["feedback"] = _text(feedback[0], html_format)
        if answer["text"].casefold() not in seen:
            seen.add(answer["text"].casefold())
            answers.append(answer)
    return {"answers": answers}


def _choice(parts: list[tuple[str, str]], html_format: bool, qid: str) -> tuple[str, dict]:
    options: list[dict[str, str | bool]] = []
    weights = []
    for sep, piece in parts:
        weight = 100.0 if sep == "=" else 0.0
        match = _WEIGHT.match(piece.strip())
        if match:
            weight = float(match.group(1))
            piece = piece.strip()[match.end() :]
        text, *feedback = [p for _, p in _split(piece, "#")]
        options.append(
            {
                "text": _text(text, html_format),
                "rationale": rationale(_text(feedback[0], html_format) if feedback else None),
            }
        )
        weights.append(weight)
    keyed = [w > 0 for w in weights]
    if sum(keyed) == 0:
        raise _Unsupported("no answer carries a positive grade, so there is no key", qid)
    for option, correct in zip(options, keyed, strict=True):
        if correct:
            option["correct"] = True
    if sum(keyed) == 1 and max(weights) == 100:
        return "single", {"options": options}
    partial = any(0 < w < 100 for w in weights) and sum(keyed) > 1
    if not partial and sum(keyed) == 1:
        raise _Unsupported(
            "the only keyed answer is worth less than 100%; quizzer keys are all-or-nothing", qid
        )
    return "multiple", {"options": options, "choose": sum(keyed), "scoring": "partial"}


def _numeric(body: str, html_format: bool, qid: str) -> dict:
    entries = [(sep, piece) for sep, piece in _split(body, "=")]
    if len(entries) > 1 and not entries[0][1].strip():
        entries = entries[1:]
    answer = None
    mistakes = []
    for _, piece in entries:
        weight = 100.0
        piece = piece.strip()
        match = _WEIGHT.match(piece)
        if match:
            weight, piece = float(match.group(1)), piece[match.end() :]
        value_text, *feedback = [p for _, p in _split(piece, "#")]
        value, tolerance = _number(unescape(value_text).strip(), qid)
        note = _text(feedback[0], html_format) if feedback else None
        if weight == 100 and answer is None:
            answer = {"answer": value, "tolerance": tolerance}
        elif weight == 0:
            mistakes.append({"value": value, "rationale": rationale(note)})
        else:
            raise _Unsupported(
                f"a numeric answer worth {weight:g}% has no quizzer equivalent "
                "(credit is 0 or 100)",
                qid,
            )
    if answer is None:
        raise _Unsupported("the numerical question has no 100% answer", qid)
    return {**answer, **({"mistakes": mistakes} if mistakes else {})}


def _number(text: str, qid: str) -> tuple[float, float]:
    try:
        if ".." in text:
            low, high = (float(x) for x in text.split("..", 1))
            return (low + high) / 2, abs(high - low) / 2
        value, _, tolerance = text.partition(":")
        return float(value), abs(float(tolerance)) if tolerance else 0.0
    except ValueError:
        raise _Unsupported(
            f"{text!r} is not a number, a number:tolerance or a min..max range", qid
        ) from None


def _matching(parts: list[tuple[str, str]], html_format: bool) -> dict:
    pairs, distractors = [], []
    for _, piece in parts:
        at = _find(piece, "->")
        prompt, match = _text(piece[:at], html_format), _text(piece[at + 2 :], html_format)
        if prompt:
            pairs.append({"prompt": prompt, "match": match, "rationale": rationale(None)})
        else:
            distractors.append({"text": match, "rationale": rationale(None)})
    return {"pairs": pairs, **({"distractors": distractors} if distractors else {})}


# ---------------------------------------------------------------- export


def _single(q) -> tuple[list[str], list[str]]:
    lines = [
        f"{'=' if o.correct else '~'}{escape(o.text)}#{escape(o.rationale)}" for o in q.options
    ]
    return lines, []


def _multiple(q) -> tuple[list[str], list[str]]:
    share = f"{100 / q.choose:.5f}".rstrip("0").rstrip(".")
    lines = [
        f"~%{share if o.correct else '-100'}%{escape(o.text)}#{escape(o.rationale)}"
        for o in q.options
    ]
    lost = (
        ["all-or-nothing scoring (GIFT weights give partial credit)"]
        if q.scoring == "all_or_nothing"
        else []
    )
    return lines, lost


def _true_false(q) -> tuple[list[str], list[str]]:
    right, wrong = (
        (q.rationale_true, q.rationale_false) if q.answer else (q.rationale_false, q.rationale_true)
    )
    return [f"{'TRUE' if q.answer else 'FALSE'}#{escape(wrong)}#{escape(right)}"], []


def _numeric_out(q) -> tuple[list[str], list[str]]:
    lines = ["#", f"={number_text(q.answer)}:{number_text(q.tolerance)}"]
    lines += [f"=%0%{number_text(m.value)}:0#{escape(m.rationale)}" for m in q.mistakes]
    return lines, ([f"unit {q.unit!r}"] if q.unit else [])


def _matching_out(q) -> tuple[list[str], list[str]]:
    lines = [f"={escape(p.prompt)} -> {escape(p.match)}" for p in q.pairs]
    lines += [f"= -> {escape(d.text)}" for d in q.distractors]
    return lines, ["per-pair rationales (GIFT matching has no per-answer feedback)"]


def _short_answer_out(q) -> tuple[list[str], list[str]]:
    lines = [
        f"={escape(a.text)}" + (f"#{escape(a.feedback)}" if a.feedback else "") for a in q.answers
    ]
    lost = [f"the pattern {q.pattern!r}"] if q.pattern is not None else []
    return lines, lost + (["case-sensitive matching"] if q.case_sensitive else [])


#: question type -> writer of its answer lines and of what it loses; absent types do not fit.
WRITERS: dict[str, Callable] = {
    "single": _single,
    "multiple": _multiple,
    "true_false": _true_false,
    "numeric": _numeric_out,
    "matching": _matching_out,
    "short_answer": _short_answer_out,
}


def export(questions: Iterable[Question], name: str) -> tuple[str, list[Report]]:
    out: list[str] = []
    reports: list[Report] = []
    category = None
    for q in questions:
        writer = WRITERS.get(q.type)
        if writer is None:
            reports.append(
                Report(name, q.id, f"{q.type} questions do not fit GIFT; left out", q.id)
            )
            continue
        if q.topic != category:
            category = q.topic
            out.append(f"$CATEGORY: {category_path(q.topic)}\n")
        answers, lost = writer(q)
        tags = " ".join(f"[tag:{t}]" for t in export_tags(q))
        out.append(f"// [id:{q.id}] {tags}".rstrip())
        joined = "\n".join(f"\t{a}" for a in answers)
        if answers[0] == "#":
            joined = "#" + "\n".join(f"\t{a}" for a in answers[1:])
        out.append(
            f"::{escape(q.id)}::[markdown]{escape(q.stem)}"
            f"{{\n{joined}\n\t####{escape(q.explanation)}\n}}\n"
        )
        reports += [
            Report(name, q.id, f"not carried by GIFT: {what}", q.id)
            for what in lost + extra_lost(q)
        ]
    return "\n".join(out), reports


def extra_lost(q) -> list[str]:
    """Fields no text format carries: references and lab links."""
    lost = []
    if q.references:
        lost.append("references")
    if q.lab:
        lost.append(f"lab link {q.lab!r}")
    return lost


def detect(text: str) -> bool:
    return bool(re.search(r"(^|\n)\s*(::|\$CATEGORY:)", text)) or bool(
        re.search(r"\{[^{}]*[=~#][^{}]*\}", text)
    )


def read(data: bytes, name: str) -> ParseResult:
    return parse(safety.decode(data, name), name)
