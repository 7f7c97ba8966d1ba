"""Moodle XML: read and write with Moodle's own question types, one small function per type."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

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
    unique_ids,
)
from quizzer.interchange.gift import extra_lost
from quizzer.interchange.tags import category_path, export_tags, split_tags, topic_of_category

NAME = "moodle-xml"


class _Unsupported(Exception):
    pass


def _text(node: Element | None) -> str:
    """The text of a Moodle text holder (``<x format=..><text>..</text></x>``) as quizzer markup."""
    if node is None:
        return ""
    inner = node.find("text")
    raw = (inner.text if inner is not None else node.text) or ""
    return (
        markup_html.to_text(raw)
        if node.get("format", "html") in {"html", "moodle_auto_format"}
        else raw.strip()
    )


def _feedback(node: Element) -> str | None:
    return _text(node.find("feedback")) or None


def _fraction(node: Element) -> float:
    try:
        return float(node.get("fraction", "0"))
    except ValueError:
        raise _Unsupported(f"fraction {node.get('fraction')!r} is not a number") from None


# ---------------------------------------------------------------- import, per Moodle type


def _multichoice(q: Element) -> tuple[str, dict]:
    answers = q.findall("answer")
    options: list[dict[str, str | bool]] = []
    weights: list[float] = []
    for a in answers:
        weights.append(_fraction(a))
        options.append({"text": _text(a), "rationale": rationale(_feedback(a))})
    keyed = [w > 0 for w in weights]
    for option, correct in zip(options, keyed, strict=True):
        if correct:
            option["correct"] = True
    single = (q.findtext("single") or "true").strip().lower() in {"true", "1"}
    if single:
        if sum(w >= 100 for w in weights) != 1:
            raise _Unsupported("a single-answer multichoice needs exactly one answer at 100%")
        for option, weight in zip(options, weights, strict=True):
            option.pop("correct", None)
            if weight >= 100:
                option["correct"] = True
        return "single", {"options": options}
    return "multiple", {"options": options, "choose": sum(keyed), "scoring": "partial"}


def _truefalse(q: Element) -> tuple[str, dict]:
    feedback = {}
    answer = None
    for a in q.findall("answer"):
        value = _text(a).lower()
        if value not in {"true", "false"}:
            raise _Unsupported(f"a truefalse answer reads {value!r}, not true or false")
        feedback[value] = _feedback(a)
        if _fraction(a) >= 100:
            answer = value == "true"
    if answer is None:
        raise _Unsupported("neither true nor false is worth 100%")
    return "true_false", {
        "answer": answer,
        "rationale_true": rationale(feedback.get("true")),
        "rationale_false": rationale(feedback.get("false")),
    }


def _matching(q: Element) -> tuple[str, dict]:
    pairs, distractors = [], []
    for sub in q.findall("subquestion"):
        prompt, match = _text(sub), _text(sub.find("answer"))
        if prompt:
            pairs.append({"prompt": prompt, "match": match, "rationale": rationale(None)})
        else:
            distractors.append({"text": match, "rationale": rationale(None)})
    return "matching", {"pairs": pairs, **({"distractors": distractors} if distractors else {})}


def _numerical(q: Element) -> tuple[str, dict]:
    answer, mistakes = None, []
    for a in q.findall("answer"):
        try:
            value = float(_text(a))
            tolerance = abs(float(a.findtext("tolerance") or 0))
        except ValueError:
            raise _Unsupported(f"answer {_text(a)!r} is not a number") from None
        weight = _fraction(a)
        if weight >= 100 and answer is None:
            answer = {"answer": value, "tolerance": tolerance}
        elif weight == 0:
            mistakes.append({"value": value, "rationale": rationale(_feedback(a))})
        else:
            raise _Unsupported(
                f"an answer worth {weight:g}% has no quizzer equivalent (credit is 0 or 100)"
            )
    if answer is None:
        raise _Unsupported("no answer is worth 100%")
    units = [
        u.findtext("unit_name")
        for u in q.findall("units/unit")
        if (u.findtext("multiplier") or "1").strip() in {"1", "1.0"}
    ]
    unit = {"unit": units[0].strip()} if units and units[0] else {}
    return "numeric", {**answer, **unit, **({"mistakes": mistakes} if mistakes else {})}


def _ordering(q: Element) -> tuple[str, dict]:
    answers = sorted(q.findall("answer"), key=_fraction)
    return "ordering", {
        "items": [{"text": _text(a), "rationale": rationale(_feedback(a))} for a in answers]
    }


def _wildcard(text: str) -> str:
    """A Moodle short answer with '*' wildcards as a regular expression ('\\*' is a star)."""
    parts = re.split(r"(?<!\\)\*", text)
    return ".*".join(re.escape(part.replace("\\*", "*")) for part in parts)


def _shortanswer(q: Element) -> tuple[str, dict]:
    answers, patterns, seen = [], [], set()
    for a in q.findall("answer"):
        text, weight = _text(a), _fraction(a)
        if weight != 100:
            raise _Unsupported(
                f"answer {text!r} is worth {weight:g}%; quizzer accepts answers at 100% only"
            )
        if re.search(r"(?<!\\)\*", text):
            patterns.append(_wildcard(text))
        elif text.casefold() not in seen:
            seen.add(text.casefold())
            feedback = _feedback(a)
            answers.append(
                {"text": text.replace("\\*", "*"), **({"feedback": feedback} if feedback else {})}
            )
    if not answers:
        raise _Unsupported("every answer is a wildcard; quizzer needs one answer written out")
    case = (q.findtext("usecase") or "0").strip() == "1"
    extra = {"pattern": "|".join(f"(?:{p})" for p in patterns)} if patterns else {}
    return "short_answer", {
        "answers": answers,
        **extra,
        **({"case_sensitive": True} if case else {}),
    }


#: Moodle qtype -> reader; every other qtype is reported as not fitting.
READERS: dict[str, Callable[[Element], tuple[str, dict]]] = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "matching": _matching,
    "numerical": _numerical,
    "ordering": _ordering,
    "shortanswer": _shortanswer,
}
_WHY_NOT = {
    "essay": "an essay has no key quizzer can grade",
    "multianswer": "a cloze (embedded answers) question does not fit quizzer's types",
    "description": "a description is not a question",
}


def read(data: bytes, name: str) -> ParseResult:
    root = safety.parse_xml(data, name)
    if root.tag != "quiz":
        raise InterchangeError(name, "1", f"the root element is <{root.tag}>, not Moodle's <quiz>")
    result = ParseResult()
    category = None
    for index, q in enumerate(root.findall("question"), start=1):
        kind = q.get("type", "")
        if kind == "category":
            category = topic_of_category(_text(q.find("category")))
            continue
        title = _text(q.find("name"))
        where = f"question[{index}] {title!r}" if title else f"question[{index}]"
        source_id = (q.findtext("idnumber") or "").strip() or title
        stem = _text(q.find("questiontext"))
        qid = question_id(source_id, stem)
        reader = READERS.get(kind)
        if reader is None:
            why = _WHY_NOT.get(
                kind, f"Moodle's {kind!r} question type does not fit quizzer's types"
            )
            result.skipped.append(Report(name, where, why, qid))
            continue
        try:
            quizzer_type, fields = reader(q)
        except _Unsupported as exc:
            result.skipped.append(Report(name, where, str(exc), qid))
            continue
        tags, difficulty = split_tags([(t.findtext("text") or "") for t in q.findall("tags/tag")])
        body = {
            "id": qid,
            "type": quizzer_type,
            "stem": stem,
            **fields,
            "explanation": explanation(_text(q.find("generalfeedback"))),
        }
        result.questions.append(Imported(body, where, tags, category, difficulty))
    unique_ids(result.questions)
    return result


# ---------------------------------------------------------------- export, per quizzer type


def _holder(parent: Element, tag: str, text: str, **attrs: str) -> Element:
    node = ET.SubElement(parent, tag, {"format": "html", **attrs})
    ET.SubElement(node, "text").text = markup_html.to_html(text)
    return node


def _answer(
    parent: Element, fraction: float, text: str, feedback: str | None, *, html: bool = True
) -> Element:
    node = ET.SubElement(
        parent, "answer", {"fraction": f"{fraction:g}", "format": "html" if html else "plain_text"}
    )
    ET.SubElement(node, "text").text = markup_html.to_html(text) if html else text
    if feedback is not None:
        _holder(node, "feedback", feedback)
    return node


def _w_single(q, node: Element) -> list[str]:
    ET.SubElement(node, "single").text = "true"
    ET.SubElement(node, "shuffleanswers").text = "true" if q.shuffle else "false"
    ET.SubElement(node, "answernumbering").text = "abc"
    for o in q.options:
        _answer(node, 100 if o.correct else 0, o.text, o.rationale)
    return []


def _w_multiple(q, node: Element) -> list[str]:
    ET.SubElement(node, "single").text = "false"
    ET.SubElement(node, "shuffleanswers").text = "true" if q.shuffle else "false"
    ET.SubElement(node, "answernumbering").text = "abc"
    for o in q.options:
        _answer(node, round(100 / q.choose, 5) if o.correct else -100, o.text, o.rationale)
    return (
        ["all-or-nothing scoring (Moodle weights give partial credit)"]
        if q.scoring == "all_or_nothing"
        else []
    )


def _w_true_false(q, node: Element) -> list[str]:
    _answer(node, 100 if q.answer else 0, "true", q.rationale_true, html=False)
    _answer(node, 0 if q.answer else 100, "false", q.rationale_false, html=False)
    return []


def _w_matching(q, node: Element) -> list[str]:
    ET.SubElement(node, "shuffleanswers").text = "true"
    for prompt, match in [(p.prompt, p.match) for p in q.pairs] + [
        ("", d.text) for d in q.distractors
    ]:
        sub = _holder(node, "subquestion", prompt)
        ET.SubElement(ET.SubElement(sub, "answer"), "text").text = match
    return ["per-pair rationales (Moodle matching has no per-answer feedback)"]


def _w_numeric(q, node: Element) -> list[str]:
    good = _answer(node, 100, number_text(q.answer), None, html=False)
    ET.SubElement(good, "tolerance").text = number_text(q.tolerance)
    for m in q.mistakes:
        ET.SubElement(
            _answer(node, 0, number_text(m.value), m.rationale, html=False), "tolerance"
        ).text = "0"
    if q.unit:
        unit = ET.SubElement(ET.SubElement(node, "units"), "unit")
        ET.SubElement(unit, "multiplier").text = "1"
        ET.SubElement(unit, "unit_name").text = q.unit
    return []


def _w_ordering(q, node: Element) -> list[str]:
    ET.SubElement(node, "layouttype").text = "VERTICAL"
    ET.SubElement(node, "selecttype").text = "ALL"
    ET.SubElement(node, "selectcount").text = "0"
    ET.SubElement(node, "gradingtype").text = (
        "ABSOLUTE_POSITION" if q.scoring == "all_or_nothing" else "RELATIVE_NEXT_EXCLUDE_LAST"
    )
    for position, item in enumerate(q.items, start=1):
        _answer(node, position, item.text, item.rationale)
    return []


def _w_short_answer(q, node: Element) -> list[str]:
    ET.SubElement(node, "usecase").text = "1" if q.case_sensitive else "0"
    for a in q.answers:
        _answer(node, 100, a.text.replace("*", "\\*"), a.feedback, html=False)
    return [f"the pattern {q.pattern!r}"] if q.pattern is not None else []


#: quizzer type -> (Moodle qtype, writer of the type's elements returning what it loses).
WRITERS: dict[str, tuple[str, Callable[[object, Element], list[str]]]] = {
    "single": ("multichoice", _w_single),
    "multiple": ("multichoice", _w_multiple),
    "true_false": ("truefalse", _w_true_false),
    "matching": ("matching", _w_matching),
    "numeric": ("numerical", _w_numeric),
    "ordering": ("ordering", _w_ordering),
    "short_answer": ("shortanswer", _w_short_answer),
}


def export(questions: Iterable[Question], name: str) -> tuple[bytes, list[Report]]:
    quiz = ET.Element("quiz")
    reports: list[Report] = []
    category = None
    for q in questions:
        if q.type not in WRITERS:
            reports.append(
                Report(name, q.id, f"{q.type} questions do not fit Moodle XML; left out", q.id)
            )
            continue
        if q.topic != category:
            category = q.topic
            holder = ET.SubElement(
                ET.SubElement(quiz, "question", {"type": "category"}), "category"
            )
            ET.SubElement(holder, "text").text = category_path(q.topic)
        qtype, writer = WRITERS[q.type]
        node = ET.SubElement(quiz, "question", {"type": qtype})
        ET.SubElement(ET.SubElement(node, "name"), "text").text = q.id
        _holder(node, "questiontext", q.stem)
        _holder(node, "generalfeedback", q.explanation)
        ET.SubElement(node, "defaultgrade").text = "1"
        ET.SubElement(node, "idnumber").text = q.id
        lost = writer(q, node)
        tags = ET.SubElement(node, "tags")
        for tag in export_tags(q):
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
        reports += [
            Report(name, q.id, f"not carried by Moodle XML: {what}", q.id)
            for what in lost + extra_lost(q)
        ]
    ET.indent(quiz)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
        quiz, encoding="utf-8"
    ) + b"\n", reports
