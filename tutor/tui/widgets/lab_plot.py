"""The lab's two live plots: what the model looks like now, and the loss so far.

A plot is built once per frame it shows and kept as strips, one a line: the screen asks for
its lines when it paints, and a paint between two frames (another panel changed) reuses
them. Several ``show`` calls before one paint cost one build.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Self

from textual.geometry import Region
from textual.strip import Strip
from textual_plotext import PlotextPlot

from tutor.core import events as ev
from tutor.plain_text import visible
from tutor.plot_style import compact_y_ticks, drawing_order, mono_marker
from tutor.tui.ansi_strips import ansi_strips
from tutor.tui.terminal import Glyphs


class LabPlot(PlotextPlot):
    """A plot redrawn in place for every frame (``show``); nothing is drawn between frames."""

    ALLOW_SELECT = False  # a picture, not text to copy

    def __init__(self, glyphs: Glyphs, *, monochrome: bool, id: str) -> None:
        super().__init__(id=id, classes="lab-plot")
        self._glyphs = glyphs
        self._monochrome = monochrome
        self._shown: tuple[object, ...] | None = None
        self._strips: list[Strip] = []
        self._strips_of: tuple[object, ...] | None = None  # (size, theme) drawn; None: stale

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
        for index, one in drawing_order(series):
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
                marker = mono_marker(index)
            else:
                marker = self._glyphs.scatter_marker if scatter else self._glyphs.line_marker
            (plt.scatter if scatter else plt.plot)(xs, ys, label=visible(one.label), marker=marker)
        short = compact_y_ticks(series)
        if short:
            plt.yticks(*short)
        plt.title(visible(title))
        plt.xlabel(visible(x_label))
        plt.ylabel(visible(y_label))
        self.refresh()

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if repaint and not regions:
            self._strips_of = None  # a new picture, or its theme was registered: build again
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        drawn = (width, height, self.app.theme, self.theme)
        if drawn != self._strips_of:
            self._strips = self._draw(width, height)
            self._strips_of = drawn
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self.visual_style.rich_style)

    def _draw(self, width: int, height: int) -> list[Strip]:
        """The plot at this size, as plotext builds it, in strips over the widget's style."""
        plt = self.plt
        plt.plotsize(width, height)
        plt._set_size(width, height)  # as PlotextPlot.render does (textual-plotext issue 5)
        plt.theme(self._get_plotext_theme_name(self.app.theme))
        return ansi_strips(plt.build(), width, self.visual_style.rich_style)
