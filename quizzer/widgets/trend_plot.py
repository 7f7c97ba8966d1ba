"""A line chart of scores over time (textual-plotext): one line per series, labelled x ticks."""

from __future__ import annotations

from collections.abc import Sequence

from textual_plotext import PlotextPlot


class TrendPlot(PlotextPlot):
    """Series drawn against attempt numbers, with optional tick labels and a target line."""

    def __init__(self, title: str, *, id: str | None = None):
        super().__init__(id=id)
        self.title = title
        self.lines: dict[str, list[tuple[float, float]]] = {}
        self.labels: list[tuple[float, str]] = []
        self.target: float | None = None
        self.y_range: tuple[float, float] | None = (0, 100)

    def on_mount(self) -> None:
        super().on_mount()
        self.redraw()

    def set_data(
        self,
        lines: dict[str, list[tuple[float, float]]],
        *,
        labels: Sequence[tuple[float, str]] = (),
        target: float | None = None,
        title: str | None = None,
    ) -> None:
        self.lines = lines
        self.labels = list(labels)
        self.target = target
        if title is not None:
            self.title = title
        self.redraw()

    def redraw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(self.title)
        xs_all = [x for points in self.lines.values() for x, _ in points]
        for name, points in self.lines.items():
            if points:
                plt.plot(
                    [x for x, _ in points], [y for _, y in points], label=name, marker="braille"
                )
        if self.target is not None and xs_all:
            plt.hline(self.target, "gray")
        if self.y_range is not None:
            plt.ylim(*self.y_range)
        if self.labels:
            step = max(1, len(self.labels) // 6)
            shown = self.labels[::step]
            plt.xticks([x for x, _ in shown], [label for _, label in shown])
        self.refresh()
