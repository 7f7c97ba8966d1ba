"""Feedback after an answer: right or wrong (with partial score), every option's rationale,
the explanation, objective tags with their text, and references."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.markup import escape
from textual.widgets import Static

from quizzer.bank.schema import (
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    Question,
    SingleQuestion,
    TrueFalseQuestion,
    YesNoQuestion,
)
from quizzer.scoring import Grade
from quizzer.widgets.answer_base import label
from quizzer.widgets.rich_text import to_markup

OK = "[$success]✔[/]"
BAD = "[$error]✘[/]"


def verdict_line(grade: Grade, response: Any) -> str:
    if response is None:
        return f"{BAD} [b]Not answered[/b]"
    if grade.correct:
        return f"{OK} [b $success]Correct[/]"
    if grade.score > 0:
        return f"[$warning]◐[/] [b $warning]Partly correct: {round(100 * grade.score)}%[/]"
    return f"{BAD} [b $error]Incorrect[/]"


def _rationale(text: str) -> str:
    return f"    [dim]{to_markup(text)}[/dim]"


def _yes_no(value: bool | None) -> str:
    return "—" if value is None else ("Yes" if value else "No")


def option_lines(question: Question, response: Any, order: Sequence[int] | None) -> list[str]:
    """One or two lines per option / statement / item / pair, each with its rationale."""
    lines: list[str] = []
    if isinstance(question, (SingleQuestion, MultipleQuestion)):
        shown = list(order) if order is not None else list(range(len(question.options)))
        chosen = set()
        if response is not None:
            chosen = (
                {int(i) for i in response}
                if isinstance(question, MultipleQuestion)
                else {int(response)}
            )
        for position, original in enumerate(shown):
            option = question.options[original]
            mark = OK if option.correct else BAD
            mine = "  [b]← your choice[/b]" if original in chosen else ""
            lines.append(f"{mark} {label(position)}. {to_markup(option.text)}{mine}")
            lines.append(_rationale(option.rationale))
    elif isinstance(question, TrueFalseQuestion):
        yours = "—" if response is None else ("True" if response else "False")
        lines.append(
            f"The statement is [b]{'true' if question.answer else 'false'}[/b]; you answered {yours}."
        )
        lines.append(f"{OK if question.answer else BAD} True")
        lines.append(_rationale(question.rationale_true))
        lines.append(f"{BAD if question.answer else OK} False")
        lines.append(_rationale(question.rationale_false))
    elif isinstance(question, YesNoQuestion):
        answers = list(response or [])
        for i, statement in enumerate(question.statements):
            yours = answers[i] if i < len(answers) else None
            mark = OK if yours is statement.answer else BAD
            lines.append(
                f"{mark} {i + 1}. {to_markup(statement.text)} — [b]{_yes_no(statement.answer)}[/b]"
                f" (you: {_yes_no(yours)})"
            )
            lines.append(_rationale(statement.rationale))
    elif isinstance(question, OrderingQuestion):
        placed = [int(i) for i in response] if response is not None else []
        lines.append("Correct order:")
        for i, item in enumerate(question.items):
            where = placed.index(i) + 1 if i in placed else None
            mark = OK if where == i + 1 else BAD
            yours = f" (you: {where})" if where is not None else ""
            lines.append(f"{mark} {i + 1}. {to_markup(item.text)}{yours}")
            lines.append(_rationale(item.rationale))
    elif isinstance(question, MatchingQuestion):
        choices = question.choices()
        picks = list(response or [])
        for i, pair in enumerate(question.pairs):
            pick = picks[i] if i < len(picks) else None
            yours = choices[int(pick)] if pick is not None else "—"
            mark = OK if yours == pair.match else BAD
            lines.append(
                f"{mark} {to_markup(pair.prompt)} → [b]{to_markup(pair.match)}[/b] (you: {escape(yours)})"
            )
            lines.append(_rationale(pair.rationale))
        for distractor in question.distractors:
            lines.append(f"  {to_markup(distractor.text)} matches nothing")
            lines.append(_rationale(distractor.rationale))
    elif isinstance(question, NumericQuestion):
        unit = f" {escape(question.unit)}" if question.unit else ""
        tolerance = f" ± {question.tolerance:g}" if question.tolerance else ""
        yours = "—" if response is None else f"{float(response):.15g}"
        lines.append(
            f"Answer: [b]{question.answer:.15g}{tolerance}{unit}[/b]; you: {yours}{unit if response is not None else ''}"
        )
        for mistake in question.mistakes:
            mine = response is not None and abs(float(response) - mistake.value) <= 1e-9 * max(
                1.0, abs(mistake.value)
            )
            tag = "  [b]← your answer[/b]" if mine else ""
            lines.append(f"{BAD} {mistake.value:.15g}{unit}: common mistake{tag}")
            lines.append(_rationale(mistake.rationale))
    return lines


def response_summary(question: Question, response: Any, order: Sequence[int] | None) -> str:
    """A learner's answer in a few words, as they saw it: 'B. Sigmoid', 'Yes, No', '100 iterations'."""
    if response is None:
        return "no answer"
    if isinstance(question, (SingleQuestion, MultipleQuestion)):
        shown = list(order) if order is not None else list(range(len(question.options)))
        picked = (
            [int(response)]
            if isinstance(question, SingleQuestion)
            else sorted(int(i) for i in response)
        )
        return ", ".join(f"{label(shown.index(i))}. {question.options[i].text}" for i in picked)
    if isinstance(question, TrueFalseQuestion):
        return "True" if response else "False"
    if isinstance(question, YesNoQuestion):
        return ", ".join(_yes_no(v) for v in response)
    if isinstance(question, OrderingQuestion):
        return " → ".join(question.items[int(i)].text for i in response)
    if isinstance(question, MatchingQuestion):
        choices = question.choices()
        return "; ".join(
            f"{pair.prompt} → {choices[int(p)] if p is not None else '—'}"
            for pair, p in zip(question.pairs, response)
        )
    if isinstance(question, NumericQuestion):
        return f"{float(response):.15g}" + (f" {question.unit}" if question.unit else "")
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
    lines = [verdict_line(grade, response)]
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
