"""Per-domain result bars, like a vendor's score report: weight, bar, percentage, marks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widget import Widget

from quizzer.exam_facts import marks_text

if TYPE_CHECKING:
    from quizzer.mock_data import DomainScore


def bar(fraction: float, width: int) -> tuple[str, str]:
    """Filled and empty parts of a bar of ``width`` cells."""
    filled = max(0, min(width, round(fraction * width)))
    return "█" * filled, "░" * (width - filled)


class DomainBars(Widget):
    """One line per domain of a stored result, plus the domains the bank does not cover."""

    DEFAULT_CSS = """
    DomainBars { height: auto; padding: 0 1; }
    """

    def __init__(
        self,
        domains: Sequence[DomainScore],
        *,
        uncovered: Sequence[str] = (),
        target: float = 0.7,
        id: str | None = None,
    ):
        super().__init__(id=id)
        self.domains = list(domains)
        self.uncovered = list(uncovered)
        self.target = target

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.domains) + (1 if self.uncovered else 0) + 1

    def render(self) -> Content:
        width = self.content_size.width or 78
        name_w = max(12, min(34, width - 34))
        bar_w = max(8, width - name_w - 20)
        lines = [Content.styled(f"{'Domain':<{name_w}} {'Result':<{bar_w}}  score  marks", "bold")]
        for d in self.domains:
            fraction = d.fraction
            weight = f" ({d.weight})" if d.weight else ""
            name = f"{d.id}. {d.name}{weight}"
            name = name if len(name) <= name_w else name[: name_w - 1] + "…"
            full, empty = bar(fraction, bar_w)
            style = (
                "$success"
                if fraction >= self.target
                else ("$warning" if fraction >= self.target / 2 else "$error")
            )
            lines.append(
                Content(f"{name:<{name_w}} ")
                + Content.styled(full, style)
                + Content.styled(empty, "$text-muted")
                + Content(f"  {round(100 * fraction):>4}%  {marks_text(d.earned)}/{d.possible}")
            )
        if self.uncovered:
            lines.append(
                Content.styled(
                    f"Not covered by this bank: {', '.join(self.uncovered)}", "$text-muted"
                )
            )
        return Content("\n").join(lines)
