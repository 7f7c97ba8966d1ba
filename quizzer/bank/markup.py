"""Rich content in question text (fenced and inline code, LaTeX math, images): split and checked.

Markup: ```` ```python ```` fences, `` `code` ``, ``$x^2$`` and ``$$...$$`` math, and
``![alt text](images/plot.png)`` images, paths relative to the bank root.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Literal

_FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)
_INLINE = re.compile(
    r"(`[^`\n]+`)|(\$\$.+?\$\$)|((?<![\\$])\$(?!\s)[^$\n]+?(?<![\s\\])\$)|(!\[[^\]]*\]\([^)\s]*\))",
    re.DOTALL,
)
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)\)")


@dataclass(frozen=True)
class Span:
    """A piece of text: plain, a code block (``language``), inline code, math, or an image."""

    kind: Literal["text", "code", "inline_code", "math", "display_math", "image"]
    text: str
    language: str = ""
    path: str = ""


def spans(text: str) -> list[Span]:
    """The text split into plain text, code, math and images, in order."""
    out: list[Span] = []
    last = 0
    for fence in _FENCE.finditer(text):
        out += _inline(text[last : fence.start()])
        out.append(Span("code", fence.group(2).rstrip("\n"), language=fence.group(1).strip()))
        last = fence.end()
    out += _inline(text[last:])
    return [s for s in out if s.text or s.kind == "image"]


def _inline(text: str) -> list[Span]:
    out, last = [], 0
    for match in _INLINE.finditer(text):
        out.append(Span("text", text[last : match.start()]))
        code, display, math, image = match.groups()
        if code:
            out.append(Span("inline_code", code[1:-1]))
        elif display:
            out.append(Span("display_math", display[2:-2].strip()))
        elif math:
            out.append(Span("math", math[1:-1]))
        else:
            found = _IMAGE.match(image)
            assert found is not None  # _INLINE's image group is an _IMAGE match
            alt, path = found.groups()
            out.append(Span("image", alt, path=path))
        last = match.end()
    out.append(Span("text", text[last:]))
    return out


def has_markup(text: str) -> bool:
    return any(s.kind != "text" for s in spans(text))


@lru_cache(maxsize=256)
def known_language(name: str) -> bool:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        return False
    return True


def _balanced(math: str) -> bool:
    depth = 0
    for match in re.finditer(r"\\[{}]|[{}]", math):
        token = match.group()
        if token in "{}":
            depth += 1 if token == "{" else -1
            if depth < 0:
                return False
    return depth == 0 and len(re.findall(r"\\left\b", math)) == len(re.findall(r"\\right\b", math))


def problems(text: str, bank_root: Path | None = None) -> list[str]:
    """What is wrong with a text's markup: unknown languages, unbalanced math, missing images."""
    found = []
    outside_code = []
    for span in spans(text):
        if span.kind == "code" and span.language and not known_language(span.language):
            found.append(
                f"code block language {span.language!r} is unknown; "
                "use a Pygments name such as python"
            )
        elif span.kind in {"math", "display_math"} and not _balanced(span.text):
            found.append(
                f"math ${span.text[:30]}$ has unbalanced braces or \\left/\\right; "
                "close every group"
            )
        elif span.kind == "image":
            if not span.text.strip():
                found.append(
                    f"image {span.path!r} has no alt text; "
                    "describe it for terminals that cannot show it"
                )
            pure = PurePosixPath(span.path)
            if not span.path or pure.is_absolute() or ".." in pure.parts:
                found.append(
                    f"image path {span.path!r} must be relative to the bank root and stay inside it"
                )
            elif bank_root is not None and not (bank_root / span.path).is_file():
                found.append(f"image {span.path!r} is missing; add it under the bank root")
        elif span.kind == "text":
            outside_code.append(span.text)
    plain = "".join(outside_code)
    if plain.count("```"):
        found.append("a code fence ``` is never closed; end the block with ``` on its own line")
    if len(re.findall(r"(?<!\\)\$", plain)) % 2:
        found.append("a '$' opens math that never closes; close it or write \\$ for a dollar sign")
    return found


def question_texts(question) -> list[str]:
    """Every text of a question a learner reads: stem, choices, rationales, explanation."""
    data = question.model_dump()
    out: list[str] = []

    def walk(value, key=""):
        if isinstance(value, str) and key in {
            "stem",
            "text",
            "rationale",
            "explanation",
            "prompt",
            "match",
            "rationale_true",
            "rationale_false",
        }:
            out.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)

    walk(data)
    return out


def check_bank(bank) -> list:
    """Markup problems of every question, as warnings at the question's file:line."""
    from quizzer.bank.problems import Problem

    out = []
    for qid, question in bank.questions.items():
        where = bank.locations[qid]
        for text in question_texts(question):
            for message in problems(text, bank.root):
                out.append(Problem(where.path, where.line, qid, message, "warning"))
    return out
