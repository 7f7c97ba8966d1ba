"""The marks feedback lines share: right, wrong and an indented rationale."""

from __future__ import annotations

from quizzer.widgets.rich_text import to_markup

OK = "[$success]✔[/]"
BAD = "[$error]✘[/]"


def rationale_line(text: str) -> str:
    """A rationale, indented and dimmed under the choice it explains."""
    return f"    [dim]{to_markup(text)}[/dim]"
