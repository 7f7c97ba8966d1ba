"""Feedback after an answer: right or wrong (with partial score), every option's rationale,
the explanation, objective tags with their text, and references."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.markup import escape
from textual.widgets import Static

from quizzer import qtypes
from quizzer.bank.schema import Question
from quizzer.scoring import Grade
from quizzer.widgets.marks import BAD, OK
from quizzer.widgets.qtype_ui import UI
from quizzer.widgets.rich_text import to_markup

__all__ = ["BAD", "OK", "Feedback", "feedback_markup", "option_lines", "response_summary"]


def verdict_line(grade: Grade, response: Any) -> str:
    if response is None:
        return f"{BAD} [b]Not answered[/b]"
    if grade.correct:
        return f"{OK} [b $success]Correct[/]"
    if grade.score > 0:
        return f"[$warning]◐[/] [b $warning]Partly correct: {round(100 * grade.score)}%[/]"
    return f"{BAD} [b $error]Incorrect[/]"


def option_lines(question: Question, response: Any, order: Sequence[int] | None) -> list[str]:
    """One or two lines per option / statement / item / pair, each with its rationale."""
    return UI[question.type].feedback(question, response, order)


def response_summary(question: Question, response: Any, order: Sequence[int] | None) -> str:
    """A learner's answer in a few words, as they saw it: 'B. Sigmoid', 'Yes, No', '100'."""
    if response is None:
        return "no answer"
    try:
        return qtypes.of(question).summary(question, response, order)
    except (TypeError, ValueError, IndexError, KeyError):
        return str(response)


def feedback_markup(
    question: Question,
    response: Any,
    order: Sequence[int] | None,
    grade: Grade,
    objectives: Sequence[tuple[str, str]],
    *,
    lab_title: str | None = None,
    lab_key: str | None = None,
    certainty: int | None = None,
    cbm_mark: str | None = None,
) -> str:
    verdict = UI[question.type].verdict or verdict_line
    lines = [verdict(grade, response)]
    if certainty is not None:
        words = {1: "not very sure", 2: "fairly sure", 3: "very sure"}.get(certainty, "")
        mark = f" · CBM mark [b]{escape(cbm_mark)}[/b]" if cbm_mark is not None else ""
        lines.append(f"Certainty {certainty} ({words}){mark}")
    lines.append("")
    lines += option_lines(question, response, order)
    lines += ["", f"[b]Explanation[/b]  {to_markup(question.explanation)}", ""]
    tags = "; ".join(f"{escape(ref)} {escape(text)}".strip() for ref, text in objectives)
    lines.append(f"[b]Objectives[/b]  {tags}")
    if question.references:
        lines.append("[b]References[/b]")
        lines += [f"  {escape(ref)}" for ref in question.references]
    if lab_title:
        hint = f" — press {lab_key} to run it" if lab_key else ""
        lines += ["", f"[b]Lab[/b]  {escape(lab_title)}{hint}"]
    return "\n".join(lines)


class Feedback(Static):
    """The feedback block shown under a graded question."""

    DEFAULT_CSS = """
    Feedback { height: auto; margin: 1 0 0 0; padding: 1 1; border-top: solid $primary; }
    """
