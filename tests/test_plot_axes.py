"""Both plot renderers honour a demo's log x axis: a sweep over orders of magnitude spreads
its points evenly instead of squashing them against the left edge."""

from __future__ import annotations

import asyncio
import itertools
import re

from textual.app import App, ComposeResult

from tutor.core import events as ev
from tutor.line.plots import plot_demo
from tutor.tui.terminal import ASCII
from tutor.tui.widgets.plot import DemoPlot

RATES = [0.0003, 0.003, 0.03, 0.3]


def _event(scale: ev.XScale | None) -> ev.Demo:
    loss = [4.6, 0.7, 0.69, 0.69]
    series = ev.PlotSeries("loss", RATES, loss, x_scale=scale or "linear")
    return ev.Demo("probe", None, None, "text", series=[series], x_label="learning rate")


def _ticks(chart: str) -> list[float]:
    """The x-axis tick labels: the last line of numbers under the plot frame."""
    lines = [line for line in chart.splitlines() if line.strip()]
    axis = next(line for line in reversed(lines) if re.search(r"\d", line))
    return [float(value) for value in re.findall(r"\d+\.\d+(?:e-?\d+)?", axis)]


def _spread_evenly_in_log(ticks: list[float]) -> bool:
    if len(ticks) < 3 or min(ticks) <= 0:
        return False
    ratios = [later / earlier for earlier, later in itertools.pairwise(ticks)]
    return max(ratios) / min(ratios) < 1.5


def test_line_mode_draws_a_log_axis_when_the_series_asks() -> None:
    log_ticks = _ticks(plot_demo(_event("log"), color=False))
    linear_ticks = _ticks(plot_demo(_event(None), color=False))
    assert _spread_evenly_in_log(log_ticks), log_ticks
    assert not _spread_evenly_in_log(linear_ticks), linear_ticks  # linear by default
    assert _ticks(plot_demo(_event("linear"), color=False)) == linear_ticks


class _PlotApp(App[None]):
    def __init__(self, event: ev.Demo) -> None:
        super().__init__()
        self.event = event

    def compose(self) -> ComposeResult:
        yield DemoPlot(self.event, ASCII, monochrome=True)


def _app_ticks(scale: ev.XScale | None) -> list[float]:
    async def run() -> list[float]:
        app = _PlotApp(_event(scale))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            plot = app.query_one(DemoPlot)
            lines = [
                "".join(segment.text for segment in plot.render_line(y))
                for y in range(plot.size.height)
            ]
            return _ticks("\n".join(lines))

    return asyncio.run(run())


def test_the_app_draws_a_log_axis_when_the_series_asks() -> None:
    log_ticks = _app_ticks("log")
    assert _spread_evenly_in_log(log_ticks), log_ticks
    assert not _spread_evenly_in_log(_app_ticks(None))
