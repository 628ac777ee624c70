"""Text plots of demo series with plotext (imported on first plot)."""

from __future__ import annotations

import math
import os

from tutor.core import events as ev

_PLAIN_MARKERS = ("•", "+", "x", "o", "*", "#")


def plot_demo(event: ev.Demo, width: int = 72, height: int = 16, color: bool = True) -> str:
    import plotext as plt

    plt.clear_figure()
    plt.plot_size(width, height)
    if not color or os.environ.get("NO_COLOR"):
        plt.theme("clear")
    else:
        plt.theme("pro")
    plain = not color or bool(os.environ.get("NO_COLOR"))
    log_x = any(series.x_scale == "log" for series in event.series)
    for index, series in enumerate(event.series):
        points = [
            (x, y)
            for x, y in zip(series.x, series.y, strict=False)
            if math.isfinite(x) and math.isfinite(y) and (x > 0 or not log_x)
        ]
        if not points:
            continue
        xs, ys = zip(*points, strict=True)
        draw = plt.scatter if series.style == "scatter" else plt.plot
        # without colour, only the marker tells the series apart
        marker = _PLAIN_MARKERS[index % len(_PLAIN_MARKERS)] if plain else "braille"
        draw(list(xs), list(ys), label=series.label, marker=marker)
    if log_x:
        plt.xscale("log")
    if event.title:
        plt.title(event.title)
    plt.xlabel(event.x_label)
    plt.ylabel(event.y_label)
    chart = plt.build()
    if not color or os.environ.get("NO_COLOR"):
        from tutor.plain_text import strip_ansi

        chart = strip_ansi(chart)
    return chart
