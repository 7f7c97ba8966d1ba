"""A live plot of lab metrics (loss or accuracy) drawn with textual-plotext."""

from __future__ import annotations

from textual_plotext import PlotextPlot


class CurvePlot(PlotextPlot):
    """Series of (step, value) points, redrawn whenever new points arrive."""

    def __init__(self, title: str, *, id: str | None = None):
        super().__init__(id=id)
        self.title = title
        self.series: dict[str, list[tuple[float, float]]] = {}

    def on_mount(self) -> None:
        super().on_mount()
        self.redraw()

    def set_series(self, series: dict[str, list[tuple[float, float]]]) -> None:
        self.series = series
        self.redraw()

    def redraw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(self.title)
        drawn = False
        for name, points in sorted(self.series.items()):
            finite = [(x, y) for x, y in points if y == y and abs(y) != float("inf")]
            if finite:
                plt.plot(
                    [x for x, _ in finite], [y for _, y in finite], label=name, marker="braille"
                )
                drawn = True
        if not drawn:
            plt.text("waiting for the first measurements…", 0, 0)
        self.refresh()
