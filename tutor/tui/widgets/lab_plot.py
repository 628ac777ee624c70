"""The lab's two live plots: what the model looks like now, and the loss so far."""

from __future__ import annotations

import math
from collections.abc import Sequence

from textual_plotext import PlotextPlot

from tutor.core import events as ev
from tutor.plain_text import visible
from tutor.tui.terminal import Glyphs

_MONO_MARKERS = ("•", "+", "x", "o", "*", "#")


class LabPlot(PlotextPlot):
    """A plot redrawn in place for every frame (``show``); nothing is drawn between frames."""

    def __init__(self, glyphs: Glyphs, *, monochrome: bool, id: str) -> None:
        super().__init__(id=id, classes="lab-plot")
        self._glyphs = glyphs
        self._monochrome = monochrome
        self._shown: tuple[object, ...] | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self.theme = "clear" if self.app.current_theme.ansi or self._monochrome else "auto"

    def show(
        self, series: Sequence[ev.PlotSeries], title: str, x_label: str = "", y_label: str = ""
    ) -> None:
        wanted = (tuple(series), title, x_label, y_label)
        if wanted == self._shown:
            return  # the same picture: nothing to redraw, nothing to send
        self._shown = wanted
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        for index, one in enumerate(series):
            points = [
                (x, y)
                for x, y in zip(one.x, one.y, strict=False)
                if math.isfinite(x) and math.isfinite(y)
            ]
            if not points:
                continue
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            scatter = one.style == "scatter"
            if self._monochrome:
                marker = _MONO_MARKERS[index % len(_MONO_MARKERS)]
            else:
                marker = self._glyphs.scatter_marker if scatter else self._glyphs.line_marker
            (plt.scatter if scatter else plt.plot)(xs, ys, label=visible(one.label), marker=marker)
        plt.title(visible(title))
        plt.xlabel(visible(x_label))
        plt.ylabel(visible(y_label))
        self.refresh()
