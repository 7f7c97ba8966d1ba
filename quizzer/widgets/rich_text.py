"""Question text for the screen: code as Rich Syntax, math in Unicode, images as their alt text."""

from __future__ import annotations

import re
from functools import lru_cache

from rich.console import Group, RenderableType
from rich.text import Text
from textual.markup import escape

from quizzer.bank.markup import Span, spans

CODE_WIDTH = 80
_SUP = str.maketrans("0123456789+-=()nixT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˣᵀ")
_SUB = str.maketrans("0123456789+-=()aeijknotx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₙₒₜₓ")
_SUP_OK, _SUB_OK = set("0123456789+-=()nixT"), set("0123456789+-=()aeijknotx")


def _group(text: str, start: int) -> tuple[str, int]:
    """The braced group (or single character) at ``start`` and the index after it."""
    if start < len(text) and text[start] == "{":
        depth = 0
        for i in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if depth == 0:
                return text[start + 1 : i], i + 1
        return text[start + 1 :], len(text)
    match = re.match(r"\\[A-Za-z]+|.", text[start:], re.DOTALL)
    return (match.group(), start + len(match.group())) if match else ("", start)


def _wrap(term: str) -> str:
    """``term`` bracketed unless it is one symbol or number (a fraction's top or bottom)."""
    return term if re.fullmatch(r"[\w.\\]+", term) else f"({term})"


def _scripts(latex: str) -> str:
    """\\frac, ^ and _ made linear first: e^{-x} -> e⁻ˣ, \\frac{a}{b+c} -> a/(b+c)."""
    out, i = [], 0
    while i < len(latex):
        if latex.startswith("\\frac", i):
            top, j = _group(latex, i + 5)
            bottom, i = _group(latex, j)
            top, bottom = _scripts(top), _scripts(bottom)
            out.append(f"{_wrap(top)}/{_wrap(bottom)}")
        elif latex[i] in "^_":
            body, i = _group(latex, i + 1)
            body = _scripts(body)
            ok, table = (_SUP_OK, _SUP) if _is_sup(latex, i) else (_SUB_OK, _SUB)
            # End a macro name before a script: \sum{}ᵢ, not \sumᵢ.
            if re.search(r"\\[A-Za-z]+$", "".join(out)):
                out.append("{}")
            if body and set(body) <= ok:
                out.append(body.translate(table))
            else:
                out.append(
                    ("^" if table is _SUP else "_") + (body if len(body) == 1 else f"({body})")
                )
        else:
            out.append(latex[i])
            i += 1
    return "".join(out)


def _is_sup(latex: str, end: int) -> bool:
    """Whether the script that ends at ``end`` is a superscript (walk back to its ^ or _)."""
    depth, i = 0, end - 1
    while i >= 0:
        char = latex[i]
        if char == "}":
            depth += 1
        elif char == "{":
            depth -= 1
        elif depth == 0 and char in "^_":
            return char == "^"
        i -= 1
    return True


@lru_cache(maxsize=512)
def math_text(latex: str) -> str:
    """LaTeX as readable Unicode: ``\\sigma(x) = 1/(1+e^{-x})`` -> ``σ(x) = 1/(1+e⁻ˣ)``."""
    from pylatexenc.latex2text import LatexNodes2Text
    from pylatexenc.latexwalker import LatexWalkerError

    linear = _scripts(latex)
    try:
        return LatexNodes2Text(math_mode="text").latex_to_text(linear).strip()
    except (LatexWalkerError, ValueError, IndexError):  # a malformed formula shows as its source
        return latex


def _inline(span: Span) -> str:
    if span.kind == "inline_code":
        return span.text
    if span.kind in {"math", "display_math"}:
        return math_text(span.text)
    if span.kind == "image":
        return f"[image: {span.text or span.path}]"
    return span.text


def plain(text: str) -> str:
    """Text for option labels: math in Unicode, code without backticks, images as alt text."""
    return "".join(
        _soft_wrap(s.text)
        if s.kind == "text"
        else _inline(s)
        if s.kind != "code"
        else "\n" + s.text + "\n"
        for s in spans(text)
    )


def to_markup(text: str) -> str:
    """Textual markup for feedback lines: escaped text, code and math styled, images as alt text."""
    out = []
    for span in spans(text):
        if span.kind == "code":
            out.append(
                "\n"
                + "\n".join(f"    [$accent]{escape(line)}[/]" for line in span.text.split("\n"))
                + "\n"
            )
        elif span.kind == "inline_code":
            out.append(f"[$accent]{escape(span.text)}[/]")
        elif span.kind in {"math", "display_math", "image"}:
            out.append(f"[i]{escape(_inline(span))}[/i]")
        else:
            out.append(escape(_soft_wrap(span.text)))
    return "".join(out)


def _soft_wrap(text: str) -> str:
    """Markdown paragraphs: a single line break is a space, a blank line stays a paragraph break."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text)


def renderable(text: str, *, style: str = "") -> RenderableType:
    """A stem or explanation as Rich content: code blocks as Syntax at 80 columns, the rest as Text.

    Blocks (paragraph runs and code) are separated by one blank line.
    """
    blocks: list[RenderableType] = []
    line = Text(style=style)

    def flush() -> None:
        nonlocal line
        line.rstrip()
        stripped = line.plain.lstrip("\n")
        if stripped.strip():
            blocks.append(line[len(line.plain) - len(stripped) :])
        line = Text(style=style)

    for span in spans(text):
        if span.kind == "code":
            from rich.syntax import Syntax  # pygments loads only when a question shows code

            flush()
            blocks.append(
                Syntax(
                    span.text,
                    span.language or "text",
                    code_width=CODE_WIDTH,
                    word_wrap=True,
                    theme="ansi_dark",
                )
            )
        elif span.kind == "inline_code":
            line.append(span.text, style="bold cyan")
        elif span.kind in {"math", "display_math"}:
            line.append(
                ("\n" if span.kind == "display_math" else "") + _inline(span), style="italic"
            )
        elif span.kind == "image":
            line.append(_inline(span), style="italic dim")
        else:
            line.append(_soft_wrap(span.text))
    flush()
    if len(blocks) == 1:
        return blocks[0]
    spaced: list[RenderableType] = []
    for block in blocks:
        spaced += [Text(""), block] if spaced else [block]
    return Group(*spaced)
