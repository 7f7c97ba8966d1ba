"""A mock exam as a printable paper (Markdown or HTML), with a separate answer key and rationales"""

from __future__ import annotations

import html as html_lib

from quizzer.assembly import MockPlan
from quizzer.bank.loader import Bank
from quizzer.interchange.common import number_text
from quizzer.interchange.html import to_html

LETTERS = "ABCDEFGHIJ"


def _shown(question, order) -> list[int]:
    size = {"single": "options", "multiple": "options", "ordering": "items"}.get(question.type)
    if question.type == "matching":
        count = len(question.choices())
    elif size:
        count = len(getattr(question, size))
    else:
        return []
    return list(order) if order is not None else list(range(count))


def _question_lines(number: int, question, order) -> list[str]:
    lines = [f"### Question {number}", "", question.stem, ""]
    shown = _shown(question, order)
    if question.type in {"single", "multiple"}:
        if (
            question.type == "multiple"
            and "choose" not in question.stem.lower()
            and "select" not in question.stem.lower()
        ):
            lines += [f"(Choose {question.choose}.)", ""]
        lines += [
            f"- [ ] **{LETTERS[k]}.** {question.options[i].text}" for k, i in enumerate(shown)
        ]
    elif question.type == "true_false":
        lines += ["- [ ] True", "- [ ] False"]
    elif question.type == "yes_no":
        lines += [f"{k + 1}. {s.text} — Yes / No" for k, s in enumerate(question.statements)]
    elif question.type == "ordering":
        lines += ["Write the letters in order: ______", ""]
        lines += [f"- **{LETTERS[k]}.** {question.items[i].text}" for k, i in enumerate(shown)]
    elif question.type == "matching":
        choices = question.choices()
        lines += [f"{k + 1}. {p.prompt} → ____" for k, p in enumerate(question.pairs)]
        lines += ["", *[f"- **{LETTERS[k]}.** {choices[i]}" for k, i in enumerate(shown)]]
    elif question.type == "numeric":
        lines += [f"Answer: ______________ {question.unit or ''}".rstrip()]
    elif question.type == "short_answer":
        lines += ["Answer: ______________________________"]
    return lines + [""]


def _key_lines(number: int, question, order) -> list[str]:
    shown = _shown(question, order)
    lines = [f"### Question {number} ({question.id})", ""]
    if question.type in {"single", "multiple"}:
        keys = ", ".join(LETTERS[k] for k, i in enumerate(shown) if question.options[i].correct)
        lines += [f"**Key: {keys}**", ""]
        lines += [
            f"- **{LETTERS[k]}** {'✔' if question.options[i].correct else '✘'} "
            f"{question.options[i].rationale}"
            for k, i in enumerate(shown)
        ]
    elif question.type == "true_false":
        lines += [
            f"**Key: {'True' if question.answer else 'False'}**",
            "",
            f"- True: {question.rationale_true}",
            f"- False: {question.rationale_false}",
        ]
    elif question.type == "yes_no":
        lines += [
            f"{k + 1}. **{'Yes' if s.answer else 'No'}**: {s.rationale}"
            for k, s in enumerate(question.statements)
        ]
    elif question.type == "ordering":
        position = {i: LETTERS[k] for k, i in enumerate(shown)}
        lines += [f"**Key: {' '.join(position[i] for i in range(len(question.items)))}**", ""]
        lines += [
            f"{n + 1}. {item.text}: {item.rationale}" for n, item in enumerate(question.items)
        ]
    elif question.type == "matching":
        choices = question.choices()
        letter = {choices[i]: LETTERS[k] for k, i in enumerate(shown)}
        lines += [
            f"{k + 1}. **{letter[p.match]}** ({p.match}): {p.rationale}"
            for k, p in enumerate(question.pairs)
        ]
        lines += [
            f"- {letter[d.text]} ({d.text}) matches nothing: {d.rationale}"
            for d in question.distractors
        ]
    elif question.type == "numeric":
        unit = f" {question.unit}" if question.unit else ""
        key, tolerance = number_text(question.answer), number_text(question.tolerance)
        lines += [f"**Key: {key}{unit}** (± {tolerance})"]
        lines += [f"- {number_text(m.value)}: {m.rationale}" for m in question.mistakes]
    elif question.type == "short_answer":
        lines += [f"**Key: {' / '.join(a.text for a in question.answers)}**"]
        if question.pattern is not None:
            lines += [f"(or any answer matching `{question.pattern}`)"]
        lines += [f"- {a.text}: {a.feedback}" for a in question.answers if a.feedback]
    return lines + ["", f"*Explanation.* {question.explanation}", ""]


def paper_markdown(bank: Bank, plan: MockPlan) -> tuple[str, str]:
    """(paper, answer key) as Markdown."""
    blueprint = bank.blueprints[plan.exam_id]
    title = f"# {blueprint.name}: practice paper (seed {plan.seed})"
    paper = [title, "", f"{len(plan.items)} questions · {blueprint.minutes} minutes", ""]
    key = [f"# Answer key: {blueprint.name} (seed {plan.seed})", ""]
    for number, item in enumerate(plan.items, start=1):
        question = bank.questions[item.question_id]
        paper += _question_lines(number, question, item.order)
        key += _key_lines(number, question, item.order)
    return "\n".join(paper), "\n".join(key)


def _md_to_html(markdown: str) -> str:
    """The few Markdown forms the paper uses, as HTML; question text goes through to_html."""
    out: list[str] = []
    fence: list[str] | None = None
    for line in markdown.split("\n"):
        if fence is not None:  # inside a code block: collect it whole for the markup converter
            fence.append(line)
            if line.startswith("```"):
                out.append(to_html("\n".join(fence)))
                fence = None
        elif line.startswith("```"):
            fence = [line]
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            out.append(f"<h{level}>{html_lib.escape(line[level:].strip())}</h{level}>")
        elif line.startswith(("- [ ] ", "- ")):
            out.append(_option_html(line))
        elif line.strip():
            out.append(f"<p>{_inline(line)}</p>")
    return "\n".join(out)


def _option_html(line: str) -> str:
    """A '- [ ] ...' (tick box) or '- ...' (bullet) line as a paragraph."""
    box = line.startswith("- [ ] ")
    body = line.removeprefix("- [ ] ") if box else line.removeprefix("- ")
    return f"<p class='option'>{'☐' if box else '•'} {_inline(body)}</p>"


def _inline(text: str) -> str:
    converted = to_html(text)
    while "**" in converted:
        converted = converted.replace("**", "<b>", 1).replace("**", "</b>", 1)
    return converted


def paper_html(bank: Bank, plan: MockPlan) -> str:
    """One HTML document: the paper, then the answer key on a new printed page."""
    paper, key = paper_markdown(bank, plan)
    style = (
        "body{font-family:serif;max-width:46em;margin:auto} "
        "pre{background:#f4f4f4;padding:.5em} .key{page-break-before:always}"
    )
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>{html_lib.escape(plan.exam_id)} paper</title>"
        f"<style>{style}</style></head><body>\n{_md_to_html(paper)}\n"
        f"<div class='key'>\n{_md_to_html(key)}\n</div></body></html>\n"
    )
