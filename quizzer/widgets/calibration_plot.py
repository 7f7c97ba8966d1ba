"""Certainty against accuracy (textual-plotext): one line per group, and the band where each
certainty level earns the best expected CBM mark (calibrated answers fall inside it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual_plotext import PlotextPlot

COLORS = ["cyan", "magenta", "green", "orange", "blue", "red", "yellow"]
LEVEL_LABELS = [(1, "1 not very sure"), (2, "2 fairly sure"), (3, "3 very sure")]


class CalibrationPlot(PlotextPlot):
    """x: certainty 1-3; y: accuracy (%). Gray bars: the calibrated range of each level."""

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.title = "Accuracy (%) by certainty"
        self.series: dict[str, list[tuple[int, float]]] = {}
        self.optimal: Mapping[int, tuple[float, float]] = {}

    def on_mount(self) -> None:
        super().on_mount()
        self.redraw()

    def set_data(
        self,
        series: Mapping[str, Sequence[tuple[int, float]]],
        *,
        optimal: Mapping[int, tuple[float, float]],
        title: str | None = None,
    ) -> None:
        """``series``: name -> (certainty, accuracy %) points; ``optimal``: level -> (low, high)
        fractions."""
        self.series = {name: list(points) for name, points in series.items()}
        self.optimal = dict(optimal)
        if title is not None:
            self.title = title
        self.redraw()

    def redraw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(self.title)
        for level, (low, high) in self.optimal.items():
            plt.plot([level, level], [100 * low, 100 * high], color="gray", marker="braille")
        drawn = False
        for n, (name, points) in enumerate(self.series.items()):
            if points:
                xs = [x for x, _ in points]
                ys = [y for _, y in points]
                color = COLORS[n % len(COLORS)]
                plt.plot(xs, ys, label=name, marker="braille", color=color)
                plt.scatter(xs, ys, marker="●", color=color)
                drawn = True
        if not drawn:
            plt.text("no answers with a certainty yet", 1.2, 50)
        plt.xlim(0.8, 3.2)
        plt.ylim(0, 100)
        plt.yticks([0, 20, 40, 60, 80, 100])
        plt.xticks([x for x, _ in LEVEL_LABELS], [label for _, label in LEVEL_LABELS])
        self.refresh()
