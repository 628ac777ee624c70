"""How every front end draws a demo's series as a text plot (no UI library here).

A text plot has one character per cell, so whatever is drawn last wins: lines go first and
points on top, or a fitted line hides the very data it was fitted to. Without colour only
the marker tells series apart, so there is one distinct marker for each series a demo can
have (k-means' twelve clusters and their centroids).
"""

from __future__ import annotations

from collections.abc import Sequence

from tutor.core.events import PlotSeries

MONO_MARKERS = ("•", "+", "x", "o", "*", "#", "@", "%", "&", "$", "=", "~", "^")


def drawing_order(series: Sequence[PlotSeries]) -> list[tuple[int, PlotSeries]]:
    """The series with their index (for the marker), lines first and points last."""
    indexed = list(enumerate(series))
    return [pair for pair in indexed if pair[1].style != "scatter"] + [
        pair for pair in indexed if pair[1].style == "scatter"
    ]


def mono_marker(index: int) -> str:
    return MONO_MARKERS[index % len(MONO_MARKERS)]


def compact_y_ticks(
    series: Sequence[PlotSeries], count: int = 4
) -> tuple[list[float], list[str]] | None:
    """Short y tick labels (``3.5e+10``) when the values are too large for plain ones, which
    would take a third of an 80-column plot (``35446338019.2``); None when plain ones fit."""
    values = [y for one in series for y in one.y if y == y and abs(y) != float("inf")]
    if not values or max(abs(v) for v in values) < 1e5:
        return None
    low, high = min(values), max(values)
    if high == low:
        return [low], [f"{low:.1e}"]
    ticks = [low + (high - low) * i / (count - 1) for i in range(count)]
    return ticks, [f"{tick:.1e}" for tick in ticks]
