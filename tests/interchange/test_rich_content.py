"""Markup: the checker, math in Unicode, and a question with code, math and an image at 80x24."""

from __future__ import annotations

import html
import re

from textual.app import App

from quizzer.bank.markup import problems, spans
from quizzer.bank.schema import question_adapter
from quizzer.interchange import gift, moodle_xml
from quizzer.widgets.question_view import QuestionView
from quizzer.widgets.rich_text import math_text, plain

STEM = (
    "What does this print?\n\n```python\nimport torch\nx = torch.ones(2, 3)\n"
    "print(x.sum(dim=0).shape)\n```\n\n"
    "Recall $\\sigma(x) = 1/(1+e^{-x})$ and see ![loss curve falling then flat](images/curve.png)."
)
QUESTION = question_adapter.validate_python(
    {
        "id": "rich-demo",
        "type": "single",
        "stem": STEM,
        "options": [
            {
                "text": "`torch.Size([3])`",
                "correct": True,
                "rationale": "Summing over dim 0 removes that axis.",
            },
            {
                "text": "`torch.Size([2])`",
                "rationale": "That is the shape after summing over dim 1.",
            },
        ],
        "explanation": "Reducing over a dimension drops it unless keepdim=True.",
        "objectives": ["NCA-GENL:D1"],
        "topic": "frameworks",
        "difficulty": 1,
    }
)


def test_checker_reports_language_math_and_images(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "ok.png").write_bytes(b"png")
    assert problems("```python\nx = 1\n```\n$a^2$ ![plot](images/ok.png)", tmp_path) == []
    found = problems("```pythn\nx\n```\n$\\frac{1}{2$ and ![](images/gone.png)", tmp_path)
    assert any("'pythn' is unknown" in f for f in found)
    assert any("unbalanced" in f for f in found)
    assert any("no alt text" in f for f in found) and any("missing" in f for f in found)
    assert any("never closes" in f for f in problems("costs $5 today", tmp_path))
    assert any("never closed" in f for f in problems("```python\nx = 1\n", tmp_path))


def test_spans_and_math():
    kinds = [s.kind for s in spans(STEM)]
    assert kinds == ["text", "code", "text", "math", "text", "image", "text"]
    assert math_text(r"\sigma(x) = 1/(1+e^{-x})") == "σ(x) = 1/(1+e⁻ˣ)"
    assert math_text(r"\sum_{i=1}^{n} x_i^2") == "∑ᵢ₌₁ⁿ xᵢ²"
    assert plain("see ![a plot](p.png) and `x`") == "see [image: a plot] and x"


def test_code_and_math_survive_gift_and_moodle_xml():
    for module in (gift, moodle_xml):
        data, _ = module.export([QUESTION], "out")
        back = (
            module.read(data if isinstance(data, bytes) else data.encode(), "out")
            .questions[0]
            .fields
        )
        assert back["stem"] == STEM and back["options"][0]["text"] == "`torch.Size([3])`"


class _One(App):
    def compose(self):
        yield QuestionView(QUESTION, (0, 1), heading="Question 1 of 1")


async def test_question_with_code_math_and_image_at_80x24():
    app = _One()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        svg = app.export_screenshot()
    # The screenshot's text, segment by segment, without the SVG markup.
    text = html.unescape(re.sub(r"<[^>]+>", "", svg.split("</style>")[-1])).replace("\xa0", " ")
    assert "print(x.sum(dim=0).shape)" in text
    assert "σ(x) = 1/(1+e⁻ˣ)" in text
    assert "[image: loss curve falling then flat]" in text
    assert "torch.Size([3])" in text and "`" not in text.split("Recall")[-1]


def test_html_with_line_breaks_inside_code_reads_back():
    from quizzer.interchange.html import to_html, to_text

    assert to_text(to_html(STEM)) == STEM
    assert to_text(to_html(STEM).replace("\n", "<br>")) == STEM
