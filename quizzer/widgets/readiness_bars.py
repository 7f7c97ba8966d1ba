"""The readiness forecast of one exam: expected score with its interval, P(pass), and one bar per
domain showing estimated mastery with its interval (a wide band means "not known yet")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widget import Widget

from quizzer.figures import percent
from quizzer.readiness_text import note_line, summary_line

if TYPE_CHECKING:
    from quizzer.learner import DomainReadiness, Readiness


def interval_bar(low: float, mean: float, high: float, width: int) -> tuple[str, str, str]:
    """Solid up to the interval's low end, a shaded band across the interval, empty beyond it."""
    lo = max(0, min(width, round(low * width)))
    hi = max(lo, min(width, round(high * width)))
    if hi == lo and mean > 0 and hi < width:
        hi += 1  # a very narrow interval still shows where it is
    return "█" * lo, "▒" * (hi - lo), "░" * (width - hi)


class ReadinessPanel(Widget):
    """A summary line, a bar per covered domain, and a note while the evidence is thin."""

    DEFAULT_CSS = """
    ReadinessPanel { height: auto; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.readiness: Readiness | None = None
        self.uncovered: list[str] = []
        self.message = ""

    def show_message(self, text: str) -> None:
        self.readiness, self.message = None, text
        self.refresh(layout=True)

    def show_readiness(self, readiness: Readiness, *, uncovered: Sequence[str] = ()) -> None:
        """Show a forecast; ``uncovered`` names the domains it leaves out (default: their ids)."""
        self.readiness, self.message, self.uncovered = readiness, "", list(uncovered)
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        if self.readiness is None and not self.message:
            return 0
        return len(self.content(width).wrap(max(1, width)))

    def _bar(self, d: DomainReadiness, width: int) -> Content:
        name_w = max(12, min(30, width - 44))
        bar_w = max(8, width - name_w - 17)
        weight = f" ({d.printed_weight})" if d.printed_weight else ""
        name = f"{d.domain_id}. {d.name}{weight}"
        name = name if len(name) <= name_w else name[: name_w - 1] + "…"
        solid, band, empty = interval_bar(d.low, d.mastery, d.high, bar_w)
        style = "$success" if d.mastery >= 0.7 else ("$warning" if d.mastery >= 0.5 else "$error")
        figures = f" {percent(d.mastery):>4} ({round(100 * d.low)}–{percent(d.high)})"
        return (
            Content(f"{name:<{name_w}} ")
            + Content.styled(solid, style)
            + Content.styled(band, style)
            + Content.styled(empty, "$text-muted")
            + Content(figures)
        )

    def content(self, width: int) -> Content:
        r = self.readiness
        if r is None:
            return Content.styled(self.message, "$text-muted")
        if not r.domains:
            return Content(f"Readiness: the bank has no questions for {r.exam_id} yet.")
        lines = [Content.from_markup(summary_line(r).replace("P(pass)", "[b]P(pass)[/b]"))]
        lines += [self._bar(d, width) for d in r.domains]
        note = note_line(r, self.uncovered)
        if note:
            lines.append(Content.styled(note, "$text-muted"))
        return Content("\n").join(lines)

    def render(self) -> Content:
        return self.content(self.content_size.width or 78)
