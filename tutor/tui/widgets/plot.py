"""A demo's plot drawn with textual-plotext. Imported on the first plot (plotext is heavy)."""

from __future__ import annotations

import math

from textual.theme import Theme
from textual_plotext import PlotextPlot

from tutor.core import events as ev
from tutor.plain_text import visible
from tutor.tui.terminal import Glyphs

# Without colour, series differ by their marker.
_MONO_MARKERS = ("•", "+", "x", "o", "*")


def _finite_points(series: ev.PlotSeries, log_x: bool = False) -> tuple[list[float], list[float]]:
    points = [
        (float(x), float(y))
        for x, y in zip(series.x, series.y, strict=False)
        if isinstance(x, int | float)
        and isinstance(y, int | float)
        and math.isfinite(x)
        and math.isfinite(y)
        and (x > 0 or not log_x)
    ]
    return [p[0] for p in points], [p[1] for p in points]


class DemoPlot(PlotextPlot):
    """Scatter and line series of one Demo event, with its title and axis labels."""

    def __init__(self, event: ev.Demo, glyphs: Glyphs, *, monochrome: bool) -> None:
        super().__init__(classes="demo-plot")
        self._event = event
        self._glyphs = glyphs
        self._monochrome = monochrome

    def on_mount(self) -> None:
        self._follow_theme(self.app.current_theme)
        self.app.theme_changed_signal.subscribe(self, self._follow_theme)
        plt = self.plt
        log_x = any(series.x_scale == "log" for series in self._event.series)
        for index, series in enumerate(self._event.series):
            xs, ys = _finite_points(series, log_x)
            if not xs:
                continue
            scatter = series.style == "scatter"
            if self._monochrome:
                marker = _MONO_MARKERS[index % len(_MONO_MARKERS)]
            else:
                marker = self._glyphs.scatter_marker if scatter else self._glyphs.line_marker
            draw = plt.scatter if scatter else plt.plot
            draw(xs, ys, label=visible(series.label), marker=marker)
        if log_x:
            plt.xscale("log")
        if self._event.title:
            plt.title(visible(self._event.title))
        plt.xlabel(visible(self._event.x_label))
        plt.ylabel(visible(self._event.y_label))

    def _follow_theme(self, theme: Theme) -> None:
        # Terminal-colour themes have no fixed RGB to derive a plot palette from; plotext's
        # colourless theme draws in the terminal's own colours instead.
        self.theme = "clear" if theme.ansi else "auto"
